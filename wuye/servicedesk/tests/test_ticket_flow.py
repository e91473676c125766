"""The repair lifecycle end to end, at the service level, with deadlines and return visit."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from wuye.core.errors import BusinessRuleError
from wuye.servicedesk import selectors, services
from wuye.servicedesk.choices import EventKind, Status
from wuye.servicedesk.models import ReturnVisit, TicketEvent
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


@time_machine.travel(at(2026, 11, 26, 18), tick=False)
def test_repair_lifecycle_with_deadlines(desk):
    t0 = at(2026, 11, 26, 9)
    ticket = desk.repair(at=t0)
    assert ticket.status == Status.RECEIVED and ticket.first_contact == desk.assistant
    assert ticket.department == "engineering" and ticket.needs_return_visit
    rows = {r["step"]: r for r in selectors.deadline_rows(ticket, as_of=t0)}
    assert rows["dispatch"]["due_at"] == t0 + dt.timedelta(minutes=10)
    assert rows["dispatch"]["state"] == "pending"
    services.ticket_dispatch(
        ticket=ticket, department="engineering", acting_user=desk.assistant, at=t0 + dt.timedelta(minutes=8)
    )
    services.ticket_accept(ticket=ticket, acting_user=desk.engineer, at=t0 + dt.timedelta(minutes=12))
    services.ticket_start(ticket=ticket, acting_user=desk.engineer, at=t0 + dt.timedelta(minutes=25))
    services.ticket_complete(
        ticket=ticket,
        acting_user=desk.engineer,
        result="更换阀芯",
        labour_hours="0.5",
        at=t0 + dt.timedelta(hours=1),
    )
    ticket.refresh_from_db()
    rows = {r["step"]: r for r in selectors.deadline_rows(ticket, as_of=t0 + dt.timedelta(hours=2))}
    assert rows["dispatch"]["state"] == "met"
    assert rows["on_site"]["due_at"] == t0 + dt.timedelta(minutes=18)
    assert rows["on_site"]["state"] == "late"  # on site 25 min after intake, due 10 min after dispatch
    assert rows["return_visit"]["due_at"] == at(2026, 11, 27, 10)  # one working day after completion
    assert rows["return_visit"]["state"] == "pending"
    visit = ReturnVisit.objects.get(ticket=ticket)
    assert visit.assigned_to == desk.assistant
    with pytest.raises(BusinessRuleError):
        services.ticket_close(ticket=ticket, acting_user=desk.assistant)
    services.ticket_return_visit(
        ticket=ticket,
        acting_user=desk.assistant,
        solved=True,
        satisfaction="very_satisfied",
        at=t0 + dt.timedelta(hours=3),
    )
    services.ticket_close(ticket=ticket, acting_user=desk.assistant, at=t0 + dt.timedelta(hours=3, minutes=1))
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and ticket.rework_count == 0
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("to_status", flat=True))
    assert kinds == [
        "received",
        "dispatched",
        "accepted",
        "in_progress",
        "completed",
        "return_visited",
        "closed",
    ]


def test_consultation_answered_on_the_spot_closes(desk):
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="consultation",
        content="物业费怎么交？",
        answer="可在服务中心或线上缴纳。",
    )
    assert ticket.status == Status.CLOSED and ticket.answer
    assert not ticket.deadlines.exists()


def test_customer_rejection_is_rework_and_counted(desk):
    ticket = desk.through_completion(desk.repair())
    services.ticket_customer_accept(
        ticket=ticket, acting_user=desk.assistant, accepted=False, comment="还在漏"
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS and ticket.rework_count == 1
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.REWORK).count() == 1
    services.ticket_complete(ticket=ticket, acting_user=desk.engineer, result="更换整个龙头")
    services.ticket_customer_accept(ticket=ticket, acting_user=desk.assistant, accepted=True)
    ticket.refresh_from_db()
    assert ticket.status == Status.CUSTOMER_ACCEPTED and ticket.rework_count == 1
    assert ReturnVisit.objects.filter(ticket=ticket).count() == 1


@pytest.mark.parametrize(
    ("solved", "satisfaction", "reopened"),
    [
        (True, "very_satisfied", False),
        (True, "satisfied", False),
        (True, "neutral", False),
        (True, "dissatisfied", True),
        (False, "satisfied", True),
    ],
)
def test_return_visit_reopens_when_unsolved_or_dissatisfied(desk, solved, satisfaction, reopened):
    ticket = desk.through_completion(desk.repair())
    services.ticket_return_visit(
        ticket=ticket, acting_user=desk.assistant, solved=solved, satisfaction=satisfaction
    )
    ticket.refresh_from_db()
    assert (ticket.status == Status.IN_PROGRESS) is reopened
    assert ticket.rework_count == (1 if reopened else 0)
    if reopened:
        services.ticket_complete(ticket=ticket, acting_user=desk.engineer, result="再次处理")
        assert ReturnVisit.objects.filter(ticket=ticket, done_at__isnull=True).count() == 1


def test_paid_repair_fee_is_kept_as_receivable(desk):
    from wuye.servicedesk.models import ServiceMenuItem

    item = ServiceMenuItem.objects.create(
        project=desk.project,
        group="repair",
        name="疏通下水道（主管）",
        pricing="fixed",
        price_min=Decimal("120.00"),
        price_text="120元/次（人工）",
        labour_only=True,
    )
    ticket = desk.repair(service_item=item)
    assert ticket.is_paid
    services.ticket_dispatch(ticket=ticket, department="engineering", acting_user=desk.assistant)
    services.ticket_accept(ticket=ticket, acting_user=desk.engineer)
    services.ticket_start(ticket=ticket, acting_user=desk.engineer)
    services.ticket_complete(
        ticket=ticket, acting_user=desk.engineer, result="已疏通", materials="疏通剂", materials_fee="15.50"
    )
    ticket.refresh_from_db()
    assert (ticket.labour_fee, ticket.materials_fee, ticket.fee) == (
        Decimal("120.00"),
        Decimal("15.50"),
        Decimal("135.50"),
    )
    # a labour-only menu price: materials come on top as the customer was told, no reason needed
    assert ticket.quoted_fee == Decimal("120.00") and ticket.fee_change_reason == ""


def test_event_times_cannot_go_backwards_or_into_the_future(desk):
    t0 = at(2026, 11, 20, 9)
    ticket = desk.repair(at=t0)
    with pytest.raises(BusinessRuleError) as exc:
        services.ticket_dispatch(
            ticket=ticket,
            department="engineering",
            acting_user=desk.assistant,
            at=t0 - dt.timedelta(minutes=1),
        )
    assert exc.value.code == "event_before_previous_step"
    with pytest.raises(BusinessRuleError):
        desk.repair(at=dt.datetime.now(tz=t0.tzinfo) + dt.timedelta(hours=1))
