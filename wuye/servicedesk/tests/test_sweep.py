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
    assert list(late.values_list("recipient", flat=True)) == [
        desk.assistant.pk
    ]  # first contact, no handler yet
    assert ticket.deadlines.get(step="dispatch").late_notified_at is not None


def test_urgent_late_step_escalates_to_supervisor(desk):
    t0 = at(2026, 11, 26, 10)
    with time_machine.travel(t0, tick=False):
        desk.repair(urgent=True)
    with time_machine.travel(t0 + dt.timedelta(minutes=11), tick=False):
        result = sweep()
    assert result.escalated == 1
    assert Notification.objects.filter(kind="deadline_late", recipient=desk.supervisor).exists()


def test_unreturned_repairs_digest_before_the_early_shift_leaves(desk):
    """Seed 000 §13: "当日早班人员下午5:00下班前检查当日报修，维修服务单未返回及未处理的…报部门负责人" —
    before 17:00 (default 16:30, per project), never-dispatched repairs included; the link opens
    exactly that list."""
    t0 = at(2026, 11, 26, 9)
    with time_machine.travel(t0, tick=False):
        open_one = desk.repair()
        services.ticket_dispatch(ticket=open_one, department="engineering", acting_user=desk.assistant)
        never_dispatched = desk.repair()
        done = desk.repair()
        desk.through_completion(done)
    with time_machine.travel(at(2026, 11, 26, 16, 29), tick=False):
        assert not sweep().digests
    with time_machine.travel(at(2026, 11, 26, 16, 30), tick=False):
        assert sweep().digests
        assert not sweep().digests  # once a day
    digest = Notification.objects.get(kind="unreturned_repairs", recipient=desk.lead)
    assert open_one.number in digest.body and never_dispatched.number in digest.body
    assert done.number not in digest.body
    assert digest.url == "/tickets/?unreturned=1"


def test_unreturned_digest_time_is_a_project_setting(desk):
    services.deadline_settings_save(
        project=desk.project, rules={}, unreturned_digest_time=dt.time(16, 50), acting_user=desk.manager
    )
    with time_machine.travel(at(2026, 11, 26, 9), tick=False):
        desk.repair()
    with time_machine.travel(at(2026, 11, 26, 16, 45), tick=False):
        assert not sweep().digests
    with time_machine.travel(at(2026, 11, 26, 16, 50), tick=False):
        assert sweep().digests


def test_friday_requests_summary(desk):
    with time_machine.travel(at(2026, 11, 23, 10), tick=False):  # Monday
        services.ticket_create(
            project=desk.project, acting_user=desk.assistant, category="suggestion", content="a"
        )
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
