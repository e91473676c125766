"""Create notifications (idempotently) and deliver them through the configured channels.

Channels are classes named in settings.WUYE_NOTIFICATION_CHANNELS; each has `name` and
`send(notification) -> bool` (False: nothing to send, e.g. no e-mail address). In-app is the
outbox row itself. SMS or WeChat backends can be added without touching callers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from wuye.notifications.models import Delivery, Notification

if TYPE_CHECKING:
    from wuye.accounts.models import User


class EmailChannel:
    name = "email"

    def send(self, notification: Notification) -> bool:
        address = notification.recipient.email
        if not address:
            return False
        send_mail(notification.title, notification.body or notification.title, None, [address])
        return True


def channels() -> list:
    return [import_string(path)() for path in getattr(settings, "WUYE_NOTIFICATION_CHANNELS", [])]


def notify(
    *,
    recipient: User | None,
    kind: str,
    title: str,
    body: str = "",
    dedupe_key: str,
    ticket: models.Model | None = None,
    url: str = "",
) -> Notification | None:
    """Put one message in the outbox unless the same (recipient, dedupe_key) is already there.
    `ticket` is the service-desk ticket it is about (typed loosely: this app sits below the service desk)."""
    if recipient is None or not recipient.is_active:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=title[:200],
                body=body,
                dedupe_key=dedupe_key[:150],
                ticket_id=ticket.pk if ticket is not None else None,
                url=url,
            )
            Delivery.objects.bulk_create(
                [Delivery(notification=notification, channel=c.name) for c in channels()]
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: deliver_pending(notification_ids=[notification.pk]))
    return notification


def deliver_pending(*, notification_ids: list[int] | None = None, limit: int = 500) -> int:
    """Send pending deliveries (called after commit and by `send_notifications`); returns sent count."""
    by_name = {c.name: c for c in channels()}
    pending = Delivery.objects.filter(state=Delivery.State.PENDING, attempts__lt=5).select_related(
        "notification__recipient"
    )
    if notification_ids is not None:
        pending = pending.filter(notification_id__in=notification_ids)
    sent = 0
    for delivery in pending[:limit]:
        channel = by_name.get(delivery.channel)
        delivery.attempts += 1
        try:
            if channel is None or not channel.send(delivery.notification):
                delivery.state = Delivery.State.SKIPPED
            else:
                delivery.state, delivery.sent_at = Delivery.State.SENT, timezone.now()
                sent += 1
        except Exception as exc:  # a failing backend must not break the caller; retried later
            delivery.last_error = str(exc)[:1000]
            if delivery.attempts >= 5:
                delivery.state = Delivery.State.FAILED
        delivery.save(update_fields=["attempts", "state", "sent_at", "last_error"])
    return sent


def notification_mark_read(*, notification: Notification, acting_user: User) -> Notification:
    if notification.recipient_id != acting_user.pk:
        from django.http import Http404

        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, acting_user: User) -> int:
    """Mark every unread notification of the acting user read; returns how many were unread."""
    return Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notify_after_commit(users, *, kind: str, title: str, key: str, body: str = "", url: str = "") -> None:
    """One message per user in the outbox once the procedure's transaction commits (never for a
    rolled-back one); `key` is the dedupe key."""
    users = [user for user in users if user is not None]

    def send():
        for user in users:
            notify(recipient=user, kind=kind, title=title, body=body, dedupe_key=key, url=url)

    transaction.on_commit(send)
