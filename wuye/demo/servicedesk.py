"""Service-desk demo: six months of tickets (so the three-rates report has a trend), moved through
the ticket services at their event times — older ones closed after their return visit, complaints
classified and replied to, a few reopened by a dissatisfied return visit, recent ones left in
every state — and customer visits (走访), one opinion turned into a ticket.

Does nothing for a project that already has tickets / visits.
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import nullcontext

from django.utils import timezone

from wuye.demo.clock import frozen, quiet
from wuye.servicedesk import services
from wuye.servicedesk.models import CustomerVisit, ServiceMenuItem, Ticket

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
#: recent tickets left at each stage of the work, so every queue has something in it
OPEN_STAGES = [
    "received",
    "dispatched",
    "accepted",
    "in_progress",
    "completed",
    "customer_accepted",
    "return_visited",
    "cancelled",
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
        services.ticket_complete(
            ticket=ticket,
            acting_user=handler,
            result=RESULTS.get(ticket.category, "已处理完毕"),
            labour_hours="1",
            at=at,
        )
    ticket.refresh_from_db()
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
        services.ticket_return_visit(
            ticket=ticket,
            acting_user=assistant,
            solved=satisfaction != "dissatisfied",
            satisfaction=satisfaction,
            at=at,
            comment="" if satisfaction != "dissatisfied" else "客户反映问题仍未解决",
        )
    ticket.refresh_from_db()
    if ticket.status == "in_progress":  # reopened by the return visit: the work is redone, visited again
        with frozen(step(rng.randint(60, 300))) as at:
            services.ticket_complete(ticket=ticket, acting_user=handler, result="二次处理完毕", at=at)
        ticket.refresh_from_db()
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


def load_demo_tickets(
    project, *, assistant, engineer, supervisor, security=None, today: dt.date | None = None, seed: int = 7
) -> int:
    """Six months of tickets (so the three-rates report has a trend), moved through the real
    services at their event times: older ones closed after their return visit, recent ones left
    in every state. Does nothing for a project that already has tickets."""
    if Ticket.objects.filter(project=project).exists():
        return 0
    rng = random.Random(f"{seed}:{project.code}")
    office = project.code != "cuihu"
    requests = [r for r in (OFFICE_REQUESTS if office else REQUESTS) if security or r[0] != "security"]
    units = list(project.units.filter(status__in=["owner_occupied", "rented", "office"]).order_by("pk")[:80])
    areas = list(project.public_areas.order_by("pk"))
    paid_items = list(
        ServiceMenuItem.objects.filter(project=project, group="repair", pricing="fixed").order_by("pk")
    )
    now = timezone.now()
    today = today or timezone.localdate()
    start_day = today - dt.timedelta(days=30 * MONTHS_BACK + today.day)
    days = (today - start_day).days
    in_unit = [
        r for r in requests if r[0] in ("repair_in_unit", "complaint", "help", "suggestion") and not r[2]
    ]
    history = PER_MONTH.get(project.code, 8) * (MONTHS_BACK + 1)
    count = history + len(OPEN_STAGES) + (0 if office else 4)
    created = 0
    stages = iter(OPEN_STAGES)
    for i in range(count):
        category, content, urgent = requests[i % len(requests)]
        offset = int(i * (days - 6) / history)  # the history, up to a week ago
        received = timezone.make_aware(dt.datetime.combine(start_day + dt.timedelta(days=offset), dt.time(8)))
        received += dt.timedelta(minutes=rng.randint(0, 600))
        recent = i >= history
        if recent:  # the last few: about a unit, spread over the last days, each left at its stage
            category, content, urgent = in_unit[i % len(in_unit)]
            received = now - dt.timedelta(hours=(count - i) * 9 + rng.randint(1, 5))
        if received >= now:
            continue
        fields = {
            "content": content,
            "urgent": urgent,
            "contact_phone": f"139{rng.randint(10000000, 99999999)}",
            "contact_name": rng.choice(["王先生", "李女士", "张先生", "刘女士", "陈经理", "赵女士"]),
        }
        if category in ("repair_public", "security", "cleaning") and areas:
            fields["public_area"] = rng.choice(areas)
        elif units:
            fields["unit"] = rng.choice(units)
        if category == "consultation":
            fields["answer"] = ANSWERS["consultation"]
        if category == "paid_service":
            if not paid_items or "unit" not in fields:
                continue
            fields["service_item"] = rng.choice(paid_items)
        # the history alerts nobody today; the recent tickets notify their people as live ones do
        with nullcontext() if recent else quiet():
            with frozen(received) as at:
                ticket = services.ticket_create(
                    project=project, category=category, acting_user=assistant, at=at, **fields
                )
            created += 1
            if ticket.status != "closed":
                stage = next(stages, "closed") if recent else "closed"
                _work(
                    ticket,
                    stage,
                    received,
                    rng,
                    assistant=assistant,
                    engineer=engineer,
                    supervisor=supervisor,
                    security=security or assistant,
                    now=now,
                )
    return created


VISITS = [
    ("door_to_door", "satisfied", ""),
    ("phone", "very_satisfied", ""),
    ("in_person", "satisfied", "希望小区绿化多补种一些花卉"),
    ("door_to_door", "neutral", "楼道灯有时不亮"),
    ("phone", "satisfied", ""),
]


def load_customer_visits(project, *, assistant, today: dt.date | None = None) -> int:
    """客户走访 over the last months: key customers visited, one opinion turned into a ticket."""
    if CustomerVisit.objects.filter(project=project).exists():
        return 0
    today = today or timezone.localdate()
    units = list(project.units.filter(status__in=["owner_occupied", "office"]).order_by("pk")[:120:10])
    method_office = project.code != "cuihu"
    created = 0
    for i, unit in enumerate(units):
        method, satisfaction, opinion = VISITS[i % len(VISITS)]
        if method_office and method == "door_to_door":
            method = "office"
        day = today - dt.timedelta(days=8 + i * 15)
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(15, 30)))
        with frozen(at):
            services.customer_visit_create(
                project=project,
                method=method,
                acting_user=assistant,
                unit=unit,
                at=at,
                key_customer=i % 4 == 0,
                satisfaction=satisfaction,
                opinion=opinion,
                opinion_category="repair_public" if "不亮" in opinion else "",
            )
        created += 1
    return created
