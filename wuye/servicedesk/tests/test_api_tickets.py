"""API: /api/v1/tickets/ — intake, list filters, as_of, every action (401/404/403/happy/400), concurrency."""

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
import time_machine
from django.db import OperationalError, connection
from django.db.backends.signals import connection_created
from rest_framework.authtoken.models import Token
from rest_framework.test import APIRequestFactory

from wuye.accounts.choices import Role
from wuye.core.errors import BusinessRuleError
from wuye.core.tests.api import ERROR_KEYS, assert_error, post  # noqa: F401  (shared by this module's tests)
from wuye.core.tests.factories import OwnershipFactory, UnitFactory, resident_user, staff
from wuye.notifications.models import Notification
from wuye.servicedesk import services
from wuye.servicedesk.api.views import TicketViewSet
from wuye.servicedesk.choices import EventKind, Status
from wuye.servicedesk.models import ComplaintIncident, DeadlineExtension, Ticket, TicketEvent
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db

API = "/api/v1/tickets/"
NOW = at(2026, 11, 26, 18)  # a Thursday; deadlines in working days stay inside the calendar's years
T0 = at(2026, 11, 26, 9)
DEADLINE_KEYS = {"step", "label", "due_at", "met_at", "state", "amount", "unit", "rule"}


def iso(value: dt.datetime) -> str:
    return value.isoformat()


def url(ticket=None, action: str | None = None) -> str:
    if ticket is None:
        return API
    pk = ticket if isinstance(ticket, int) else ticket.pk
    return f"{API}{pk}/{action}/" if action else f"{API}{pk}/"


@pytest.fixture(autouse=True)
def frozen_now(request):
    """Most tests run at NOW; the threaded ones use the real clock."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        yield
        return
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def desk():
    return Desk()


@pytest.fixture
def other():
    """A second project with its own staff: nothing of `desk` exists for them."""
    return Desk()


# --- ticket states the actions start from --------------------------------------------------------


def received(desk):
    return desk.repair(at=T0)


def dispatched(desk):
    ticket = desk.repair(at=T0)
    services.ticket_dispatch(
        ticket=ticket, department="engineering", acting_user=desk.assistant, at=T0 + dt.timedelta(minutes=5)
    )
    return ticket


def accepted(desk):
    ticket = dispatched(desk)
    services.ticket_accept(ticket=ticket, acting_user=desk.engineer, at=T0 + dt.timedelta(minutes=10))
    return ticket


def in_progress(desk):
    ticket = accepted(desk)
    services.ticket_start(ticket=ticket, acting_user=desk.engineer, at=T0 + dt.timedelta(minutes=15))
    return ticket


def completed(desk):
    return desk.through_completion(desk.repair(at=T0), start=T0)


def complaint(desk):
    return desk.complaint(at=T0, unit=desk.unit)


# action, a valid payload, the state it starts from
ACTIONS = {
    "dispatch": ({"department": "engineering"}, received),
    "accept": ({}, dispatched),
    "start": ({}, accepted),
    "complete": ({"result": "更换阀芯"}, in_progress),
    "customer-accept": ({"accepted": True}, completed),
    "return-visit": ({"solved": True, "satisfaction": "satisfied"}, completed),
    "escalate": ({"reason": "业主催促"}, received),
    "extend-deadline": (
        {"step": "dispatch", "new_due_at": iso(T0 + dt.timedelta(hours=2)), "reason": "等配件"},
        received,
    ),
    "classify": ({"validity": "valid", "severity": "minor"}, complaint),
    "cancel": ({"reason": "业主撤销"}, received),
    "close": ({"answer": "已答复"}, completed),
    "handover": (None, received),  # payload needs a user: built in the test
    "incident": ({"title": "地库停电"}, complaint),
}


def payload_for(action, desk):
    data, _ = ACTIONS[action]
    if action == "handover":
        return {"to_user": desk.assistant2.pk, "reason": "调班"}
    return data


# --- 401 / 404 / 403 ------------------------------------------------------------------------------


def test_anonymous_is_refused_everywhere(api_client, desk):
    ticket = received(desk)
    assert_error(api_client.get(API), 401, "not_authenticated")
    assert_error(api_client.get(url(ticket)), 401)
    assert_error(post(api_client, API, {"category": "consultation", "content": "?"}), 401)
    for action in ACTIONS:
        assert_error(post(api_client, url(ticket, action), payload_for(action, desk)), 401)


@pytest.mark.parametrize("action", list(ACTIONS))
def test_other_project_gets_404_for_every_action(login, desk, other, action):
    _, state = ACTIONS[action]
    ticket = state(desk)
    before = Ticket.objects.get(pk=ticket.pk).status
    client = login(other.supervisor)
    assert_error(post(client, url(ticket, action), payload_for(action, desk)), 404, "not_found")
    assert_error(client.get(url(ticket)), 404, "not_found")
    assert Ticket.objects.get(pk=ticket.pk).status == before  # untouched


def test_other_project_does_not_list_and_cannot_create_there(login, desk, other):
    received(desk)
    client = login(other.supervisor)
    assert client.get(API).json()["count"] == 0
    response = post(client, API, {"project": desk.project.pk, "category": "consultation", "content": "?"})
    assert_error(response, 400, "validation_error", "project")
    response = post(client, API, {"category": "repair_in_unit", "content": "漏水", "unit": desk.unit.pk})
    assert_error(response, 400, "validation_error", "unit")


WRONG_ROLE = [
    ("classify", Role.SECURITY),  # seed 000 §7: the project supervisor decides
    ("cancel", Role.ENGINEER),
    ("dispatch", Role.CASHIER),
    ("accept", Role.CASHIER),
    ("start", Role.CASHIER),
    ("complete", Role.CASHIER),
    ("customer-accept", Role.SECURITY),
    ("return-visit", Role.ENGINEER),
    ("close", Role.ENGINEER),
    ("extend-deadline", Role.SECURITY),
    ("handover", Role.CASHIER),
    ("incident", Role.ENGINEER),
]


@pytest.mark.parametrize(("action", "role"), WRONG_ROLE)
def test_wrong_role_gets_403(login, desk, action, role):
    _, state = ACTIONS[action]
    ticket = state(desk)
    before = Ticket.objects.get(pk=ticket.pk)
    events = TicketEvent.objects.filter(ticket=ticket).count()
    client = login(staff(role, desk.project))
    body = assert_error(post(client, url(ticket, action), payload_for(action, desk)), 403)
    assert body["code"] in {"permission_denied", "extension_needs_approval"}
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.validity) == (before.status, before.validity)
    assert TicketEvent.objects.filter(ticket=ticket).count() == events


def test_resident_cannot_work_tickets_of_its_own_unit(login, desk):
    ticket = received(desk)
    client = login(resident_user(owner=desk.owner))
    assert_error(post(client, url(ticket, "escalate"), {"reason": "太慢"}), 403, "permission_denied")
    assert_error(post(client, url(ticket, "cancel"), {"reason": "不要了"}), 403, "permission_denied")


# --- happy paths ----------------------------------------------------------------------------------


def test_repair_lifecycle_through_the_api(login, desk):
    client = login(desk.assistant)
    response = post(
        client,
        API,
        {
            "category": "repair_in_unit",
            "content": "厨房水龙头漏水",
            "unit": desk.unit.pk,
            "contact_phone": "13812345678",
            "at": iso(T0),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["channel"], body["project"]) == ("received", "phone", desk.project.pk)
    assert body["first_contact"] == desk.assistant.pk and body["department"] == "engineering"
    assert [e["to_status"] for e in body["timeline"]] == ["received"]
    assert all(set(row) == DEADLINE_KEYS for row in body["deadlines"])
    rows = {r["step"]: r for r in body["deadlines"]}
    assert rows["dispatch"]["state"] == "late"  # now is 18:00, due 9:10
    assert body["is_overdue"] is True
    pk = body["id"]

    steps = [
        (
            desk.assistant,
            "dispatch",
            {"department": "engineering", "at": iso(T0 + dt.timedelta(minutes=8))},
            "dispatched",
        ),
        (desk.engineer, "accept", {"at": iso(T0 + dt.timedelta(minutes=12))}, "accepted"),
        (desk.engineer, "start", {"at": iso(T0 + dt.timedelta(minutes=25))}, "in_progress"),
        (
            desk.engineer,
            "complete",
            {
                "result": "更换阀芯",
                "labour_hours": "0.5",
                "materials": "阀芯",
                "at": iso(T0 + dt.timedelta(hours=1)),
            },
            "completed",
        ),
        (
            desk.assistant,
            "return-visit",
            {
                "solved": True,
                "satisfaction": "very_satisfied",
                "method": "phone",
                "at": iso(T0 + dt.timedelta(hours=3)),
            },
            "return_visited",
        ),
        (desk.assistant, "close", {"at": iso(T0 + dt.timedelta(hours=3, minutes=1))}, "closed"),
    ]
    for user, action, data, expected in steps:
        response = post(login(user), url(pk, action), data)
        assert response.status_code == 200, (action, response.content)
        assert response.json()["status"] == expected

    body = response.json()
    assert body["assignee"] == desk.engineer.pk and body["labour_hours"] == "0.50"
    assert body["dispatched_at"] == iso(T0 + dt.timedelta(minutes=8))
    rows = {r["step"]: r for r in body["deadlines"]}
    assert rows["dispatch"]["state"] == "met"
    assert rows["on_site"]["state"] == "late"  # on site 17 minutes after dispatch; due within 10
    assert rows["return_visit"]["state"] == "met"
    assert body["is_overdue"] is False and body["next_due_at"] is None
    assert [e["to_status"] for e in body["timeline"]] == [
        "received",
        "dispatched",
        "accepted",
        "in_progress",
        "completed",
        "return_visited",
        "closed",
    ]
    assert body["timeline"][1]["actor"] == desk.assistant.pk and body["timeline"][1]["actor_name"]


def test_retrieve_has_timeline_list_does_not(login, desk):
    ticket = dispatched(desk)
    client = login(desk.security)  # every member of staff may read the project's tickets
    detail = client.get(url(ticket)).json()
    assert [e["kind"] for e in detail["timeline"]] == ["intake", "transition"]
    row = client.get(API).json()["results"][0]
    assert "timeline" not in row and row["id"] == ticket.pk and row["deadlines"]


def test_dispatch_to_a_person_and_pass_on(login, desk):
    ticket = received(desk)
    response = post(
        login(desk.assistant),
        url(ticket, "dispatch"),
        {"department": "engineering", "assignee": desk.engineer2.pk, "note": "请尽快"},
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["assignee"]) == ("dispatched", desk.engineer2.pk)
    # the other engineer cannot take an order dispatched to a colleague
    assert_error(post(login(desk.engineer), url(ticket, "accept")), 400, "ticket_assigned_to_other")
    # the handler passes it on (recorded), nobody refuses it
    response = post(login(desk.engineer2), url(ticket, "dispatch"), {"department": "security"})
    assert response.status_code == 200 and response.json()["department"] == "security"


def test_customer_rejects_and_work_is_redone(login, desk):
    ticket = completed(desk)
    response = post(
        login(desk.assistant), url(ticket, "customer-accept"), {"accepted": False, "comment": "还在漏"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["rework_count"]) == ("in_progress", 1)
    assert body["timeline"][-1]["kind"] == EventKind.REWORK
    response = post(login(desk.engineer), url(ticket, "complete"), {"result": "更换整个龙头"})
    response = post(
        login(desk.assistant), url(ticket, "customer-accept"), {"accepted": True, "comment": "好了"}
    )
    assert response.json()["status"] == "customer_accepted"


def test_dissatisfied_return_visit_reopens(login, desk):
    ticket = completed(desk)
    response = post(
        login(desk.assistant),
        url(ticket, "return-visit"),
        {"solved": True, "satisfaction": "dissatisfied", "comment": "态度差", "method": "in_person"},
    )
    body = response.json()
    assert (body["status"], body["rework_count"]) == ("in_progress", 1)
    assert body["timeline"][-1]["kind"] == EventKind.REOPEN


def test_paid_repair_takes_the_menu_price(login, desk):
    from wuye.servicedesk.models import ServiceMenuItem

    item = ServiceMenuItem.objects.create(
        project=desk.project,
        group="repair",
        name="疏通下水道",
        pricing="fixed",
        price_min="120.00",
        price_text="120元/次",
    )
    response = post(
        login(desk.assistant),
        API,
        {"category": "repair_in_unit", "content": "下水道堵", "unit": desk.unit.pk, "service_item": item.pk},
    )
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert response.json()["is_paid"] is True
    services.ticket_dispatch(ticket=ticket, department="engineering", acting_user=desk.assistant)
    services.ticket_accept(ticket=ticket, acting_user=desk.engineer)
    services.ticket_start(ticket=ticket, acting_user=desk.engineer)
    assert (ticket.quoted_fee, ticket.department) == (Decimal("120.00"), "engineering")
    # seed 000 §13: the price told before the work is the price charged — a different total needs a reason
    response = post(
        login(desk.engineer),
        url(ticket, "complete"),
        {"result": "已疏通", "materials": "疏通剂", "materials_fee": "15.50"},
    )
    assert_error(response, 400, field="fee_change_reason")
    response = post(
        login(desk.engineer),
        url(ticket, "complete"),
        {
            "result": "已疏通",
            "materials": "疏通剂",
            "materials_fee": "15.50",
            "fee_change_reason": "另需疏通剂，已告知业主",
        },
    )
    body = response.json()
    assert (body["labour_fee"], body["materials_fee"], body["fee"]) == ("120.00", "15.50", "135.50")
    assert (body["quoted_fee"], body["fee_change_reason"]) == ("120.00", "另需疏通剂，已告知业主")


def test_escalate_one_level_then_to_leadership(login, desk, django_capture_on_commit_callbacks):
    ticket = received(desk)
    client = login(desk.engineer)  # anyone may escalate
    with django_capture_on_commit_callbacks(execute=True):
        body = post(client, url(ticket, "escalate"), {"reason": "配件缺货"}).json()
    assert body["escalation_level"] == 1 and body["timeline"][-1]["kind"] == EventKind.ESCALATION
    assert Notification.objects.filter(recipient=desk.supervisor, kind="ticket_escalated").exists()
    body = post(client, url(ticket, "escalate"), {"reason": "仍未解决", "level": 3}).json()
    assert body["escalation_level"] == 3
    assert_error(
        post(client, url(ticket, "escalate"), {"reason": "再升", "level": 2}),
        400,
        "validation_error",
        "level",
    )


def test_extend_deadline_by_the_supervisor(login, desk):
    ticket = received(desk)
    new_due = T0 + dt.timedelta(hours=2)
    response = post(
        login(desk.supervisor),
        url(ticket, "extend-deadline"),
        {
            "step": "dispatch",
            "new_due_at": iso(new_due),
            "reason": "等业主在家",
            "at": iso(T0 + dt.timedelta(minutes=5)),
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    rows = {r["step"]: r for r in body["deadlines"]}
    assert rows["dispatch"]["due_at"] == iso(new_due)
    assert body["timeline"][-1]["kind"] == EventKind.EXTENSION
    assert body["timeline"][-1]["at"] == iso(T0 + dt.timedelta(minutes=5))
    extension = DeadlineExtension.objects.get()
    assert (extension.approved_by, extension.approver_role) == (desk.supervisor, "cs_supervisor")


def test_important_complaint_extension_needs_management(login, desk):
    """Seed 000 §7: an important complaint over time "需经管理部经理批准" — the company's management
    department, not the project's supervisor or manager."""
    ticket = complaint(desk)
    services.complaint_classify(
        ticket=ticket, validity="valid", severity="important", acting_user=desk.supervisor
    )
    response = post(
        login(desk.supervisor),
        url(ticket, "extend-deadline"),
        {"step": "complaint_important", "new_due_at": iso(NOW + dt.timedelta(days=3)), "reason": "协调"},
    )
    assert_error(response, 403, "extension_needs_approval")
    response = post(
        login(desk.manager),
        url(ticket, "extend-deadline"),
        {"step": "complaint_important", "new_due_at": iso(NOW + dt.timedelta(days=3)), "reason": "协调"},
    )
    assert_error(response, 403, "extension_needs_approval")
    response = post(
        login(staff(Role.COMPANY_MANAGER, None)),
        url(ticket, "extend-deadline"),
        {"step": "complaint_important", "new_due_at": iso(NOW + dt.timedelta(days=3)), "reason": "协调"},
    )
    assert response.status_code == 200


def test_classify_complaint(login, desk):
    ticket = complaint(desk)
    response = post(
        login(desk.supervisor),
        url(ticket, "classify"),
        {
            "validity": "valid",
            "severity": "important",
            "note": "影响使用",
            "at": iso(T0 + dt.timedelta(minutes=30)),
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["validity"], body["severity"]) == ("valid", "important")
    assert "complaint_important" in {r["step"] for r in body["deadlines"]}
    assert "complaint_minor" not in {r["step"] for r in body["deadlines"]}
    assert body["timeline"][-1]["at"] == iso(T0 + dt.timedelta(minutes=30))
    # an invalid complaint is still explained; it has no severity
    other = complaint(desk)
    body = post(
        login(desk.manager), url(other, "classify"), {"validity": "invalid", "note": "供电局停电"}
    ).json()
    assert (body["validity"], body["severity"]) == ("invalid", "")


def test_classify_only_complaints(login, desk):
    response = post(
        login(desk.supervisor), url(received(desk), "classify"), {"validity": "valid", "severity": "minor"}
    )
    assert_error(response, 400, "not_a_complaint")


def test_cancel_keeps_the_reason_and_drops_deadlines(login, desk):
    ticket = received(desk)
    body = post(login(desk.supervisor), url(ticket, "cancel"), {"reason": "业主已自行处理"}).json()
    assert (body["status"], body["cancel_reason"]) == ("cancelled", "业主已自行处理")
    assert body["deadlines"] == [] and body["is_overdue"] is False


def test_consultation_closed_from_intake_with_the_answer(login, desk):
    client = login(desk.assistant)
    response = post(
        client, API, {"project": desk.project.pk, "category": "consultation", "content": "物业费怎么交？"}
    )
    pk = response.json()["id"]
    assert_error(post(client, url(pk, "close"), {}), 400, "validation_error", "answer")
    body = post(client, url(pk, "close"), {"answer": "服务中心或线上缴纳"}).json()
    assert (body["status"], body["answer"]) == ("closed", "服务中心或线上缴纳")
    # answered on the spot at intake: closed at once
    body = post(
        client,
        API,
        {"project": desk.project.pk, "category": "consultation", "content": "几点下班？", "answer": "17:30"},
    ).json()
    assert body["status"] == "closed"


def test_handover_of_first_contact_duty(login, desk, django_capture_on_commit_callbacks):
    ticket = received(desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            login(desk.assistant), url(ticket, "handover"), {"to_user": desk.assistant2.pk, "reason": "休假"}
        )
    body = response.json()
    assert body["first_contact"] == desk.assistant2.pk
    assert body["timeline"][-1]["kind"] == EventKind.HANDOVER
    assert Notification.objects.filter(recipient=desk.assistant2, kind="ticket_handover").exists()
    # an engineer cannot take the customer-service duty
    response = post(login(desk.assistant2), url(ticket, "handover"), {"to_user": desk.engineer.pk})
    assert_error(response, 400, "validation_error", "to_user")


def test_incident_by_title_then_by_id_raises_to_major_at_five_customers(login, desk):
    client = login(desk.assistant)
    first = complaint(desk)
    linked_at = T0 + dt.timedelta(minutes=20)
    body = post(client, url(first, "incident"), {"title": "地库停电", "at": iso(linked_at)}).json()
    incident = ComplaintIncident.objects.get()
    assert body["incident"] == incident.pk
    assert (body["timeline"][-1]["data"], body["timeline"][-1]["at"]) == (
        {"incident": incident.pk},
        iso(linked_at),
    )
    for _ in range(4):
        unit = OwnershipFactory(unit=UnitFactory(building=desk.unit.building)).unit
        ticket = desk.complaint(unit=unit)
        body = post(client, url(ticket, "incident"), {"incident": incident.pk}).json()
    assert body["proposed_severity"] == "major"
    assert Ticket.objects.filter(incident=incident, proposed_severity="major").count() == 5


def test_incident_of_another_project_does_not_exist(login, desk, other):
    foreign = ComplaintIncident.objects.create(
        project=other.project, title="别处", created_by=other.assistant
    )
    response = post(login(desk.assistant), url(complaint(desk), "incident"), {"incident": foreign.pk})
    assert_error(response, 400, "validation_error", "incident")


# --- bad input → 400 with fields ---------------------------------------------------------------


BAD_INPUT = [
    ("dispatch", {}, "department"),
    ("dispatch", {"department": "kitchen"}, "department"),
    ("dispatch", {"department": "engineering", "assignee": 99999}, "assignee"),
    ("complete", {"labour_hours": "1"}, "result"),
    ("complete", {"result": "done", "materials_fee": "-1"}, "materials_fee"),
    ("customer-accept", {"comment": "?"}, "accepted"),
    ("customer-accept", {"accepted": False}, "comment"),  # the service: say why the customer refused
    ("return-visit", {"solved": True, "satisfaction": "so-so"}, "satisfaction"),
    ("return-visit", {"solved": True, "satisfaction": "satisfied", "method": "pigeon"}, "method"),
    ("escalate", {}, "reason"),
    ("extend-deadline", {"step": "dispatch", "reason": "x"}, "new_due_at"),
    ("extend-deadline", {"step": "lunch", "new_due_at": iso(T0), "reason": "x"}, "step"),
    ("classify", {"validity": "maybe"}, "validity"),
    ("cancel", {"reason": ""}, "reason"),
    ("handover", {"to_user": 99999}, "to_user"),
    ("incident", {}, "incident"),
    ("accept", {"at": "yesterday"}, "at"),
]


@pytest.mark.parametrize(("action", "data", "field"), BAD_INPUT)
def test_bad_input_answers_400_with_fields(login, desk, action, data, field):
    _, state = ACTIONS[action]
    ticket = state(desk)
    user = {"accept": desk.engineer, "complete": desk.engineer}.get(action, desk.supervisor)
    assert_error(post(login(user), url(ticket, action), data), 400, "validation_error", field)


def test_service_field_errors_come_back_as_fields(login, desk):
    # the service, not the serializer, knows a valid complaint needs a severity
    response = post(login(desk.supervisor), url(complaint(desk), "classify"), {"validity": "valid"})
    assert_error(response, 400, "validation_error", "severity")
    # and that an extension must move the deadline later
    response = post(
        login(desk.supervisor),
        url(received(desk), "extend-deadline"),
        {"step": "dispatch", "new_due_at": iso(T0), "reason": "x"},
    )
    assert_error(response, 400, "validation_error", "new_due_at")


def test_create_bad_input(login, desk):
    client = login(desk.assistant)
    body = assert_error(post(client, API, {"category": "cooking", "content": ""}), 400, "validation_error")
    assert {"category", "content"} <= set(body["fields"])
    assert_error(
        post(client, API, {"category": "consultation", "content": "?"}), 400, "validation_error", "project"
    )
    response = post(
        client, API, {"project": desk.project.pk, "category": "repair_in_unit", "content": "漏水"}
    )
    assert_error(response, 400, "validation_error", "unit")  # the service: an in-unit repair needs the unit
    response = post(
        client, API, {"project": desk.project.pk, "category": "help", "content": "?", "contact_phone": "12"}
    )
    assert_error(response, 400, "validation_error", "contact_phone")


def test_event_time_is_never_future_nor_before_the_previous_step(login, desk):
    ticket = received(desk)
    client = login(desk.assistant)
    body = assert_error(
        post(
            client,
            url(ticket, "dispatch"),
            {"department": "engineering", "at": iso(NOW + dt.timedelta(hours=1))},
        ),
        400,
    )
    assert body["code"] == "event_in_future" and "at" in body["fields"]
    body = assert_error(
        post(
            client,
            url(ticket, "dispatch"),
            {"department": "engineering", "at": iso(T0 - dt.timedelta(minutes=1))},
        ),
        400,
    )
    assert body["code"] == "event_before_previous_step" and "at" in body["fields"]
    body = assert_error(
        post(
            login(desk.supervisor),
            url(complaint(desk), "classify"),
            {"validity": "invalid", "at": iso(NOW + dt.timedelta(hours=1))},
        ),
        400,
    )
    assert body["code"] == "event_in_future"


# --- forbidden transitions → 400 with a code --------------------------------------------------------


FORBIDDEN = [
    ("accept", {}, received, "ticket_transition_forbidden"),
    ("start", {}, completed, "ticket_transition_forbidden"),
    ("complete", {"result": "x"}, dispatched, "ticket_transition_forbidden"),
    ("customer-accept", {"accepted": True}, in_progress, "ticket_transition_forbidden"),
    (
        "return-visit",
        {"solved": True, "satisfaction": "satisfied"},
        in_progress,
        "ticket_transition_forbidden",
    ),
    ("close", {"answer": "x"}, received, "ticket_transition_forbidden"),  # only consultations close at intake
    ("close", {}, completed, "return_visit_required"),
    ("accept", {}, accepted, "ticket_already_accepted"),
]


@pytest.mark.parametrize(("action", "data", "state", "code"), FORBIDDEN)
def test_forbidden_transition_answers_400_with_code(login, desk, action, data, state, code):
    ticket = state(desk)
    before = Ticket.objects.get(pk=ticket.pk).status
    user = (
        desk.engineer2
        if action == "accept"
        else (desk.engineer if action in ("start", "complete") else desk.supervisor)
    )
    body = assert_error(post(login(user), url(ticket, action), data), 400, code)
    assert body["message"]  # a human message (Chinese once translated), from the service
    assert Ticket.objects.get(pk=ticket.pk).status == before


def test_cancelled_ticket_stays_cancelled(login, desk):
    ticket = received(desk)
    services.ticket_cancel(ticket=ticket, acting_user=desk.supervisor, reason="重复")
    for action, data in [("dispatch", {"department": "engineering"}), ("cancel", {"reason": "再次"})]:
        assert_error(
            post(login(desk.supervisor), url(ticket, action), data), 400, "ticket_transition_forbidden"
        )
    assert_error(post(login(desk.supervisor), url(ticket, "escalate"), {"reason": "x"}), 400, "ticket_closed")


def test_forbidden_message_is_chinese(login, desk):
    from django.utils import translation

    with translation.override("zh-hans"):
        body = post(login(desk.engineer), url(received(desk), "accept")).json()
    assert body["code"] == "ticket_transition_forbidden" and body["message"]


# --- owners and tenants -------------------------------------------------------------------------


def test_owner_reports_for_own_unit_through_the_portal(login, desk):
    owner_account = resident_user(owner=desk.owner)
    client = login(owner_account)
    response = post(
        client,
        API,
        {
            "unit": desk.unit.pk,
            "category": "repair_in_unit",
            "content": "卫生间漏水",
            "channel": "phone",
            "answer": "x",
            "department": "finance",
            "at": iso(T0),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["channel"], body["project"], body["unit"]) == ("portal", desk.project.pk, desk.unit.pk)
    assert body["status"] == "received" and body["department"] == "engineering"  # staff-only fields ignored
    # seed 000 §8: an assistant follows it (the one with the fewest open tickets here: no butler, no duty)
    assert body["received_by"] == owner_account.pk and body["first_contact"] == desk.assistant.pk
    assert body["received_at"] != iso(T0)  # no back-dating from the portal


def test_owner_cannot_report_for_a_neighbours_unit(login, desk):
    neighbour = OwnershipFactory(unit=UnitFactory(building=desk.unit.building))
    client = login(resident_user(owner=desk.owner))
    response = post(client, API, {"unit": neighbour.unit.pk, "category": "repair_in_unit", "content": "漏水"})
    assert_error(response, 400, "validation_error", "unit")
    assert_error(post(client, API, {"category": "help", "content": "?"}), 400, "validation_error", "unit")
    assert not Ticket.objects.exists()


def test_owner_sees_only_tickets_of_own_units(login, desk):
    neighbour = OwnershipFactory(unit=UnitFactory(building=desk.unit.building))
    mine = received(desk)
    theirs = desk.repair(unit=neighbour.unit)
    public = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="repair_public",
        content="大堂灯坏",
        public_area=desk.area,
    )
    client = login(resident_user(owner=desk.owner))
    assert [r["id"] for r in client.get(API).json()["results"]] == [mine.pk]
    assert client.get(url(mine)).status_code == 200
    assert_error(client.get(url(theirs)), 404)
    assert_error(client.get(url(public)), 404)


def test_tenant_reports_for_the_leased_unit(login, desk):
    from wuye.core.tests.factories import LeaseFactory

    lease = LeaseFactory(unit=desk.unit)
    client = login(resident_user(tenant=lease.tenant))
    response = post(client, API, {"unit": desk.unit.pk, "category": "help", "content": "钥匙锁在屋里"})
    assert response.status_code == 201 and response.json()["channel"] == "portal"
    assert client.get(API).json()["count"] == 1


# --- as_of, filters, query count -----------------------------------------------------------------


def test_as_of_changes_is_overdue(login, desk):
    ticket = received(desk)  # dispatch due 9:10
    client = login(desk.assistant)
    early = client.get(url(ticket), {"as_of": iso(T0 + dt.timedelta(minutes=5))}).json()
    late = client.get(url(ticket), {"as_of": iso(T0 + dt.timedelta(minutes=30))}).json()
    assert early["is_overdue"] is False and early["deadlines"][0]["state"] == "pending"
    assert late["is_overdue"] is True and late["deadlines"][0]["state"] == "late"
    assert early["next_due_at"] == iso(T0 + dt.timedelta(minutes=10))
    listed = client.get(API, {"as_of": iso(T0 + dt.timedelta(minutes=5))}).json()["results"]
    assert listed[0]["is_overdue"] is False
    assert (
        client.get(API, {"overdue": "true", "as_of": iso(T0 + dt.timedelta(minutes=5))}).json()["count"] == 0
    )
    assert (
        client.get(API, {"overdue": "true", "as_of": iso(T0 + dt.timedelta(minutes=30))}).json()["count"] == 1
    )
    assert client.get(API, {"overdue": "true"}).json()["count"] == 1  # default: now
    assert_error(client.get(API, {"as_of": "soon"}), 400, "validation_error", "as_of")


def test_closed_ticket_is_never_overdue(login, desk):
    # a step nothing meets (contact before an appointment) must not keep a closed ticket overdue
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="suggestion",
        content="增加快递柜",
        appointment_at=T0 + dt.timedelta(hours=1),
        at=T0,
    )
    services.ticket_start(ticket=ticket, acting_user=desk.assistant, at=T0 + dt.timedelta(minutes=5))
    services.ticket_complete(
        ticket=ticket, acting_user=desk.assistant, result="已转物业公司", at=T0 + dt.timedelta(minutes=6)
    )
    services.ticket_return_visit(
        ticket=ticket,
        acting_user=desk.assistant,
        solved=True,
        satisfaction="satisfied",
        at=T0 + dt.timedelta(minutes=7),
    )
    services.ticket_close(ticket=ticket, acting_user=desk.assistant, at=T0 + dt.timedelta(minutes=8))
    body = login(desk.assistant).get(url(ticket)).json()
    assert body["status"] == "closed" and body["is_overdue"] is False and body["next_due_at"] is None
    assert login(desk.assistant).get(API, {"overdue": "true"}).json()["count"] == 0


def test_filters(login, desk, other):
    a = desk.repair(at=T0)
    b = desk.complaint(at=T0 + dt.timedelta(hours=1))
    c = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant2,
        category="help",
        content="求助",
        at=at(2026, 11, 25, 9),
    )
    services.ticket_dispatch(
        ticket=a,
        department="engineering",
        assignee=desk.engineer,
        acting_user=desk.assistant,
        at=T0 + dt.timedelta(minutes=5),
    )
    services.ticket_cancel(ticket=c, acting_user=desk.supervisor, reason="重复")
    other.repair(at=T0)
    client = login(staff(Role.COMPANY_MANAGER, None))  # sees both projects

    def ids(**params):
        response = client.get(API, params)
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    assert len(ids()) == 4
    assert ids(project=desk.project.pk) == {a.pk, b.pk, c.pk}
    assert ids(project=desk.project.pk, category="complaint") == {b.pk}
    assert ids(project=desk.project.pk, category=["complaint", "help"]) == {b.pk, c.pk}
    assert ids(status="dispatched") == {a.pk}
    assert ids(project=desk.project.pk, status=["received", "cancelled"]) == {b.pk, c.pk}
    assert ids(assignee=desk.engineer.pk) == {a.pk}
    assert ids(received_by=desk.assistant2.pk) == {c.pk}
    assert ids(project=desk.project.pk, received_after=iso(T0 + dt.timedelta(minutes=30))) == {b.pk}
    assert ids(project=desk.project.pk, received_before="2026-11-26") == {c.pk}
    assert ids(project=desk.project.pk, received_after="2026-11-26", received_before="2026-11-27") == {
        a.pk,
        b.pk,
    }
    assert ids(project=desk.project.pk, open="false") == {c.pk}
    assert ids(project=desk.project.pk, overdue="true", as_of=iso(T0 + dt.timedelta(minutes=20))) == {a.pk}
    assert ids(project=desk.project.pk, overdue="false", as_of=iso(T0 + dt.timedelta(minutes=20))) == {
        b.pk,
        c.pk,
    }
    ordered = [
        r["id"]
        for r in client.get(API, {"project": desk.project.pk, "ordering": "received_at"}).json()["results"]
    ]
    assert ordered == [c.pk, a.pk, b.pk]
    assert_error(client.get(API, {"status": "lost"}), 400, "validation_error", "status")


def test_list_does_not_query_per_row(login, desk, django_assert_max_num_queries):
    for n in range(12):
        ticket = desk.repair(at=T0 + dt.timedelta(minutes=n))
        if n % 3 == 0:
            services.ticket_dispatch(
                ticket=ticket,
                department="engineering",
                assignee=desk.engineer,
                acting_user=desk.assistant,
                at=T0 + dt.timedelta(minutes=n + 1),
            )
        if n % 4 == 0:
            services.ticket_escalate(ticket=ticket, acting_user=desk.assistant, reason="急")
    desk.complaint(at=T0, unit=desk.unit)
    client = login(desk.assistant)
    # token with its user, roles, count, page, prefetched deadlines — whatever the number of rows
    with django_assert_max_num_queries(5):
        response = client.get(API, {"page_size": 50})
    assert response.json()["count"] == 13
    with django_assert_max_num_queries(5):
        client.get(API, {"status": "dispatched", "overdue": "true", "ordering": "next_due_at"})


def test_retrieve_does_not_query_per_event(login, desk, django_assert_max_num_queries):
    ticket = completed(desk)
    for n in range(3):
        services.ticket_escalate(ticket=ticket, acting_user=desk.assistant, reason=f"第{n}次")
    for n in range(2):
        services.ticket_reply(
            ticket=ticket, kind="result", channel="phone", content=f"回复{n}", acting_user=desk.assistant
        )
    client = login(desk.assistant)
    with django_assert_max_num_queries(6):  # the ticket, roles, deadlines, events, replies, …
        body = client.get(url(ticket)).json()
    assert len(body["timeline"]) == 10 and len(body["replies"]) == 2


# --- concurrency ---------------------------------------------------------------------------------


def _with_sqlite_retry(call):
    """On SQLite the test database is a shared-cache in-memory database, where a writer finding
    another connection's write transaction is told "table is locked" at once instead of waiting on
    the busy timeout as it would on a database file. Retry such a call: that is the wait. (Nothing
    was committed by the failed attempt: its first write is the lock it could not get.)"""
    for _ in range(500):
        try:
            return call()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


def _sqlite_dirty_reads(sender, connection, **kwargs):
    # Shared cache also makes plain reads of a table fail while another connection writes it (a
    # database file has no such table locks). Reads may go ahead; writes still exclude each other.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("via", ["api", "service"])
def test_two_engineers_accept_at_once_exactly_one_wins(via):
    desk = Desk()
    ticket = desk.repair()
    services.ticket_dispatch(ticket=ticket, department="engineering", acting_user=desk.assistant)
    engineers = [desk.engineer, desk.engineer2]
    tokens = {u.pk: Token.objects.create(user=u).key for u in engineers}
    barrier = threading.Barrier(len(engineers))
    outcomes, crashes = {}, []

    def accept(user):
        try:
            if via == "api":
                # The viewset itself, not the test client: the client collects request exceptions
                # through a process-wide signal, so each thread would see the other's errors.
                view = TicketViewSet.as_view({"post": "accept"})

                def call():
                    request = APIRequestFactory().post(
                        url(ticket, "accept"),
                        {},
                        format="json",
                        HTTP_AUTHORIZATION=f"Token {tokens[user.pk]}",
                    )
                    return view(request, pk=ticket.pk).render()

                barrier.wait(timeout=10)
                response = _with_sqlite_retry(call)
                outcomes[user.pk] = "won" if response.status_code == 200 else response.data["code"]
            else:
                mine = Ticket.objects.get(pk=ticket.pk)
                barrier.wait(timeout=10)
                try:
                    _with_sqlite_retry(lambda: services.ticket_accept(ticket=mine, acting_user=user))
                    outcomes[user.pk] = "won"
                except BusinessRuleError as exc:
                    outcomes[user.pk] = exc.code
        except Exception as exc:  # surfaced below: a thread must not fail silently
            crashes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in engineers]
    connection_created.connect(_sqlite_dirty_reads)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        connection_created.disconnect(_sqlite_dirty_reads)
    assert not crashes, crashes
    assert sorted(outcomes.values(), key=lambda v: v != "won")[0] == "won"
    assert list(outcomes.values()).count("won") == 1
    loser_code = next(v for v in outcomes.values() if v != "won")
    assert loser_code in {"ticket_already_accepted", "ticket_transition_forbidden"}
    ticket.refresh_from_db()
    winner = next(pk for pk, v in outcomes.items() if v == "won")
    assert (ticket.status, ticket.assignee_id) == (Status.ACCEPTED, winner)
    assert TicketEvent.objects.filter(ticket=ticket, to_status=Status.ACCEPTED).count() == 1


def test_residents_see_the_steps_not_the_staff_notes(login):
    from wuye.core.tests.factories import resident_user
    from wuye.servicedesk import services as sd
    from wuye.servicedesk.tests.factories import Desk

    desk = Desk()
    ticket = desk.repair()
    sd.ticket_escalate(ticket=ticket, acting_user=desk.assistant, reason="业主情绪激动，内部提醒")
    owner_user = resident_user(owner=desk.owner)
    timeline = login(owner_user).get(f"/api/v1/tickets/{ticket.pk}/").json()["timeline"]
    assert [e["kind"] for e in timeline] == ["intake"]
    assert all(e["note"] == "" for e in timeline)
    staff_timeline = login(desk.supervisor).get(f"/api/v1/tickets/{ticket.pk}/").json()["timeline"]
    assert [e["kind"] for e in staff_timeline] == ["intake", "escalation"]
