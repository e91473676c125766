"""Service-desk demo: six months of tickets (so the three-rates report has a trend), each step at
its event time — older ones closed after their return visit, complaints classified and replied
to, a few reopened by a dissatisfied return visit (this closed history entered at once through
`ticket_history_import`, with the checks and deadline rules of the step services), recent ones
walked through the step services and left in every state — and customer visits (走访), one
opinion turned into a ticket.

Does nothing for a project that already has tickets / visits.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import F
from django.utils import timezone

from wuye.core import access
from wuye.demo import clock
from wuye.demo.clock import frozen, quiet
from wuye.demo.ticket_work import (
    ANSWERS,
    MONTHS_BACK,
    OFFICE_REQUESTS,
    PAID_SERVICES,
    PER_MONTH,
    RECENT,
    REQUESTS,
    _plan,
    _slot,
    _work,
)
from wuye.servicedesk import services
from wuye.servicedesk.choices import RETURN_VISIT_CATEGORIES
from wuye.servicedesk.models import ServiceMenuItem, Ticket

# (category, content, urgent); office requests are used for the office tower


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
    """Six months of tickets (so the three-rates report has a trend), each step at its event time:
    the history is finished (closed after its return visit; imported at once),
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
        for unit in project.units.filter(status__in=["owner_occupied", "rented", "office"]).order_by("pk")[
            :80
        ]
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
    pending: list[services.TicketHistory] = []
    for i in range(history + len(RECENT)):
        category, content, urgent = requests[i % len(requests)]
        recent = i >= history
        if recent:  # the last few: about a unit, on the last days, each left at its stage
            category, content, urgent = in_unit[i % len(in_unit)]
            stage, days_ago, hour, minute = RECENT[i - history]
            received = _slot(today, days_ago, hour, minute, now)
        else:
            stage = "closed"
            day = start_day + dt.timedelta(
                days=int(i * (days - 6) / history)
            )  # the history, up to a week ago
            if urgent and i // len(requests) % 3 == 1:  # now and then a burst pipe at night
                received = clock.moment(day, 22, rng.randint(0, 50))
            else:
                received = clock.moment(day, 8) + dt.timedelta(minutes=rng.randint(0, 600))
        if received >= now:
            continue
        if (recent or not billed and received >= billing_at) and pending:
            _import(project, pending)  # the history up to here, before billing reads it
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
        if not recent:  # the history, closed long ago, is entered at once (it alerts nobody today)
            pending.append(_history(project, category, content, fields, received, rng, team, now=now))
            created += 1
            continue
        # the recent tickets notify their people as live ones do
        with frozen(received) as at:
            ticket = services.ticket_create(
                project=project, category=category, acting_user=assistant, at=at, **fields
            )
        created += 1
        if ticket.status != "closed":
            _work(ticket, stage, received, rng, now=now, **team)
    _import(project, pending)
    with quiet():
        if not billed:
            _bill_paid_services(project, cashier, today=today, now=now)
        created += _paid_services(project, units, rng, months_back=0, today=today, now=now, **team)
        created += _resident_tickets(project, residents, rng, today=today, now=now, **team)
    return created


def _history(project, category, content, fields, received, rng, team, *, now, materials_fee=None):
    """A ticket closed long ago, planned step by step as `_work` walks one, to be imported."""
    facts = Ticket(  # what intake decides, for the plan: never saved
        project=project,
        category=category,
        unit=fields.get("unit"),
        department=services.intake_department(category=category, service_item=fields.get("service_item")),
        needs_return_visit=category in RETURN_VISIT_CATEGORIES,
    )
    steps = (
        []
        if fields.get("answer")
        else _plan(facts, "closed", received, rng, now=now, materials_fee=materials_fee, **team)
    )
    return services.TicketHistory(
        category=category,
        content=content,
        received_by=team["assistant"],
        received_at=received,
        steps=steps,
        intake={name: value for name, value in fields.items() if name != "content"},
    )


def _import(project, pending: list) -> None:
    services.ticket_history_import(project=project, histories=pending)
    pending.clear()


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
    closed: list[services.TicketHistory] = []
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
        fields = {
            "unit": rng.choice(units),
            "service_item": items[name],
            "contact_name": rng.choice(["王先生", "李女士", "张先生", "刘女士"]),
            "contact_phone": f"138{rng.randint(10000000, 99999999)}",
        }
        content = f"预约有偿服务：{name}"
        created += 1
        if received < now - dt.timedelta(days=3):  # done and visited: closed
            history = _history(
                project,
                "paid_service",
                content,
                fields,
                received,
                rng,
                team,
                now=now,
                materials_fee=materials,
            )
            closed.append(history)
            continue
        with frozen(received) as at:
            ticket = services.ticket_create(
                project=project,
                category="paid_service",
                content=content,
                acting_user=team["assistant"],
                at=at,
                **fields,
            )
        _work(ticket, "completed", received, rng, now=now, **team, materials_fee=materials)
    _import(project, closed)
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
