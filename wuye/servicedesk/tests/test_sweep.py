"""The sweep is idempotent, marks late steps once, and sends the daily and weekly digests."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from wuye.notifications.models import Delivery, Notification
from wuye.servicedesk import services
from wuye.servicedesk.sweep import sweep
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def test_late_step_marked_once_and_people_told(desk):
    t0 = at(2026, 11, 26, 10)
    with time_machine.travel(t0, tick=False):
        ticket = desk.repair()
    with time_machine.travel(t0 + dt.timedelta(minutes=9), tick=False):
        assert sweep().late_marked == 0
    with time_machine.travel(t0 + dt.timedelta(minutes=11), tick=False):
        first = sweep()
        second = sweep()
    assert first.late_marked == 1 and second.late_marked == 0
    late = Notification.objects.filter(kind="deadline_late", ticket=ticket)
    assert list(late.values_list("recipient", flat=True)) == [desk.assistant.pk]  # first contact, no handler yet
    assert ticket.deadlines.get(step="dispatch").late_notified_at is not None


def test_urgent_late_step_escalates_to_supervisor(desk):
    t0 = at(2026, 11, 26, 10)
    with time_machine.travel(t0, tick=False):
        desk.repair(urgent=True)
    with time_machine.travel(t0 + dt.timedelta(minutes=11), tick=False):
        result = sweep()
    assert result.escalated == 1
    assert Notification.objects.filter(kind="deadline_late", recipient=desk.supervisor).exists()


def test_unreturned_repairs_digest_at_17(desk):
    t0 = at(2026, 11, 26, 9)
    with time_machine.travel(t0, tick=False):
        open_one = desk.repair()
        services.ticket_dispatch(ticket=open_one, department="engineering", acting_user=desk.assistant)
        done = desk.repair()
        desk.through_completion(done)
    with time_machine.travel(at(2026, 11, 26, 16, 59), tick=False):
        assert not sweep().digests
    with time_machine.travel(at(2026, 11, 26, 17, 0), tick=False):
        assert sweep().digests
        assert not sweep().digests  # once a day
    digest = Notification.objects.get(kind="unreturned_repairs", recipient=desk.lead)
    assert open_one.number in digest.body and done.number not in digest.body


def test_friday_requests_summary(desk):
    with time_machine.travel(at(2026, 11, 23, 10), tick=False):  # Monday
        services.ticket_create(project=desk.project, acting_user=desk.assistant, category="suggestion", content="a")
    with time_machine.travel(at(2026, 11, 27, 16, 30), tick=False):  # Friday afternoon
        sweep()
        sweep()
    summary = Notification.objects.get(kind="weekly_requests", recipient=desk.supervisor)
    assert "1" in summary.body


def test_management_command(desk):
    call_command("servicedesk_sweep", "--now", "2026-11-26T10:00:00+08:00")


def test_email_delivery_and_dedupe(desk, django_capture_on_commit_callbacks):
    desk.assistant.email = "a@example.com"
    desk.assistant.save()
    t0 = at(2026, 11, 26, 10)
    with time_machine.travel(t0, tick=False):
        desk.repair()
    with time_machine.travel(t0 + dt.timedelta(minutes=11), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            sweep()
        sweep()
    assert len(mail.outbox) == 1
    assert Delivery.objects.get(channel="email").state == Delivery.State.SENT
