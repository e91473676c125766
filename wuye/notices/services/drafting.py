"""Drafting and approval of a notice (seed 000 §15 steps 1-2): an assistant drafts it in the
company's format and proof-reads it; the project manager approves and signs it before anything
goes out — never the person who drafted it; the approval gives the unified document number."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import stamp
from wuye.core.duties import require_other_person
from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.core.sequences import next_value
from wuye.core.validators import check_plausible_date
from wuye.notices.choices import EDITABLE, NoticeKind, NoticeStatus
from wuye.notices.models import Notice
from wuye.notices.selectors import issuing_department, posting_places
from wuye.notices.services.common import (
    check_transition,
    locked,
    notice_url,
    notify_after_commit,
    project_staff,
)

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Project, Unit

#: the fields a draft's author fills in (create and update take these)
CONTENT_FIELDS = (
    "title",
    "body",
    "kind",
    "unit",
    "recipient_name",
    "issuing_department",
    "posting_places",
    "starts_on",
    "ends_on",
    "requires_signature",
)


def format_number(year: int, serial: int) -> str:
    """The unified document number (统一文号), e.g. 〔2026〕第 001 号."""
    return f"〔{year}〕第 {serial:03d} 号"


def sequence_key(project_id: int, year: int) -> str:
    return f"notices:{project_id}:{year}"


def _check_content(notice: Notice) -> None:
    """Every field a notice needs, all named at once (ValidationError → 400 with fields)."""
    errors: dict[str, list[str]] = {}
    notice.title = (notice.title or "").strip()
    notice.body = (notice.body or "").strip()
    notice.recipient_name = (notice.recipient_name or "").strip()
    notice.issuing_department = (notice.issuing_department or "").strip() or issuing_department(
        notice.project
    )
    if not notice.title:
        errors["title"] = [_("Give the notice a title.")]
    if not notice.body:
        errors["body"] = [_("Write the text of the notice.")]
    if notice.kind not in NoticeKind.values:
        errors["kind"] = [_("Choose the kind of notice.")]
    for field in ("starts_on", "ends_on"):
        value = getattr(notice, field)
        if value is None:
            errors[field] = [_("Enter the date.")]
            continue
        try:
            check_plausible_date(value, field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if "starts_on" not in errors and "ends_on" not in errors and notice.ends_on < notice.starts_on:
        errors["ends_on"] = [_("The end date cannot be before the start date.")]
    places = [str(p).strip() for p in (notice.posting_places or []) if str(p).strip()]
    notice.posting_places = list(dict.fromkeys(places))
    if notice.kind == NoticeKind.INDIVIDUAL:
        if notice.unit is None:
            errors["unit"] = [_("A notice to one customer names the customer's unit.")]
        elif notice.unit.project_id != notice.project_id:
            errors["unit"] = [_("The unit is not in this project.")]
        notice.posting_places = []
    else:
        notice.unit = None
        allowed = posting_places(notice.project)
        unknown = [p for p in notice.posting_places if p not in allowed]
        if not notice.posting_places:
            errors["posting_places"] = [_("Choose where the notice is posted (the designated places).")]
        elif unknown:
            errors["posting_places"] = [
                _("Post only at the designated places: %(places)s is not one of them.")
                % {"places": "、".join(unknown)}
            ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def notice_create(
    *,
    project: Project,
    title: str,
    body: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    acting_user: User,
    kind: str = NoticeKind.PUBLIC,
    unit: Unit | None = None,
    recipient_name: str = "",
    issuing_department: str = "",
    posting_places: list[str] | tuple[str, ...] = (),
    requires_signature: bool | None = None,
) -> Notice:
    """A customer-service assistant drafts a notice (拟写通知、提示). A notice to one customer is
    signed for unless said otherwise."""
    access.require_perm(acting_user, "notices.draft", project.pk)
    notice = Notice(
        project=project,
        title=title,
        body=body,
        kind=kind,
        unit=unit,
        recipient_name=recipient_name,
        issuing_department=issuing_department,
        posting_places=list(posting_places or []),
        starts_on=starts_on,  # type: ignore[misc]  # a missing date is refused by _check_content
        ends_on=ends_on,  # type: ignore[misc]
        requires_signature=(kind == NoticeKind.INDIVIDUAL)
        if requires_signature is None
        else requires_signature,
        status=NoticeStatus.DRAFT,
        drafted_by=acting_user,
        drafted_at=timezone.now(),
    )
    _check_content(notice)
    stamp(notice, acting_user).save()
    return notice


@transaction.atomic
def notice_update(*, notice: Notice, acting_user: User, **changes: Any) -> Notice:
    """Change the text of a draft. A notice the project manager sent back goes back to draft when it
    is changed (rejected → draft), to be proof-read and submitted again."""
    access.require_perm(acting_user, "notices.draft", notice.project_id)
    notice = locked(notice)
    if notice.status not in EDITABLE:
        raise BusinessRuleError(
            "notice_not_editable",
            _("The notice is %(status)s; only a draft can be changed.")
            % {"status": notice.get_status_display()},
        )
    unknown = set(changes) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"not a notice's content: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(notice, field, value)
    if notice.requires_signature is None:  # not said: a notice to one customer is signed for
        notice.requires_signature = notice.kind == NoticeKind.INDIVIDUAL
    _check_content(notice)
    if notice.status == NoticeStatus.REJECTED:
        check_transition(notice, NoticeStatus.DRAFT)
        notice.status = NoticeStatus.DRAFT
    notice.proofread = False
    stamp(notice, acting_user).save()
    return notice


@transaction.atomic
def notice_submit(*, notice: Notice, acting_user: User, proofread: bool) -> Notice:
    """The drafter proof-reads the notice (检查有无错别字) and sends it to the project manager."""
    access.require_perm(acting_user, "notices.draft", notice.project_id)
    notice = locked(notice)
    check_transition(notice, NoticeStatus.SUBMITTED)
    if not proofread:
        msg = _("Proof-read the notice for wrong characters before submitting it.")
        raise BusinessRuleError("notice_not_proofread", msg, {"proofread": [msg]})
    _check_content(notice)  # the project's posting places may have changed since drafting
    notice.status = NoticeStatus.SUBMITTED
    notice.proofread = True
    notice.submitted_by, notice.submitted_at = acting_user, timezone.now()
    notice.rejected_by, notice.rejected_at, notice.rejection_reason = None, None, ""
    stamp(notice, acting_user).save()
    notify_after_commit(
        [u for u in project_staff(notice.project_id, {Role.PROJECT_MANAGER}) if u.pk != notice.drafted_by_id],
        kind="notice_submitted",
        title=_("Notice “%(title)s” waits for your approval") % {"title": notice.title},
        key=f"notice-submitted:{notice.pk}:{notice.submitted_at:%Y%m%d%H%M%S%f}",
        url=notice_url(notice),
    )
    return notice


def _require_not_drafter(notice: Notice, acting_user: User) -> None:
    require_other_person(notice.drafted_by_id, acting_user, what=_("a notice you drafted"))


@transaction.atomic
def notice_approve(*, notice: Notice, acting_user: User) -> Notice:
    """The project manager approves and signs the notice (审批、签阅); it gets the next document number
    of the project and year (continuous, no gaps: only approved notices are numbered)."""
    access.require_perm(acting_user, "notices.approve", notice.project_id)
    notice = locked(notice)
    check_transition(notice, NoticeStatus.APPROVED)
    _require_not_drafter(notice, acting_user)
    now = timezone.now()
    if notice.ends_on < timezone.localdate(now):
        msg = _("The notice ended on %(date)s; send it back to change its dates.") % {
            "date": notice.ends_on.isoformat()
        }
        raise BusinessRuleError("notice_expired", msg, {"ends_on": [msg]})
    year = timezone.localdate(now).year
    notice.year = year
    notice.serial = next_value(sequence_key(notice.project_id, year))
    notice.number = format_number(year, notice.serial)
    notice.status = NoticeStatus.APPROVED
    notice.approved_by, notice.approved_at = acting_user, now
    stamp(notice, acting_user).save()
    notify_after_commit(
        [notice.drafted_by],
        kind="notice_approved",
        title=_("Notice %(number)s “%(title)s” is approved")
        % {"number": notice.number, "title": notice.title},
        key=f"notice-approved:{notice.pk}",
        url=notice_url(notice),
    )
    return notice


@transaction.atomic
def notice_reject(*, notice: Notice, acting_user: User, reason: str) -> Notice:
    """The project manager sends the notice back with the reason; the drafter changes it."""
    access.require_perm(acting_user, "notices.approve", notice.project_id)
    notice = locked(notice)
    check_transition(notice, NoticeStatus.REJECTED)
    _require_not_drafter(notice, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the notice is sent back.")]})
    notice.status = NoticeStatus.REJECTED
    notice.rejected_by, notice.rejected_at, notice.rejection_reason = acting_user, timezone.now(), reason
    stamp(notice, acting_user).save()
    notify_after_commit(
        [notice.drafted_by],
        kind="notice_rejected",
        title=_("Notice “%(title)s” was sent back: %(reason)s") % {"title": notice.title, "reason": reason},
        key=f"notice-rejected:{notice.pk}:{notice.rejected_at:%Y%m%d%H%M%S%f}",
        url=notice_url(notice),
    )
    return notice
