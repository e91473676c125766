"""After approval (seed 000 §15 steps 3-5): posting at the designated places, retirement at the end
date and the take-down, delivery to one customer with a signature, and the archive copy."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.notices.choices import ISSUED, NoticeKind, NoticeStatus
from wuye.notices.models import Notice, NoticeDelivery
from wuye.notices.selectors import due_to_retire
from wuye.notices.services.common import check_transition, locked, notice_url, notify_after_commit

if TYPE_CHECKING:
    from wuye.accounts.models import User


@transaction.atomic
def notice_publish(*, notice: Notice, acting_user: User, now: dt.datetime | None = None) -> Notice:
    """Post an approved notice (发布张贴) — only once the project manager approved it and only within
    its dates: not before its start date, never after its end date."""
    access.require_perm(acting_user, "notices.publish", notice.project_id)
    notice = locked(notice)
    if notice.status in (NoticeStatus.DRAFT, NoticeStatus.SUBMITTED, NoticeStatus.REJECTED):
        raise BusinessRuleError(
            "notice_not_approved", _("Nothing is published before the project manager approves it.")
        )
    check_transition(notice, NoticeStatus.PUBLISHED)
    now = now or timezone.now()
    today = timezone.localdate(now)
    if today < notice.starts_on:
        msg = _("The notice is valid from %(date)s; publish it on that day.") % {
            "date": notice.starts_on.isoformat()
        }
        raise BusinessRuleError("notice_not_yet_valid", msg, {"starts_on": [msg]})
    if today > notice.ends_on:
        msg = _("The notice ended on %(date)s; it can no longer be published.") % {
            "date": notice.ends_on.isoformat()
        }
        raise BusinessRuleError("notice_expired", msg, {"ends_on": [msg]})
    notice.status = NoticeStatus.PUBLISHED
    notice.published_by, notice.published_at = acting_user, now
    stamp(notice, acting_user).save()
    return notice


def _retire(notice: Notice, now: dt.datetime, acting_user: User | None, reason: str = "") -> Notice:
    check_transition(notice, NoticeStatus.RETIRED)
    notice.status = NoticeStatus.RETIRED
    notice.retired_at, notice.retired_by, notice.retirement_reason = now, acting_user, reason
    stamp(notice, acting_user).save()
    if notice.kind == NoticeKind.PUBLIC:
        notify_after_commit(
            [notice.published_by],
            kind="notice_take_down",
            title=_("Take notice %(number)s “%(title)s” down from its posting places")
            % {"number": notice.number, "title": notice.title},
            key=f"notice-take-down:{notice.pk}",
            url=notice_url(notice),
        )
    return notice


@transaction.atomic
def notice_retire(*, notice: Notice, acting_user: User, reason: str = "") -> Notice:
    """Retire a published notice by hand: before its end date only with a reason (an event called
    off); it then appears on the take-down list."""
    access.require_perm(acting_user, "notices.publish", notice.project_id)
    notice = locked(notice)
    check_transition(notice, NoticeStatus.RETIRED)
    now = timezone.now()
    reason = (reason or "").strip()
    if notice.ends_on >= timezone.localdate(now) and not reason:
        raise ValidationError({"reason": [_("Say why the notice is retired before its end date.")]})
    return _retire(notice, now, acting_user, reason)


def notices_retire_sweep(*, now: dt.datetime | None = None) -> int:
    """Retire every published notice whose end date has passed (it retires itself; 及时撤下过期通告)
    and put it on the take-down list. Idempotent; returns how many were retired."""
    now = now or timezone.now()
    retired = 0
    for pk in list(due_to_retire(timezone.localdate(now)).values_list("pk", flat=True)):
        with transaction.atomic():
            notice = locked(Notice(pk=pk))
            if notice.status != NoticeStatus.PUBLISHED or notice.ends_on >= timezone.localdate(now):
                continue
            _retire(notice, now, None)
            retired += 1
    return retired


@transaction.atomic
def notice_taken_down(*, notice: Notice, acting_user: User, at: dt.datetime | None = None) -> Notice:
    """The desk confirms a retired notice is removed from all its posting places."""
    access.require_perm(acting_user, "notices.publish", notice.project_id)
    notice = locked(notice)
    if notice.status != NoticeStatus.RETIRED or notice.kind != NoticeKind.PUBLIC:
        raise BusinessRuleError(
            "notice_not_to_take_down",
            _("Only a retired notice posted at the designated places is taken down."),
        )
    if notice.taken_down_at is not None:
        raise BusinessRuleError("notice_already_taken_down", _("The notice is already taken down."))
    notice.taken_down_at = event_time(at, not_before=notice.retired_at)
    notice.taken_down_by = acting_user
    stamp(notice, acting_user).save()
    return notice


@transaction.atomic
def notice_deliver(
    *,
    notice: Notice,
    acting_user: User,
    recipient_name: str = "",
    signed_name: str = "",
    signed: bool = False,
    at: dt.datetime | None = None,
    note: str = "",
) -> NoticeDelivery:
    """Hand a published notice to the customer (单独向某个客户发文，送到客户手中，并请客户签收): a
    notice to be signed for needs the name the customer signed with."""
    access.require_perm(acting_user, "notices.publish", notice.project_id)
    notice = locked(notice)
    if notice.status != NoticeStatus.PUBLISHED:
        raise BusinessRuleError(
            "notice_not_published", _("Only a published notice is delivered to the customer.")
        )
    if notice.kind != NoticeKind.INDIVIDUAL and not notice.requires_signature:
        raise BusinessRuleError(
            "notice_not_delivered", _("This notice is posted, not delivered to a customer.")
        )
    recipient_name = (recipient_name or "").strip() or notice.recipient_name
    signed_name = (signed_name or "").strip()
    errors: dict[str, list[str]] = {}
    if not recipient_name:
        errors["recipient_name"] = [_("Say to whom the notice was handed.")]
    if notice.requires_signature and not signed_name:
        errors["signed_name"] = [_("Enter the name the customer signed with.")]
    if errors:
        raise ValidationError(errors)
    if notice.requires_signature and not signed:
        msg = _("The customer must sign for the notice.")
        raise BusinessRuleError("signature_missing", msg, {"signed": [msg]})
    delivery = NoticeDelivery.objects.create(
        notice=notice,
        recipient_name=recipient_name,
        delivered_at=event_time(at, not_before=notice.published_at),
        signed_name=signed_name,
        signed=bool(signed and signed_name),
        note=(note or "").strip(),
        by=acting_user,
    )
    return delivery


@transaction.atomic
def notice_archive(*, notice: Notice, acting_user: User, location: str = "") -> Notice:
    """The archivist files one copy of a notice that went out (存档一份); a notice to be signed for is
    filed with the customer's signature, so it needs a signed delivery first."""
    access.require_perm(acting_user, "notices.archive", notice.project_id)
    notice = locked(notice)
    if notice.status not in ISSUED:
        raise BusinessRuleError("notice_not_issued", _("Only a notice that went out is archived."))
    if notice.archive_copy_at is not None:
        raise BusinessRuleError("notice_already_archived", _("The notice's copy is already archived."))
    if notice.requires_signature and not notice.deliveries.filter(signed=True).exists():
        raise BusinessRuleError(
            "notice_not_signed_for",
            _("The customer has not signed for the notice yet; file the signed copy."),
        )
    notice.archive_copy_at, notice.archive_copy_by = timezone.now(), acting_user
    notice.archive_location = (location or "").strip()
    stamp(notice, acting_user).save()
    return notice
