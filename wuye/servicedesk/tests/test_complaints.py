"""Complaint rules (seed 000 §7): validity, severity, five customers, seven days, deadlines, approvals."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from wuye.accounts.choices import Role
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tests.factories import UnitFactory, staff
from wuye.notifications.models import Notification
from wuye.servicedesk import selectors, services
from wuye.servicedesk.models import DeadlineExtension
from wuye.servicedesk.sweep import sweep
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def steps(ticket, as_of=None):
    return {r["step"]: r for r in selectors.deadline_rows(ticket, as_of=as_of)}


def test_new_complaint_is_proposed_minor_with_half_day_deadline(desk):
    t0 = at(2026, 11, 26, 9)
    with time_machine.travel(t0 + dt.timedelta(minutes=5), tick=False):
        ticket = desk.complaint(at=t0, unit=desk.unit)
    assert ticket.proposed_severity == "minor" and ticket.severity == ""
    # seed 000 §7: "限半日内处理完毕" — half a day, on the clock (the centre serves 365 days a year)
    row = steps(ticket)["complaint_minor"]
    assert row["due_at"] == at(2026, 11, 26, 21) and (row["amount"], row["unit"]) == (12, "hours")


def test_urgent_complaint_is_proposed_important_and_supervisor_told_at_once(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = desk.complaint(unit=desk.unit, urgent=True)
    assert ticket.proposed_severity == "important"
    assert Notification.objects.filter(recipient=desk.supervisor, ticket=ticket).exists()
    rows = steps(ticket)
    assert rows["report_superior"]["state"] == "met"


@pytest.mark.parametrize(
    ("validity", "severity", "steps_expected"),
    [
        ("valid", "minor", {"complaint_minor"}),
        ("valid", "important", {"complaint_important"}),
        ("valid", "major", {"complaint_major_reply", "complaint_major_resolve"}),
        ("invalid", "", {"complaint_minor"}),
        ("assist", "", {"complaint_minor"}),
    ],
)
def test_classification_sets_deadlines(desk, validity, severity, steps_expected):
    ticket = desk.complaint(unit=desk.unit)
    services.complaint_classify(
        ticket=ticket, validity=validity, severity=severity, acting_user=desk.supervisor
    )
    ticket.refresh_from_db()
    assert ticket.validity == validity and ticket.severity == severity
    assert {s for s in steps(ticket) if s.startswith("complaint_")} == steps_expected
    assert ticket.classified_by == desk.supervisor


def test_major_complaint_deadlines_are_calendar_days_even_over_national_day(desk):
    """Seed 000 §7: "应当在2日内给投诉的客户明确答复，解决时间不宜超过15日" — plain days; seed 001 promises
    service 365 days a year, so National Day does not stop the clock."""
    t0 = at(2026, 9, 30, 10)
    with time_machine.travel(t0 + dt.timedelta(hours=1), tick=False):
        ticket = desk.complaint(at=t0, unit=desk.unit)
        services.complaint_classify(
            ticket=ticket, validity="valid", severity="major", acting_user=desk.supervisor
        )
    rows = steps(ticket)
    assert rows["complaint_major_reply"]["due_at"] == at(2026, 10, 2, 10)
    assert rows["complaint_major_resolve"]["due_at"] == at(2026, 10, 15, 10)
    assert rows["complaint_major_reply"]["unit"] == "days" and rows["complaint_major_reply"]["rule"]


def test_a_project_may_count_major_complaints_in_working_days(desk):
    """Working days stay a per-project choice per step (issue 8)."""
    desk.project.settings = {
        "servicedesk": {
            "deadlines": {
                "complaint_major_reply": [2, "working_days"],
                "complaint_major_resolve": [15, "working_days"],
            }
        }
    }
    desk.project.save()
    t0 = at(2026, 9, 30, 10)
    with time_machine.travel(t0 + dt.timedelta(hours=1), tick=False):
        ticket = desk.complaint(at=t0, unit=desk.unit)
        services.complaint_classify(
            ticket=ticket, validity="valid", severity="major", acting_user=desk.supervisor
        )
    rows = steps(ticket)
    assert rows["complaint_major_reply"]["due_at"] == at(2026, 10, 9, 10)  # Oct 1–7 off; Oct 8, 9 working
    # 15 working days: Oct 8, 9, Saturday Oct 10 (adjusted working day), 12–16, 19–23, 26, 27
    assert rows["complaint_major_resolve"]["due_at"] == at(2026, 10, 27, 10)
    assert rows["complaint_major_resolve"]["unit"] == "working_days"


def test_only_supervisor_or_manager_classifies(desk):
    ticket = desk.complaint(unit=desk.unit)
    for user in (desk.assistant, desk.engineer, desk.security):
        with pytest.raises(PermissionDeniedError):
            services.complaint_classify(ticket=ticket, validity="valid", severity="minor", acting_user=user)
    with pytest.raises(ValidationError):
        services.complaint_classify(ticket=ticket, validity="valid", severity="", acting_user=desk.supervisor)
    with pytest.raises(BusinessRuleError):
        services.complaint_classify(
            ticket=desk.repair(), validity="valid", severity="minor", acting_user=desk.supervisor
        )


def test_five_distinct_customers_make_the_incident_major(desk, django_capture_on_commit_callbacks):
    units = [desk.unit] + [UnitFactory(building=desk.unit.building) for _ in range(4)]
    first = desk.complaint(unit=units[0])
    incident = services.complaint_link_incident(ticket=first, acting_user=desk.assistant, title="3号楼停水")
    tickets = [first]
    # the same customer complaining twice counts once
    again = desk.complaint(unit=units[0])
    services.complaint_link_incident(ticket=again, acting_user=desk.assistant, incident=incident)
    for unit in units[1:4]:
        t = desk.complaint(unit=unit)
        services.complaint_link_incident(ticket=t, acting_user=desk.assistant, incident=incident)
        tickets.append(t)
    incident.refresh_from_db()
    assert incident.raised_to_major_at is None
    assert all(t.proposed_severity != "major" for t in tickets)
    services.complaint_classify(ticket=first, validity="valid", severity="minor", acting_user=desk.supervisor)
    fifth = desk.complaint(contact_phone="13900001111")  # a customer identified by phone
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_link_incident(ticket=fifth, acting_user=desk.assistant, incident=incident)
    incident.refresh_from_db()
    assert incident.raised_to_major_at is not None
    for t in tickets + [again, fifth]:
        t.refresh_from_db()
        assert t.proposed_severity == "major"
    assert first.severity == "major"  # the classified valid one is raised, with its major deadlines
    assert "complaint_major_resolve" in steps(first)
    assert Notification.objects.filter(recipient=desk.manager, kind="complaint_severity").exists()


def test_valid_complaint_open_seven_days_becomes_major_by_sweep(desk):
    t0 = at(2026, 11, 2, 10)
    with time_machine.travel(t0 + dt.timedelta(minutes=1), tick=False):
        ticket = desk.complaint(at=t0, unit=desk.unit)
        services.complaint_classify(
            ticket=ticket, validity="valid", severity="minor", acting_user=desk.supervisor
        )
    with time_machine.travel(at(2026, 11, 9, 9, 59), tick=False):
        assert sweep().complaints_raised == 0
    with time_machine.travel(at(2026, 11, 9, 10, 1), tick=False):
        assert sweep().complaints_raised == 1
        assert sweep().complaints_raised == 0  # idempotent
    ticket.refresh_from_db()
    assert ticket.severity == "major"


def test_invalid_complaint_is_not_raised(desk):
    t0 = at(2026, 11, 2, 10)
    with time_machine.travel(t0, tick=False):
        ticket = desk.complaint(at=t0, unit=desk.unit)
        services.complaint_classify(ticket=ticket, validity="invalid", acting_user=desk.supervisor)
    with time_machine.travel(at(2026, 11, 20), tick=False):
        assert sweep().complaints_raised == 0


@pytest.mark.parametrize(
    ("severity", "approver", "allowed"),
    [
        ("minor", "supervisor", True),
        ("minor", "assistant", False),
        ("important", "supervisor", False),
        # seed 000 §7: "重要投诉…超时需经管理部经理批准" — the company's management department
        ("important", "manager", False),
        ("important", "company_manager", True),
    ],
)
def test_extension_needs_the_named_approval(desk, severity, approver, allowed):
    ticket = desk.complaint(unit=desk.unit)
    services.complaint_classify(
        ticket=ticket, validity="valid", severity=severity, acting_user=desk.supervisor
    )
    step = f"complaint_{severity}"
    current = ticket.deadlines.get(step=step).due_at
    new = current + dt.timedelta(days=1)
    user = staff(Role.COMPANY_MANAGER, None) if approver == "company_manager" else getattr(desk, approver)
    if allowed:
        deadline = services.ticket_extend_deadline(
            ticket=ticket, step=step, new_due_at=new, reason="业主出差", acting_user=user
        )
        assert deadline.due_at == new and deadline.original_due_at == current
        ext = DeadlineExtension.objects.get(deadline=deadline)
        assert (ext.approved_by, ext.previous_due_at, ext.reason) == (user, current, "业主出差")
    else:
        with pytest.raises(BusinessRuleError) as exc:
            services.ticket_extend_deadline(
                ticket=ticket, step=step, new_due_at=new, reason="x", acting_user=user
            )
        assert exc.value.code == "extension_needs_approval"


def test_extension_must_be_later_and_give_a_reason(desk):
    ticket = desk.repair()
    due = ticket.deadlines.get(step="dispatch").due_at
    with pytest.raises(ValidationError):
        services.ticket_extend_deadline(
            ticket=ticket,
            step="dispatch",
            new_due_at=due - dt.timedelta(minutes=1),
            reason="x",
            acting_user=desk.supervisor,
        )
    with pytest.raises(ValidationError):
        services.ticket_extend_deadline(
            ticket=ticket,
            step="dispatch",
            new_due_at=due + dt.timedelta(hours=1),
            reason="",
            acting_user=desk.supervisor,
        )
    with pytest.raises(ValidationError):
        services.ticket_extend_deadline(
            ticket=ticket,
            step="nonsense",
            new_due_at=due + dt.timedelta(hours=1),
            reason="x",
            acting_user=desk.supervisor,
        )
