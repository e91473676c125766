"""Deadline tables of spec 02: defaults, project overrides, working days over the holidays."""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from wuye.servicedesk import deadlines, selectors, services
from wuye.servicedesk.deadlines import DEFAULT_DEADLINES, state
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def due(ticket, step):
    return {r["step"]: r for r in selectors.deadline_rows(ticket)}[step]["due_at"]


def test_defaults_are_the_spec_table():
    assert DEFAULT_DEADLINES["dispatch"] == (10, "minutes")
    assert DEFAULT_DEADLINES["report_superior"] == (90, "seconds")
    assert DEFAULT_DEADLINES["urgent_on_site"] == (2, "hours")
    # seed 000 §6–§8 give plain days ("1天", "2日内", "15日内", "半日"); seed 001: service 365 days a year
    assert DEFAULT_DEADLINES["reply"] == (1, "days")
    assert DEFAULT_DEADLINES["complaint_minor"] == (12, "hours")
    assert DEFAULT_DEADLINES["complaint_important"] == (1, "days")
    assert DEFAULT_DEADLINES["complaint_major_reply"] == (2, "days")
    assert DEFAULT_DEADLINES["complaint_major_resolve"] == (15, "days")
    assert DEFAULT_DEADLINES["complaint_result_reply"] == (0, "same_day")
    assert DEFAULT_DEADLINES["return_visit"] == (1, "days")


@pytest.mark.parametrize(
    ("received", "expected_reply"),
    [
        # seed 000 §6: "任何需求、建议在受理后1天内做出处理和回复" — one calendar day, weekends and holidays too
        (at(2026, 11, 26, 10), at(2026, 11, 27, 10)),  # Thursday → Friday
        (at(2026, 11, 27, 16), at(2026, 11, 28, 16)),  # Friday → Saturday
        (at(2026, 2, 14, 11), at(2026, 2, 15, 11)),  # into the Spring Festival break
        (at(2026, 9, 30, 9), at(2026, 10, 1, 9)),  # National Day
    ],
)
def test_request_reply_deadline_in_calendar_days(desk, received, expected_reply):
    with time_machine.travel(received + dt.timedelta(minutes=1), tick=False):
        ticket = services.ticket_create(
            project=desk.project,
            acting_user=desk.assistant,
            category="suggestion",
            content="希望增加快递柜",
            unit=desk.unit,
            at=received,
        )
    assert due(ticket, "reply") == expected_reply
    row = {r["step"]: r for r in selectors.deadline_rows(ticket)}["reply"]
    assert (row["amount"], row["unit"]) == (1, "days")
    with translation.override("zh-hans"):
        assert deadlines.rule_label(row["amount"], row["unit"]) == "1天"  # shown next to the due time


@pytest.mark.parametrize(
    ("received", "expected_reply"),
    [
        (at(2026, 11, 26, 10), at(2026, 11, 27, 10)),  # Thursday → Friday
        (at(2026, 11, 27, 16), at(2026, 11, 30, 16)),  # Friday → Monday
        (
            at(2026, 2, 13, 11),
            at(2026, 2, 14, 11),
        ),  # Friday → adjusted working Saturday before Spring Festival
        (at(2026, 2, 14, 11), at(2026, 2, 24, 11)),  # over the Spring Festival break (Feb 15–23)
        (at(2026, 9, 30, 9), at(2026, 10, 8, 9)),  # over National Day (Oct 1–7)
    ],
)
def test_request_reply_deadline_in_working_days_when_the_project_chooses_them(desk, received, expected_reply):
    desk.project.settings = {"servicedesk": {"deadlines": {"reply": [1, "working_days"]}}}
    desk.project.save()
    with time_machine.travel(received + dt.timedelta(minutes=1), tick=False):
        ticket = services.ticket_create(
            project=desk.project,
            acting_user=desk.assistant,
            category="suggestion",
            content="希望增加快递柜",
            unit=desk.unit,
            at=received,
        )
    assert due(ticket, "reply") == expected_reply
    assert due(ticket, "dispatch") == received + dt.timedelta(minutes=10)


def test_promised_time_replaces_the_default_reply(desk):
    promised = at(2026, 12, 4, 17)
    with time_machine.travel(at(2026, 11, 26, 10), tick=False):
        ticket = services.ticket_create(
            project=desk.project,
            acting_user=desk.assistant,
            category="suggestion",
            content="希望增加快递柜",
            promised_at=promised,
        )
    assert due(ticket, "reply") == promised


def test_urgent_repair_deadlines_and_supervisor_alert(desk, django_capture_on_commit_callbacks):
    t0 = at(2026, 11, 26, 22)
    with time_machine.travel(t0, tick=False), django_capture_on_commit_callbacks(execute=True):
        ticket = desk.repair(urgent=True, content="卫生间爆管")
    assert due(ticket, "urgent_on_site") == t0 + dt.timedelta(hours=2)  # clock hours, night included
    assert due(ticket, "urgent_fixed") == t0 + dt.timedelta(hours=8)
    rows = {r["step"]: r for r in selectors.deadline_rows(ticket, as_of=t0)}
    assert rows["report_superior"]["state"] == "met"
    assert ticket.notifications.filter(recipient__in=[desk.supervisor, desk.lead]).count() == 2


def test_appointment_sets_on_site_and_contact_steps(desk):
    t0 = at(2026, 11, 26, 9)
    appointment = at(2026, 11, 27, 14)
    with time_machine.travel(t0, tick=False):
        ticket = desk.repair(appointment_at=appointment)
    assert due(ticket, "on_site") == appointment
    assert due(ticket, "contact_before_appointment") == appointment - dt.timedelta(minutes=15)


def test_project_settings_override_defaults(desk):
    desk.project.settings = {
        "servicedesk": {"deadlines": {"dispatch": [30, "minutes"], "reply": [2, "working_days"]}}
    }
    desk.project.save()
    t0 = at(2026, 11, 26, 10)
    with time_machine.travel(t0, tick=False):
        ticket = services.ticket_create(
            project=desk.project, acting_user=desk.assistant, category="suggestion", content="x"
        )
    assert due(ticket, "dispatch") == t0 + dt.timedelta(minutes=30)
    assert due(ticket, "reply") == at(2026, 11, 30, 10)


def test_state_is_computed_at_read_time(desk):
    t0 = at(2026, 11, 26, 10)
    with time_machine.travel(t0, tick=False):
        ticket = desk.repair()
    deadline = ticket.deadlines.get(step="dispatch")
    assert state(deadline, t0 + dt.timedelta(minutes=9)) == "pending"
    assert state(deadline, t0 + dt.timedelta(minutes=11)) == "late"
    deadline.met_at = t0 + dt.timedelta(minutes=5)
    assert state(deadline, t0 + dt.timedelta(days=3)) == "met"
    deadline.met_at = t0 + dt.timedelta(minutes=15)
    assert state(deadline, t0 + dt.timedelta(days=3)) == "late"


def test_overdue_annotation_on_lists(desk):
    t0 = at(2026, 11, 26, 10)
    with time_machine.travel(t0, tick=False):
        ticket = desk.repair()
    listed = selectors.ticket_list(user=desk.assistant, as_of=t0 + dt.timedelta(minutes=5)).get(pk=ticket.pk)
    assert listed.is_overdue is False and listed.next_due_at == t0 + dt.timedelta(minutes=10)
    listed = selectors.ticket_list(user=desk.assistant, as_of=t0 + dt.timedelta(minutes=11)).get(pk=ticket.pk)
    assert listed.is_overdue is True
    mine = list(selectors.my_open_tickets(user=desk.assistant))
    assert mine == [ticket]


def test_calling_ahead_meets_the_contact_step_and_arrival_meets_it_at_the_latest(desk, api_client):
    t0 = at(2026, 11, 26, 9)
    appointment = at(2026, 11, 26, 14)
    with time_machine.travel(t0, tick=False):
        called = desk.repair(appointment_at=appointment)
        arrived = desk.repair(appointment_at=appointment)
        for ticket in (called, arrived):
            services.ticket_dispatch(
                ticket=ticket, department="engineering", assignee=desk.engineer, acting_user=desk.assistant
            )
            services.ticket_accept(ticket=ticket, acting_user=desk.engineer)
    with time_machine.travel(at(2026, 11, 26, 13, 40), tick=False):
        api_client.force_authenticate(desk.engineer)
        response = api_client.post(f"/api/v1/tickets/{called.pk}/contact-customer/", {}, format="json")
        assert response.status_code == 200, response.content
        again = api_client.post(f"/api/v1/tickets/{called.pk}/contact-customer/", {}, format="json")
        assert again.status_code == 400 and again.json()["code"] == "already_contacted"
    with time_machine.travel(at(2026, 11, 26, 14, 5), tick=False):
        services.ticket_start(ticket=arrived, acting_user=desk.engineer)
    states = {r["step"]: r["state"] for r in selectors.deadline_rows(called, as_of=at(2026, 11, 26, 15))}
    assert states["contact_before_appointment"] == "met"
    states = {r["step"]: r["state"] for r in selectors.deadline_rows(arrived, as_of=at(2026, 11, 26, 15))}
    assert states["contact_before_appointment"] == "late" and states["on_site"] == "late"


def test_console_records_the_call_ahead(desk, client):
    with time_machine.travel(at(2026, 11, 26, 9), tick=False):
        ticket = desk.repair(appointment_at=at(2026, 11, 26, 14))
        services.ticket_dispatch(
            ticket=ticket, department="engineering", assignee=desk.engineer, acting_user=desk.assistant
        )
        client.force_login(desk.engineer)
        page = client.get(f"/tickets/{ticket.pk}/")
        assert 'id="contact"' in page.content.decode()
        response = client.post(f"/tickets/{ticket.pk}/contact/", {"contact-note": "已电话联系业主"})
    assert response.status_code in (200, 302)
    assert ticket.deadlines.get(step="contact_before_appointment").met_at is not None
