"""Service-desk demo: six months of tickets (so the three-rates report has a trend), moved through
the ticket services at their event times — older ones closed after their return visit, complaints
classified and replied to, a few reopened by a dissatisfied return visit, recent ones left in
every state — and customer visits (走访), one opinion turned into a ticket.

Does nothing for a project that already has tickets / visits.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from contextlib import nullcontext

from django.db.models import F
from django.utils import timezone

from wuye.core import access
from wuye.demo import clock
from wuye.demo.clock import frozen, quiet
from wuye.servicedesk import services
from wuye.servicedesk.models import ButlerArea, CustomerVisit, DeskDuty, ServiceMenuItem, Ticket

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
        services.ticket_complete(
            ticket=ticket,
            acting_user=handler,
            result=RESULTS.get(ticket.category, "已处理完毕"),
            labour_hours="1",
            materials_fee=materials_fee,
            materials="按实际用料" if materials_fee else "",
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


def _slot(today: dt.date, days_ago: int, hour: int, minute: int, now: dt.datetime) -> dt.datetime:
    """An office-hours moment `days_ago` before today; a day earlier when that is not past yet
    (the demo run early in the morning)."""
    at = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, minute)))
    while at > now - dt.timedelta(minutes=15):
        at -= dt.timedelta(days=1)
    return at


def load_demo_tickets(
    project,
    *,
    assistant,
    engineer,
    supervisor,
    security=None,
    cashier=None,
    residents=(),
    today: dt.date | None = None,
    seed: int = 7,
) -> int:
    """Six months of tickets (so the three-rates report has a trend), moved through the real
    services at their event times: the history is finished (closed after its return visit),
    received in office hours (an urgent night call now and then); the last few days are left in
    every state. Then the paid services of the last two months (`cashier` bills last month's) and
    the tickets of the resident logins (`residents`). Does nothing for a project that already has
    tickets."""
    if Ticket.objects.filter(project=project).exists():
        return 0
    rng = random.Random(f"{seed}:{project.code}")
    office = project.code != "cuihu"
    requests = [r for r in (OFFICE_REQUESTS if office else REQUESTS) if security or r[0] != "security"]
    logins = {unit_id for user in residents for unit_id in access.resident_unit_ids(user)}
    units = [
        unit
        for unit in project.units.filter(status__in=["owner_occupied", "rented", "office"]).order_by("pk")[:80]
        if unit.pk not in logins
    ]
    areas = list(project.public_areas.order_by("pk"))
    paid_items = list(
        ServiceMenuItem.objects.filter(project=project, group="repair", pricing="fixed").order_by("pk")
    )
    now = timezone.now()
    today = today or timezone.localdate()
    team = {
        "assistant": assistant,
        "engineer": engineer,
        "supervisor": supervisor,
        "security": security or assistant,
    }
    start_day = today - dt.timedelta(days=30 * MONTHS_BACK + today.day)
    days = (today - start_day).days
    in_unit = [
        r for r in requests if r[0] in ("repair_in_unit", "complaint", "help", "suggestion") and not r[2]
    ]
    history = PER_MONTH.get(project.code, 8) * (MONTHS_BACK + 1)
    with quiet():
        created = _paid_services(project, units, rng, months_back=1, today=today, now=now, **team)
    billed = cashier is None  # last month's paid services are billed on this month's first morning
    billing_at = clock.moment(clock.month_start(today), 8, 30)
    for i in range(history + len(RECENT)):
        category, content, urgent = requests[i % len(requests)]
        recent = i >= history
        if recent:  # the last few: about a unit, on the last days, each left at its stage
            category, content, urgent = in_unit[i % len(in_unit)]
            stage, days_ago, hour, minute = RECENT[i - history]
            received = _slot(today, days_ago, hour, minute, now)
        else:
            stage = "closed"
            day = start_day + dt.timedelta(days=int(i * (days - 6) / history))  # the history, up to a week ago
            if urgent and i // len(requests) % 3 == 1:  # now and then a burst pipe at night
                received = clock.moment(day, 22, rng.randint(0, 50))
            else:
                received = clock.moment(day, 8) + dt.timedelta(minutes=rng.randint(0, 600))
        if received >= now:
            continue
        if not billed and received >= billing_at:
            with quiet():
                _bill_paid_services(project, cashier, today=today, now=now)
            billed = True
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
                _work(ticket, stage, received, rng, now=now, **team)
    with quiet():
        if not billed:
            _bill_paid_services(project, cashier, today=today, now=now)
        created += _paid_services(project, units, rng, months_back=0, today=today, now=now, **team)
        created += _resident_tickets(project, residents, rng, today=today, now=now, **team)
    return created


def _paid_services(project, units, rng, *, months_back: int, today, now, **team) -> int:
    """Paid services of the menu done in the month `months_back` before this one (the month-end
    repair-fee sheet): engineering and cleaning jobs at the published price (a labour-only price
    plus materials)."""
    items = {i.name: i for i in ServiceMenuItem.objects.filter(project=project, name__in=dict(PAID_SERVICES))}
    if not items or not units:
        return 0
    first = clock.month_start(today, months_back)
    spread = 26 if months_back else (today - first).days
    created = 0
    for n, (name, materials) in enumerate(PAID_SERVICES):
        if name not in items:
            continue
        day = first + dt.timedelta(days=min(spread, 2 + n * spread // len(PAID_SERVICES)))
        received = clock.moment(day, 8, 30) + dt.timedelta(minutes=rng.randint(0, 240))
        while received + dt.timedelta(hours=4) >= now and timezone.localtime(received).date() > first:
            received -= dt.timedelta(days=1)  # not done yet: a day earlier
        if received + dt.timedelta(hours=4) >= now:  # the 1st's morning: the office hours gone by
            received = clock.moment(first, 8, 0) + dt.timedelta(minutes=10 * n)
            if received >= now - dt.timedelta(minutes=20):
                continue
        with frozen(received) as at:
            ticket = services.ticket_create(
                project=project,
                category="paid_service",
                content=f"预约有偿服务：{name}",
                acting_user=team["assistant"],
                unit=rng.choice(units),
                service_item=items[name],
                contact_name=rng.choice(["王先生", "李女士", "张先生", "刘女士"]),
                contact_phone=f"138{rng.randint(10000000, 99999999)}",
                at=at,
            )
        stage = "closed" if received < now - dt.timedelta(days=3) else "completed"
        _work(ticket, stage, received, rng, now=now, **team, materials_fee=materials)
        created += 1
    return created


def _bill_paid_services(project, cashier, *, today, now) -> None:
    """This month's first morning: billing charges the completed paid services (the last months'),
    and the customers pay them over the next days — all but one, still owed."""
    from wuye.billing import services as billing
    from wuye.billing.models import Charge

    this_month = clock.month_start(today)
    before = Charge.objects.filter(project=project).order_by("-pk").values_list("pk", flat=True).first() or 0
    with frozen(clock.moment(this_month, 8, 30)):
        billing.charge_tickets(project=project, acting_user=cashier)
    charges = list(  # what prepayment credit did not settle at once
        Charge.objects.filter(project=project, pk__gt=before, ticket__isnull=False, allocated__lt=F("amount"))
        .select_related("unit")
        .order_by("pk")
    )
    for n, charge in enumerate(charges[:-1]):  # the last one still owed
        at = clock.moment(min(this_month + dt.timedelta(days=n % 3), today), 10 + n // 12, 5 * n % 60)
        if at >= now:
            continue
        method = ("wechat", "cash", "alipay")[n % 3]
        with frozen(at):
            billing.payment_create(
                unit=charge.unit,
                method=method,
                amount=charge.amount - charge.allocated,
                idempotency_key=f"demo:service:{charge.pk}",
                acting_user=cashier,
                charge_ids=[charge.pk],
                received_at=at,
                reference="" if method == "cash" else f"FW{at:%Y%m%d}{charge.pk:08d}",
                payer=charge.unit.code,
            )


#: (login, category, content, stage, days ago, hour, minute, reported through the portal)
RESIDENT_TICKETS = [
    ("owner", "repair_in_unit", "阳台地漏返异味，请派人查看", "closed", 41, 10, 20, False),
    ("owner", "consultation", "物业费可以开具电子发票吗？", "closed", 9, 15, 5, False),
    ("owner", "repair_in_unit", "主卧空调冷凝水管滴水，外墙有水渍", "accepted", 1, 19, 40, True),
    ("tenant", "repair_in_unit", "厨房下水慢，疑似堵塞", "completed", 3, 18, 15, True),
]


def _resident_tickets(project, residents, rng, *, today, now, **team) -> int:
    """The owner's and the tenant's own tickets: taken by phone, or reported through the portal
    (the resident is the intake user; the area butler follows it up)."""
    logins = {user.username: user for user in residents}
    created = 0
    for login, category, content, stage, days_ago, hour, minute, portal in RESIDENT_TICKETS:
        user = logins.get(login)
        unit_id = next(iter(access.resident_unit_ids(user)), None) if user else None
        if unit_id is None:
            continue
        unit = project.units.filter(pk=unit_id).first()
        if unit is None:
            continue
        received = _slot(today, days_ago, hour, minute, now)
        fields = {"answer": ANSWERS["consultation"]} if category == "consultation" else {}
        if not portal:
            fields.update(contact_name=user.display_name, contact_phone=user.mobile or "")
        with frozen(received) as at:
            ticket = services.ticket_create(
                project=project,
                category=category,
                content=content,
                unit=unit,
                acting_user=user if portal else team["assistant"],
                at=at,
                **fields,
            )
        created += 1
        if ticket.status != "closed":
            _work(ticket, stage, received, rng, now=now, **team)
    return created


def load_desk_rota(project, *, assistants, supervisor, today: dt.date, butlers: bool = True) -> Counter:
    """The supervisor's rota: an area butler (片区管家) for most buildings (the last one is left to
    the desk) and the assistant on desk duty for today and the next 6 days. Does nothing for a
    project that already has butlers or duty days."""
    if not assistants or (
        ButlerArea.objects.filter(project=project).exists() or DeskDuty.objects.filter(project=project).exists()
    ):
        return Counter()
    counts = Counter()
    if butlers:
        buildings = list(project.buildings.order_by("number", "pk"))
        for n, building in enumerate(buildings[: max(len(buildings) - 1, 1)]):
            services.butler_area_set(building=building, user=assistants[n % len(assistants)], acting_user=supervisor)
            counts["area butlers"] += 1
    for n in range(7):
        day = today + dt.timedelta(days=n)
        services.desk_duty_set(project=project, day=day, user=assistants[n % len(assistants)], acting_user=supervisor)
        counts["desk duty days"] += 1
    return counts


VISITS = [
    ("door_to_door", "satisfied", ""),
    ("phone", "very_satisfied", ""),
    ("in_person", "satisfied", "希望小区绿化多补种一些花卉"),
    ("door_to_door", "neutral", "楼道灯有时不亮"),
    ("phone", "satisfied", ""),
]


def load_customer_visits(project, *, assistant, today: dt.date | None = None, **team) -> int:
    """客户走访 over the last months: key customers visited, one opinion turned into a ticket —
    worked and closed since when `team` (engineer, supervisor, security) is given."""
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
            visit = services.customer_visit_create(
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
        if team:
            with quiet():
                for ticket in visit.tickets.exclude(status__in=["closed", "cancelled"]):
                    rng = random.Random(f"visit:{ticket.pk}")
                    _work(ticket, "closed", at, rng, now=timezone.now(), assistant=assistant, **team)
    return created
