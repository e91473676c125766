"""The outbox: one notification per (recipient, dedupe_key), in-app row plus one delivery per channel,
e-mail sent after commit, failures retried on every run and given up after MAX attempts."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from wuye.core.tests.factories import UserFactory
from wuye.notifications import services
from wuye.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db

MAX_ATTEMPTS = 5  # deliver_pending gives a delivery up after this many failed attempts


@pytest.fixture
def alice():
    return UserFactory(username="alice", email="alice@example.com")


def _notify(user, key="ticket-1:overdue", **kwargs):
    return services.notify(
        recipient=user, kind="overdue", title="工单超时", body="请尽快处理", dedupe_key=key, **kwargs
    )


@pytest.fixture
def failing_mail(monkeypatch):
    """The mail backend fails while `state["fail"]` is true; counts the calls."""
    state = {"fail": True, "calls": 0}

    def send_mail(subject, message, from_email, recipient_list):
        state["calls"] += 1
        if state["fail"]:
            raise ConnectionRefusedError("SMTP server unreachable")
        mail.outbox.append((subject, recipient_list))

    monkeypatch.setattr(services, "send_mail", send_mail)
    return state


def test_notify_once_per_dedupe_key(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(alice)
        again = _notify(alice)
    assert first is not None and again is None
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert Delivery.objects.filter(notification=first).count() == 1
    assert len(mail.outbox) == 1
    other = UserFactory(username="bob")
    assert _notify(other) is not None  # the key is per recipient
    assert _notify(alice, key="ticket-1:escalated") is not None


def test_nobody_or_an_inactive_user_gets_nothing():
    assert services.notify(recipient=None, kind="x", title="t", dedupe_key="k") is None
    assert _notify(UserFactory(is_active=False)) is None
    assert not Notification.objects.exists()


def test_in_app_row_and_email_delivery_after_commit(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = _notify(alice, url="/tickets/1/")
    delivery = Delivery.objects.get(notification=notification)
    assert (delivery.channel, delivery.state, delivery.attempts) == ("email", "pending", 0)
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 1) and delivery.sent_at is not None
    (message,) = mail.outbox
    assert (message.subject, message.body, message.to) == ("工单超时", "请尽快处理", ["alice@example.com"])
    notification.refresh_from_db()
    assert notification.read_at is None and notification.url == "/tickets/1/"


def test_no_email_address_skips_the_email_but_keeps_the_in_app_message(django_capture_on_commit_callbacks):
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(user)
    assert Notification.objects.unread().filter(recipient=user).get() == notification
    delivery = Delivery.objects.get(notification=notification)
    assert (delivery.state, delivery.attempts) == ("skipped", 1)
    assert mail.outbox == []


def test_a_channel_no_longer_configured_is_skipped(alice):
    with override_settings(WUYE_NOTIFICATION_CHANNELS=[]):
        notification = _notify(alice)
    assert not notification.deliveries.exists()  # in-app only
    delivery = Delivery.objects.create(notification=notification, channel="sms")
    assert services.deliver_pending() == 0
    delivery.refresh_from_db()
    assert delivery.state == "skipped"


def test_failed_email_is_retried_on_every_run_and_given_up_after_the_limit(alice, failing_mail):
    notification = _notify(alice)
    delivery = Delivery.objects.get(notification=notification)
    for attempt in range(1, MAX_ATTEMPTS):
        assert services.deliver_pending() == 0
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts) == ("pending", attempt)
        assert delivery.last_error == "SMTP server unreachable"
    assert services.deliver_pending() == 0
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", MAX_ATTEMPTS)
    failing_mail["fail"] = False
    assert services.deliver_pending() == 0  # given up: never tried again
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, failing_mail["calls"]) == (
        "failed",
        MAX_ATTEMPTS,
        MAX_ATTEMPTS,
    )
    assert mail.outbox == []


def test_a_failure_does_not_break_the_caller_and_a_later_run_delivers(
    alice, failing_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(alice)  # the send after commit fails: no exception reaches the caller
    assert notification is not None
    delivery = Delivery.objects.get(notification=notification)
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    failing_mail["fail"] = False
    assert services.deliver_pending() == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.sent_at is not None) == ("sent", 2, True)
    assert services.deliver_pending() == 0  # sent once only
    assert failing_mail["calls"] == 2 and len(mail.outbox) == 1


def test_one_failing_delivery_does_not_stop_the_others(failing_mail, monkeypatch):
    users = [UserFactory(email=f"u{i}@example.com") for i in range(3)]
    for user in users:
        _notify(user)

    def send_mail(subject, message, from_email, recipient_list):
        failing_mail["calls"] += 1
        if recipient_list == ["u1@example.com"]:
            raise TimeoutError("timed out")
        mail.outbox.append(recipient_list)

    monkeypatch.setattr(services, "send_mail", send_mail)
    assert services.deliver_pending() == 2
    states = dict(Delivery.objects.values_list("notification__recipient__email", "state"))
    assert states == {"u0@example.com": "sent", "u1@example.com": "pending", "u2@example.com": "sent"}


def test_deliver_pending_respects_the_limit(alice):
    for i in range(3):
        _notify(alice, key=f"k{i}")
    assert services.deliver_pending(limit=2) == 2
    assert Delivery.objects.filter(state="pending").count() == 1
    assert services.deliver_pending(notification_ids=[]) == 0
    assert services.deliver_pending() == 1


def test_send_notifications_command_is_idempotent(alice):
    _notify(alice, key="a")
    _notify(alice, key="b")
    _notify(UserFactory(email=""), key="c")
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    assert out.getvalue().strip() == "sent: 2"
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "alice@example.com"]
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    assert out.getvalue().strip() == "sent: 0"
    assert len(mail.outbox) == 2
    assert dict(Delivery.objects.values_list("notification__dedupe_key", "state")) == {
        "a": "sent",
        "b": "sent",
        "c": "skipped",
    }


def test_send_notifications_retries_what_failed_before(alice, failing_mail):
    _notify(alice)
    call_command("send_notifications", stdout=io.StringIO())
    assert Delivery.objects.get().state == "pending"
    failing_mail["fail"] = False
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    assert out.getvalue().strip() == "sent: 1"
    assert Delivery.objects.get().state == "sent"
