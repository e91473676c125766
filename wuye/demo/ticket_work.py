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
    """Walk one ticket from intake up to `stage` ("closed" for the whole life), every step at its time."""
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

    def step(minutes: float) -> dt.datetime:
        nonlocal t
        t = min(t + dt.timedelta(minutes=minutes), now - dt.timedelta(minutes=1))
        return t

    if stage == "cancelled":
        with frozen(step(20)) as at:
            services.ticket_cancel(
                ticket=ticket, acting_user=supervisor, reason="客户来电取消：问题已自行解决", at=at
            )
        return
    if target == 0:
        return
    department = ticket.department or "customer_service"
    handler = _handler(department, assistant=assistant, engineer=engineer, security=security)
    late = rng.random() < 0.06  # now and then a step runs over its deadline
    with frozen(step(rng.choice([2, 4, 6, 8]) + (12 if late else 0))) as at:
        services.ticket_dispatch(ticket=ticket, department=department, acting_user=assistant, at=at)
    if ticket.category == "complaint":
        severity = "important" if rng.random() < 0.3 else "minor"
        with frozen(step(3)) as at:
            services.complaint_classify(
                ticket=ticket, validity="valid", severity=severity, acting_user=supervisor, at=at
            )
        if hasattr(services, "complaint_record_opinion"):
            with frozen(step(2)) as at:
                services.complaint_record_opinion(
                    ticket=ticket, opinion="请相关部门当日处理并回复客户。", acting_user=supervisor, at=at
                )
    if target < 2:
        return
    with frozen(step(rng.randint(1, 3))) as at:
        services.ticket_accept(ticket=ticket, acting_user=handler, at=at)
    if target < 3:
        return
    with frozen(step(rng.randint(2, 5))) as at:
        services.ticket_start(ticket=ticket, acting_user=handler, at=at)
    if target < 4:
        return
    with frozen(step(rng.randint(30, 240) + (900 if late else 0))) as at:
        ticket = services.ticket_complete(
            ticket=ticket,
            acting_user=handler,
            result=RESULTS.get(ticket.category, "已处理完毕"),
            labour_hours="1",
            materials_fee=materials_fee,
            materials="按实际用料" if materials_fee else "",
            at=at,
        )
    if ticket.category == "complaint" and hasattr(services, "ticket_reply"):
        with frozen(step(30)) as at:
            services.ticket_reply(
                ticket=ticket,
                kind=CustomerReply.Kind.RESULT,
                channel=CustomerReply.Channel.PHONE,
                content=RESULTS["complaint"],
                acting_user=assistant,
                at=at,
            )
    if (
        target >= 5
        and ticket.unit_id
        and (ticket.category.startswith("repair") or stage == "customer_accepted")
    ):
        signer = engineer if handler is engineer else assistant
        with frozen(step(10)) as at:
            services.ticket_customer_accept(ticket=ticket, acting_user=signer, at=at, comment="客户签字确认")
    if target < 6:
        return
    if not ticket.needs_return_visit:
        if stage == "closed":
            with frozen(step(20)) as at:
                services.ticket_close(ticket=ticket, acting_user=assistant, at=at)
        return
    satisfaction = rng.choice(SATISFACTION)
    with frozen(step(rng.randint(120, 1200))) as at:
        ticket = services.ticket_return_visit(
            ticket=ticket,
            acting_user=assistant,
            solved=satisfaction != "dissatisfied",
            satisfaction=satisfaction,
            at=at,
            comment="" if satisfaction != "dissatisfied" else "客户反映问题仍未解决",
        )
    if ticket.status == "in_progress":  # reopened by the return visit: the work is redone, visited again
        with frozen(step(rng.randint(60, 300))) as at:
            ticket = services.ticket_complete(
                ticket=ticket, acting_user=handler, result="二次处理完毕", at=at
            )
        if ticket.category == "complaint" and hasattr(services, "ticket_reply"):
            with frozen(step(20)) as at:
                services.ticket_reply(
                    ticket=ticket,
                    kind=CustomerReply.Kind.RESULT,
                    acting_user=assistant,
                    at=at,
                    channel=CustomerReply.Channel.PHONE,
                    content="二次处理完毕，已告知客户。",
                )
        with frozen(step(rng.randint(120, 600))) as at:
            services.ticket_return_visit(
                ticket=ticket, acting_user=assistant, solved=True, satisfaction="satisfied", at=at
            )
    if stage == "closed":
        with frozen(step(30)) as at:
            services.ticket_close(ticket=ticket, acting_user=assistant, at=at)


def _slot(today: dt.date, days_ago: int, hour: int, minute: int, now: dt.datetime) -> dt.datetime:
    """An office-hours moment `days_ago` before today; a day earlier when that is not past yet
    (the demo run early in the morning)."""
    at = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, minute)))
    while at > now - dt.timedelta(minutes=15):
        at -= dt.timedelta(days=1)
    return at
