"""How a demo ticket is worked to a stage with the real services, at believable times."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from wuye.demo.clock import frozen
from wuye.servicedesk import services

# (category, content, urgent); office requests are used for the office tower


REQUESTS = [
    ("repair_in_unit", "厨房水龙头漏水，需要上门维修", False),
    ("repair_in_unit", "卫生间下水道堵塞", False),
    ("repair_in_unit", "卫生间爆管，水漫到客厅", True),
    ("repair_public", "2单元电梯按钮失灵", False),
    ("repair_public", "地下车库B区照明灯不亮", False),
    ("complaint", "楼上装修噪音太大，中午也在施工", False),
    ("complaint", "小区垃圾清运不及时，有异味", False),
    ("suggestion", "建议在1号楼门口增加快递柜", False),
    ("help", "老人忘带钥匙，请协助联系家属", False),
    ("consultation", "物业费可以按季度缴纳吗？", False),
    ("security", "地库有陌生人徘徊", False),
    ("cleaning", "3号楼楼道有装修垃圾未清理", False),
    ("paid_service", "预约疏通马桶", False),
]
OFFICE_REQUESTS = [
    ("repair_in_unit", "办公室空调不制冷", False),
    ("repair_in_unit", "会议室灯管闪烁，需要更换", False),
    ("repair_public", "12层男卫生间感应龙头失灵", False),
    ("repair_public", "A座3号电梯门关闭异常", True),
    ("complaint", "午间大堂保洁作业影响通行", False),
    ("suggestion", "建议延长周末空调供应时间", False),
    ("consultation", "周末加班空调如何申请？", False),
    ("cleaning", "茶水间地面有积水", False),
    ("help", "访客车辆需要临时登记", False),
]
ANSWERS = {"consultation": "已在电话中答复客户（按物业服务中心公示的规定办理）。"}
RESULTS = {
    "complaint": "已与相关方沟通并整改，向客户说明了处理结果。",
    "suggestion": "建议已记录并报项目经理，答复客户将纳入下季度改进计划。",
    "help": "已协助客户处理完毕。",
}
SATISFACTION = ["very_satisfied"] * 3 + ["satisfied"] * 5 + ["neutral", "dissatisfied"]
#: how far the history goes back, and tickets per month
MONTHS_BACK = 6
PER_MONTH = {"cuihu": 8, "guomao": 3}
#: the last few days, a plausible morning on the workbench: (stage, days ago, hour, minute). Older
#: ones are done; a few are overdue (a call not dispatched since yesterday evening, a return visit
#: left over), a few due today (yesterday's completions await their return visit), today's are new
RECENT = [
    ("closed", 4, 9, 15),
    ("closed", 3, 10, 40),
    ("return_visited", 3, 14, 5),
    ("customer_accepted", 2, 9, 50),
    ("completed", 2, 15, 20),
    ("closed", 2, 16, 45),
    ("completed", 1, 10, 30),
    ("in_progress", 1, 14, 10),
    ("accepted", 1, 16, 30),
    ("dispatched", 1, 17, 40),
    ("received", 1, 18, 50),
    ("cancelled", 0, 8, 20),
    ("dispatched", 0, 8, 45),
    ("received", 0, 9, 10),
]
#: stages a recent ticket can be left at (every status of a ticket)
OPEN_STAGES = sorted({stage for stage, *_ in RECENT} - {"closed"})
#: paid services of the menu (seed 002) done last month and this month: (menu item name, materials fee)
PAID_SERVICES = [
    ("安装空调", None),
    ("抽油烟机清洁", None),
    ("修理、更换水龙头", "45.00"),
    ("疏通下水道（主管）", None),
    ("排气扇清洁", None),
    ("空调加雪种", None),
    ("空调机隔尘网清洁", None),
]


def _handler(department: str, *, assistant, engineer, security):
    if department == "engineering":
        return engineer
    if department == "security":
        return security
    return assistant


def _work(
    ticket,
    stage: str,
    t: dt.datetime,
    rng: random.Random,
    *,
    assistant,
    engineer,
    supervisor,
    security,
    now: dt.datetime,
    materials_fee=None,
) -> None:
    """Walk one ticket from intake up to `stage` ("closed" for the whole life), every step at its
    time, through the step services (a clock frozen at each step)."""
    steps = _plan(
        ticket,
        stage,
        t,
        rng,
        assistant=assistant,
        engineer=engineer,
        supervisor=supervisor,
        security=security,
        now=now,
        materials_fee=materials_fee,
    )
    actions = {
        "cancel": services.ticket_cancel,
        "dispatch": services.ticket_dispatch,
        "classify": services.complaint_classify,
        "opinion": services.complaint_record_opinion,
        "accept": services.ticket_accept,
        "start": services.ticket_start,
        "complete": services.ticket_complete,
        "reply": services.ticket_reply,
        "customer_accept": services.ticket_customer_accept,
        "return_visit": services.ticket_return_visit,
        "close": services.ticket_close,
    }
    for step in steps:
        with frozen(step.at) as at:
            actions[step.action](ticket=ticket, acting_user=step.actor, at=at, **step.args)


def _plan(
    ticket,
    stage: str,
    t: dt.datetime,
    rng: random.Random,
    *,
    assistant,
    engineer,
    supervisor,
    security,
    now: dt.datetime,
    materials_fee=None,
) -> list[services.TicketStep]:
    """The steps of one ticket from intake up to `stage`, at believable times. `ticket` needs only
    what intake decided (category, department, unit, whether a return visit is due), so a ticket
    not written yet (a history to import) is planned the same way."""
    from wuye.servicedesk.models import CustomerReply

    order = [
        "received",
        "dispatched",
        "accepted",
        "in_progress",
        "completed",
        "customer_accepted",
        "return_visited",
        "closed",
    ]
    target = order.index(stage) if stage in order else 0
    steps: list[services.TicketStep] = []

    def step(minutes: float) -> dt.datetime:
        nonlocal t
        t = min(t + dt.timedelta(minutes=minutes), now - dt.timedelta(minutes=1))
        return t

    def add(action: str, actor, at: dt.datetime, **args) -> None:
        steps.append(services.TicketStep(action, actor, at, args))

    if stage == "cancelled":
        add("cancel", supervisor, step(20), reason="客户来电取消：问题已自行解决")
        return steps
    if target == 0:
        return steps
    department = ticket.department or "customer_service"
    handler = _handler(department, assistant=assistant, engineer=engineer, security=security)
    late = rng.random() < 0.06  # now and then a step runs over its deadline
    add("dispatch", assistant, step(rng.choice([2, 4, 6, 8]) + (12 if late else 0)), department=department)
    if ticket.category == "complaint":
        severity = "important" if rng.random() < 0.3 else "minor"
        add("classify", supervisor, step(3), validity="valid", severity=severity)
        add("opinion", supervisor, step(2), opinion="请相关部门当日处理并回复客户。")
    if target < 2:
        return steps
    add("accept", handler, step(rng.randint(1, 3)))
    if target < 3:
        return steps
    add("start", handler, step(rng.randint(2, 5)))
    if target < 4:
        return steps
    add(
        "complete",
        handler,
        step(rng.randint(30, 240) + (900 if late else 0)),
        result=RESULTS.get(ticket.category, "已处理完毕"),
        labour_hours="1",
        materials_fee=materials_fee,
        materials="按实际用料" if materials_fee else "",
    )
    if ticket.category == "complaint":
        add(
            "reply",
            assistant,
            step(30),
            kind=CustomerReply.Kind.RESULT,
            channel=CustomerReply.Channel.PHONE,
            content=RESULTS["complaint"],
        )
    if (
        target >= 5
        and ticket.unit_id
        and (ticket.category.startswith("repair") or stage == "customer_accepted")
    ):
        signer = engineer if handler is engineer else assistant
        add("customer_accept", signer, step(10), comment="客户签字确认")
    if target < 6:
        return steps
    if not ticket.needs_return_visit:
        if stage == "closed":
            add("close", assistant, step(20))
        return steps
    satisfaction = rng.choice(SATISFACTION)
    solved = satisfaction != "dissatisfied"
    add(
        "return_visit",
        assistant,
        step(rng.randint(120, 1200)),
        solved=solved,
        satisfaction=satisfaction,
        comment="" if solved else "客户反映问题仍未解决",
    )
    if not solved:  # reopened by the return visit: the work is redone, visited again
        add("complete", handler, step(rng.randint(60, 300)), result="二次处理完毕")
        if ticket.category == "complaint":
            add(
                "reply",
                assistant,
                step(20),
                kind=CustomerReply.Kind.RESULT,
                channel=CustomerReply.Channel.PHONE,
                content="二次处理完毕，已告知客户。",
            )
        add("return_visit", assistant, step(rng.randint(120, 600)), solved=True, satisfaction="satisfied")
    if stage == "closed":
        add("close", assistant, step(30))
    return steps


def _slot(today: dt.date, days_ago: int, hour: int, minute: int, now: dt.datetime) -> dt.datetime:
    """An office-hours moment `days_ago` before today; a day earlier when that is not past yet
    (the demo run early in the morning)."""
    at = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, minute)))
    while at > now - dt.timedelta(minutes=15):
        at -= dt.timedelta(days=1)
    return at
