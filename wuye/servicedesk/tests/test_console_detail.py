"""The ticket page and its action forms: scope (404), roles (403), each action through its service,
and bad input shown as a readable error with nothing changed."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from wuye.accounts.choices import Role
from wuye.core.tests.factories import UnitFactory, resident_user, staff
from wuye.servicedesk import services
from wuye.servicedesk.choices import EventKind, Status
from wuye.servicedesk.models import DeadlineExtension, ReturnVisit, Ticket, TicketEvent
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def url(ticket, action=""):
    return f"/tickets/{ticket.pk}/{action + '/' if action else ''}"


def post(client, ticket, action, **data):
    return client.post(url(ticket, action), {f"{action}-{k}": v for k, v in data.items()})


def form_of(response, name):
    return next(a["form"] for a in response.context["actions"] if a["name"] == name)


def events(ticket):
    return TicketEvent.objects.filter(ticket=ticket).count()


def refreshed(ticket):
    return Ticket.objects.get(pk=ticket.pk)


# --- the page ----------------------------------------------------------------------------------------


def test_detail_shows_timeline_deadlines_people_and_forms(client, desk):
    ticket = desk.repair()
    client.force_login(desk.assistant)
    response = client.get(url(ticket))
    assert response.status_code == 200
    page = response.content.decode()
    assert ticket.number in page and ticket.content in page and str(desk.assistant) in page
    assert 'class="timeline"' in page and 'class="deadlines"' in page
    names = [a["name"] for a in response.context["actions"]]
    assert "dispatch" in names and "escalate" in names and "handover" in names
    assert "accept" not in names and "cancel" not in names  # not dispatched yet; assistants do not cancel
    assert next(a for a in response.context["actions"] if a["name"] == "dispatch")["open"]
    assert [r["step"] for r in response.context["deadline_rows"]] == ["dispatch"]


def test_supervisor_sees_cancel_and_extend(client, desk):
    ticket = desk.repair()
    client.force_login(desk.supervisor)
    names = [a["name"] for a in client.get(url(ticket)).context["actions"]]
    assert {"cancel", "extend", "dispatch"} <= set(names)


def test_engineer_sees_only_what_an_engineer_may_do(client, desk):
    ticket = desk.repair()
    services.ticket_dispatch(
        ticket=ticket, department="engineering", assignee=desk.engineer, acting_user=desk.assistant
    )
    client.force_login(desk.engineer)
    actions = client.get(url(ticket)).context["actions"]
    names = [a["name"] for a in actions]
    assert names[0] == "accept" and actions[0]["open"]
    assert "cancel" not in names and "return_visit" not in names and "classify" not in names
    assert "dispatch" in names  # the assigned handler may pass it on


def test_other_projects_ticket_is_404(client, desk):
    ticket = desk.repair()
    other = Desk()
    client.force_login(other.supervisor)
    assert client.get(url(ticket)).status_code == 404
    assert post(client, ticket, "cancel", reason="x").status_code == 404
    assert refreshed(ticket).status == Status.RECEIVED


def test_residents_get_403_and_anonymous_the_login(client, desk):
    ticket = desk.repair()
    assert client.get(url(ticket)).status_code == 302
    client.force_login(resident_user(owner=desk.owner))
    assert client.get(url(ticket)).status_code == 403


def test_unknown_action_is_404_and_get_is_not_allowed(client, desk):
    ticket = desk.repair()
    client.force_login(desk.supervisor)
    assert client.post(url(ticket, "explode")).status_code == 404
    assert client.get(url(ticket, "cancel")).status_code == 405


def test_do_parameter_opens_and_focuses_that_form(client, desk):
    ticket = desk.through_completion(desk.repair())
    client.force_login(desk.assistant)
    response = client.get(url(ticket), {"do": "return_visit"})
    action = next(a for a in response.context["actions"] if a["name"] == "return_visit")
    assert action["open"]
    assert 'id="return_visit" open' in response.content.decode()
    assert "autofocus" in str(action["form"])


# --- the lifecycle through the forms -----------------------------------------------------------------


def test_repair_lifecycle_through_the_forms(client, desk):
    ticket = desk.repair()
    client.force_login(desk.assistant)
    response = post(
        client, ticket, "dispatch", department="engineering", assignee=desk.engineer.pk, note="尽快"
    )
    assert response.status_code == 302 and response["Location"] == url(ticket)
    ticket = refreshed(ticket)
    assert (ticket.status, ticket.department, ticket.assignee) == (
        Status.DISPATCHED,
        "engineering",
        desk.engineer,
    )

    client.force_login(desk.engineer)
    assert post(client, ticket, "accept").status_code == 302
    assert post(client, ticket, "start", note="到场").status_code == 302
    response = post(
        client,
        ticket,
        "complete",
        result="更换阀芯",
        labour_hours="0.5",
        materials="阀芯 ×1",
        labour_fee="30",
        materials_fee="12.50",
    )
    assert response.status_code == 302
    ticket = refreshed(ticket)
    assert ticket.status == Status.COMPLETED and ticket.labour_hours == Decimal("0.5")
    assert ticket.materials == "阀芯 ×1" and ticket.answer == "更换阀芯"

    response = client.post(url(ticket, "customer"), {"decision": "accept", "customer-comment": "满意"})
    assert response.status_code == 302 and refreshed(ticket).status == Status.CUSTOMER_ACCEPTED

    client.force_login(desk.assistant)
    response = post(
        client, ticket, "return_visit", solved="1", satisfaction="satisfied", method="phone", comment="很好"
    )
    assert response.status_code == 302
    visit = ReturnVisit.objects.get(ticket=ticket)
    assert (visit.solved, visit.satisfaction, visit.done_by) == (True, "satisfied", desk.assistant)
    assert post(client, ticket, "close", answer="已回访").status_code == 302
    assert refreshed(ticket).status == Status.CLOSED
    page = client.get(url(ticket)).content.decode()
    assert page.count('class="ev ev-') == 8  # intake + seven transitions on the timeline


def test_customer_rejection_goes_back_as_rework(client, desk):
    ticket = desk.through_completion(desk.repair())
    client.force_login(desk.engineer)
    before = events(ticket)
    response = client.post(url(ticket, "customer"), {"decision": "reject", "customer-comment": ""})
    assert response.status_code == 200 and form_of(response, "customer").errors["comment"]
    assert refreshed(ticket).status == Status.COMPLETED and events(ticket) == before
    response = client.post(url(ticket, "customer"), {"decision": "reject", "customer-comment": "还在滴水"})
    assert response.status_code == 302
    ticket = refreshed(ticket)
    assert ticket.status == Status.IN_PROGRESS and ticket.rework_count == 1


def test_dissatisfied_return_visit_reopens(client, desk):
    ticket = desk.through_completion(desk.repair())
    client.force_login(desk.assistant)
    post(
        client,
        ticket,
        "return_visit",
        solved="1",
        satisfaction="dissatisfied",
        method="phone",
        comment="态度差",
    )
    ticket = refreshed(ticket)
    assert ticket.status == Status.IN_PROGRESS and ticket.rework_count == 1
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.REOPEN).exists()


def test_consultation_closed_with_an_answer(client, desk):
    ticket = services.ticket_create(
        project=desk.project, acting_user=desk.assistant, category="consultation", content="停车怎么办卡？"
    )
    client.force_login(desk.assistant)
    response = client.get(url(ticket))
    assert next(a for a in response.context["actions"] if a["open"])["name"] == "close"
    response = post(client, ticket, "close", answer="")
    assert response.status_code == 200 and form_of(response, "close").errors["answer"]
    assert post(client, ticket, "close", answer="到服务中心办理").status_code == 302
    assert refreshed(ticket).status == Status.CLOSED


# --- readable errors, nothing changed ----------------------------------------------------------------


def test_dispatch_to_someone_outside_the_department(client, desk):
    ticket = desk.repair()
    client.force_login(desk.assistant)
    response = post(client, ticket, "dispatch", department="engineering", assignee=desk.security.pk)
    assert response.status_code == 200
    assert form_of(response, "dispatch").errors["assignee"]
    assert "errorlist" in response.content.decode()
    assert refreshed(ticket).status == Status.RECEIVED and events(ticket) == 1


def test_dispatch_to_a_stranger_is_a_form_error(client, desk):
    ticket = desk.repair()
    stranger = Desk().engineer
    client.force_login(desk.assistant)
    response = post(client, ticket, "dispatch", department="engineering", assignee=stranger.pk)
    assert form_of(response, "dispatch").errors["assignee"]
    assert refreshed(ticket).status == Status.RECEIVED


def test_accept_by_the_wrong_engineer_is_refused(client, desk):
    ticket = desk.repair()
    services.ticket_dispatch(
        ticket=ticket, department="engineering", assignee=desk.engineer, acting_user=desk.assistant
    )
    client.force_login(desk.engineer2)
    response = post(client, ticket, "accept")
    assert response.status_code == 200
    assert form_of(response, "accept").non_field_errors()
    assert refreshed(ticket).status == Status.DISPATCHED


def test_action_in_the_wrong_status_is_a_readable_error(client, desk):
    ticket = desk.repair()
    client.force_login(desk.engineer)
    response = post(client, ticket, "complete", result="done")
    assert response.status_code == 200
    assert form_of(response, "complete").non_field_errors()
    assert refreshed(ticket).status == Status.RECEIVED


def test_complete_needs_a_result_and_no_negative_amounts(client, desk):
    ticket = desk.repair()
    services.ticket_start(ticket=ticket, acting_user=desk.engineer)
    client.force_login(desk.engineer)
    response = post(client, ticket, "complete", result="", labour_hours="-1")
    form = form_of(response, "complete")
    assert form.errors["result"] and form.errors["labour_hours"]
    response = post(client, ticket, "complete", result="修好了", labour_fee="-5")
    assert form_of(response, "complete").errors["labour_fee"]
    assert refreshed(ticket).status == Status.IN_PROGRESS


def test_close_before_the_return_visit_is_refused(client, desk):
    ticket = desk.through_completion(desk.repair())
    client.force_login(desk.assistant)
    response = post(client, ticket, "close", answer="好了")
    assert response.status_code == 200 and form_of(response, "close").non_field_errors()
    assert refreshed(ticket).status == Status.COMPLETED


def test_return_visit_needs_satisfaction(client, desk):
    ticket = desk.through_completion(desk.repair())
    client.force_login(desk.assistant)
    response = post(client, ticket, "return_visit", solved="1", method="phone")
    assert form_of(response, "return_visit").errors["satisfaction"]
    assert refreshed(ticket).status == Status.COMPLETED


@time_machine.travel(at(2026, 11, 26, 12), tick=False)
def test_event_time_for_paper_records(client, desk):
    ticket = desk.repair(at=at(2026, 11, 26, 9))
    client.force_login(desk.assistant)
    response = post(client, ticket, "dispatch", department="engineering", at="2026-11-27T09:00")
    assert form_of(response, "dispatch").errors["at"]  # in the future
    response = post(client, ticket, "dispatch", department="engineering", at="2026-11-26T08:00")
    assert form_of(response, "dispatch").errors["at"]  # before the intake
    assert refreshed(ticket).status == Status.RECEIVED
    assert (
        post(client, ticket, "dispatch", department="engineering", at="2026-11-26T09:05").status_code == 302
    )
    assert refreshed(ticket).dispatched_at == at(2026, 11, 26, 9, 5)


# --- permissions (403, nothing changed) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("role_attr", "action", "data"),
    [
        ("assistant", "cancel", {"reason": "重复"}),
        ("engineer", "return_visit", {"solved": "1", "satisfaction": "satisfied", "method": "phone"}),
        ("engineer", "dispatch", {"department": "engineering"}),
        ("engineer", "handover", {"to_user": "1"}),
        ("assistant", "extend", {"step": "dispatch", "new_due_at": "2030-01-01T10:00", "reason": "x"}),
        ("assistant", "classify", {"validity": "valid", "severity": "minor"}),
        ("security", "close", {"answer": "x"}),
    ],
)
def test_roles_without_the_permission_get_403(client, desk, role_attr, action, data):
    ticket = desk.complaint(contact_phone="13900001111")
    client.force_login(getattr(desk, role_attr))
    before = events(ticket)
    assert post(client, ticket, action, **data).status_code == 403
    assert refreshed(ticket).status == Status.RECEIVED and events(ticket) == before


# --- the other actions --------------------------------------------------------------------------------


def test_cancel_with_reason(client, desk):
    ticket = desk.repair()
    client.force_login(desk.supervisor)
    response = post(client, ticket, "cancel", reason="")
    assert form_of(response, "cancel").errors["reason"]
    assert post(client, ticket, "cancel", reason="业主撤销").status_code == 302
    ticket = refreshed(ticket)
    assert ticket.status == Status.CANCELLED and ticket.cancel_reason == "业主撤销"


def test_escalate(client, desk):
    ticket = desk.repair()
    client.force_login(desk.assistant)
    assert post(client, ticket, "escalate", reason="两次未到场", level="").status_code == 302
    assert refreshed(ticket).escalation_level == 1
    response = post(client, ticket, "escalate", reason="again", level="1")
    assert form_of(response, "escalate").errors["level"]  # not a higher level: not offered
    assert refreshed(ticket).escalation_level == 1
    assert post(client, ticket, "escalate", reason="经理处理", level="2").status_code == 302
    assert refreshed(ticket).escalation_level == 2


def test_handover_of_first_contact_duty(client, desk):
    ticket = desk.repair()
    client.force_login(desk.assistant)
    response = post(client, ticket, "handover", to_user=desk.engineer.pk, reason="x")
    assert form_of(response, "handover").errors["to_user"]
    assert post(client, ticket, "handover", to_user=desk.assistant2.pk, reason="下班交接").status_code == 302
    assert refreshed(ticket).first_contact == desk.assistant2
    # the former first contact no longer holds the duty and is not a supervisor
    assert post(client, ticket, "handover", to_user=desk.assistant.pk).status_code == 403


def test_extend_deadline(client, desk):
    ticket = desk.repair()
    due = ticket.deadlines.get(step="dispatch").due_at
    client.force_login(desk.supervisor)
    earlier = (due - dt.timedelta(hours=1)).astimezone(at(2026, 1, 1).tzinfo).strftime("%Y-%m-%dT%H:%M")
    response = post(client, ticket, "extend", step="dispatch", new_due_at=earlier, reason="等材料")
    assert form_of(response, "extend").errors["new_due_at"]
    later = (due + dt.timedelta(hours=2)).astimezone(at(2026, 1, 1).tzinfo).strftime("%Y-%m-%dT%H:%M")
    response = post(client, ticket, "extend", step="dispatch", new_due_at=later, reason="等材料")
    assert response.status_code == 302
    assert DeadlineExtension.objects.get().approved_by == desk.supervisor


def test_extending_an_important_complaint_needs_management(client, desk):
    ticket = desk.complaint(contact_phone="13900001111", urgent=True)  # proposed: important
    step = ticket.deadlines.get(step="complaint_important")
    client.force_login(desk.supervisor)
    later = (step.due_at + dt.timedelta(days=1)).astimezone(at(2026, 1, 1).tzinfo).strftime("%Y-%m-%dT%H:%M")
    response = post(client, ticket, "extend", step="complaint_important", new_due_at=later, reason="x")
    assert (
        response.status_code == 403 and form_of(response, "extend").non_field_errors()
    )  # shown, not a bare 403
    assert not DeadlineExtension.objects.exists()
    client.force_login(desk.manager)  # seed 000 §7: not the project manager — the management department
    assert (
        post(client, ticket, "extend", step="complaint_important", new_due_at=later, reason="x").status_code
        == 403
    )
    client.force_login(staff(Role.COMPANY_MANAGER, None))
    assert (
        post(
            client, ticket, "extend", step="complaint_important", new_due_at=later, reason="需要协调"
        ).status_code
        == 302
    )


def test_classify_and_link_a_complaint(client, desk):
    ticket = desk.complaint(contact_phone="13900001111")
    client.force_login(desk.supervisor)
    page = client.get(url(ticket)).content.decode()
    assert 'class="card complaint-card"' in page
    response = post(client, ticket, "classify", validity="valid", severity="")
    assert form_of(response, "classify").errors["severity"]
    assert (
        post(client, ticket, "classify", validity="valid", severity="important", note="影响使用").status_code
        == 302
    )
    ticket = refreshed(ticket)
    assert (ticket.validity, ticket.severity, ticket.classified_by) == ("valid", "important", desk.supervisor)
    response = post(client, ticket, "incident", title="")
    assert form_of(response, "incident").errors["title"]
    assert post(client, ticket, "incident", title="11月25日停水").status_code == 302
    assert refreshed(ticket).incident.title == "11月25日停水"


def test_classify_is_only_for_complaints(client, desk):
    ticket = desk.repair()
    client.force_login(desk.supervisor)
    response = post(client, ticket, "classify", validity="valid", severity="minor")
    assert response.status_code == 200 and form_of(response, "classify").non_field_errors()


def test_contractor_notice_for_a_house_defect(client, desk):
    unit = UnitFactory(building=desk.unit.building, warranty_end=dt.date(2099, 1, 1))
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="house_defect",
        unit=unit,
        content="外墙渗水",
    )
    client.force_login(desk.assistant)
    response = client.get(url(ticket))
    assert "contractor" in [a["name"] for a in response.context["actions"]]
    assert (
        post(client, ticket, "contractor", contractor_name="某建筑公司", notice="请于3日内维修").status_code
        == 302
    )
    assert refreshed(ticket).contractor_notified_at is not None


def test_detail_query_count(client, desk, django_assert_max_num_queries):
    ticket = desk.through_completion(desk.repair())
    for i in range(3):
        services.ticket_escalate(ticket=ticket, acting_user=desk.assistant, reason=f"催办{i}")
    client.force_login(desk.supervisor)
    with django_assert_max_num_queries(16):
        assert client.get(url(ticket)).status_code == 200


def test_accept_is_offered_only_to_the_departments_staff(client, desk):
    ticket = desk.repair()
    services.ticket_dispatch(ticket=ticket, department="engineering", acting_user=desk.assistant)
    client.force_login(desk.security)
    assert "accept" not in [a["name"] for a in client.get(url(ticket)).context["actions"]]
    response = post(client, ticket, "accept")  # posted anyway: the service refuses, readably
    assert response.status_code == 200 and form_of(response, "accept").non_field_errors()
    assert refreshed(ticket).status == Status.DISPATCHED
    client.force_login(desk.engineer2)
    assert "accept" in [a["name"] for a in client.get(url(ticket)).context["actions"]]
