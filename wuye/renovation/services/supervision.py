"""Supervision of the work on site (seed 000 §2 step 13, spec 04 "Supervision"): the daily patrols
of customer service, engineering and security, violations (minor: verbal, recorded; serious: the
rectification notice, owner phoned first, then the company's head, both sign), penalties under the
agreement (approved by the project manager, never the proposer; filed in the owner's archive and
deducted at the refund), hot-work permits with their time window, and the morning digest of
yesterday's patrol gaps for the department heads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.db import lock_row
from wuye.core.duties import require_other_person
from wuye.core.errors import BusinessRuleError
from wuye.core.validators import check_plausible_date
from wuye.notifications.services import notify
from wuye.renovation.choices import (
    ON_SITE_STATUSES,
    PENALTY_TRANSITIONS,
    Department,
    PenaltyStatus,
    PermitKind,
    RenovationStatus,
    Severity,
)
from wuye.renovation.models import HotWorkPermit, Patrol, PatrolPhoto, Renovation, Violation
from wuye.renovation.permissions import DEPARTMENT_HEADS
from wuye.renovation.services.common import (
    acting_department,
    local_day,
    lock,
    next_number,
    notify_after_commit,
    project_staff,
)

if TYPE_CHECKING:
    from wuye.accounts.models import User

#: hot-work permits may be issued once approved (prepared before entry) and while work is on site
PERMIT_STATUSES = ON_SITE_STATUSES | {RenovationStatus.APPROVED}

#: the parties of a rectification notice: phoned in this order, both sign
OWNER, COMPANY = "owner", "company"
NOTICE_PARTIES = (OWNER, COMPANY)


def _require_on_site(renovation: Renovation, statuses=ON_SITE_STATUSES) -> None:
    if renovation.status not in statuses:
        msg = _("Not possible while the renovation is “%(status)s”.") % {
            "status": RenovationStatus(renovation.status).label
        }
        raise BusinessRuleError("renovation_not_on_site", msg, {"status": [msg]})


def _text(value: str | None) -> str:
    return (value or "").strip()


def _lock_violation(violation: Violation) -> Violation:
    return lock_row(Violation, violation.pk, queryset=Violation.objects.select_related("renovation"))


def _require_serious(violation: Violation) -> None:
    if violation.severity != Severity.SERIOUS:
        msg = _("Only a serious violation has a rectification notice.")
        raise BusinessRuleError("violation_not_serious", msg, {"severity": [msg]})


def _save(obj, acting_user, reason: str):
    stamp(obj, acting_user)
    obj._change_reason = reason[:100]
    obj.save()
    return obj


# --- patrols ----------------------------------------------------------------------------------------


def active_permit(renovation_id: int, at: dt.datetime) -> HotWorkPermit | None:
    """The hot-work permit whose window covers `at` (not cancelled), if any."""
    return (
        HotWorkPermit.objects.filter(
            renovation_id=renovation_id,
            kind=PermitKind.HOT_WORK,
            cancelled_at__isnull=True,
            starts_at__lte=at,
            ends_at__gt=at,
        )
        .order_by("starts_at")
        .first()
    )


#: at most this many photos per patrol, each at most PHOTO_MAX_BYTES
PHOTO_MAX_COUNT = 6
PHOTO_MAX_BYTES = 10 * 1024 * 1024


def check_photos(photos: list) -> None:
    """A patrol's photos: a few, each of a reasonable size (the form and API check they are images)."""
    errors = []
    if len(photos) > PHOTO_MAX_COUNT:
        errors.append(_("At most %(n)s photos per patrol.") % {"n": PHOTO_MAX_COUNT})
    for photo in photos:
        if getattr(photo, "size", 0) > PHOTO_MAX_BYTES:
            errors.append(
                _("%(name)s is larger than %(mb)s MB.") % {"name": photo.name, "mb": PHOTO_MAX_BYTES // 2**20}
            )
    if errors:
        raise ValidationError({"photos": errors})


@transaction.atomic
def patrol_record(
    *,
    renovation: Renovation,
    acting_user: User,
    department: str | None = None,
    at: dt.datetime | None = None,
    findings: str = "",
    all_in_order: bool = True,
    hot_work_seen: bool = False,
    photos=(),
) -> Patrol:
    """One department's patrol of a renovating unit (巡视记录表; seed 000 §2 step 13: customer
    service, engineering and security each patrol every day). One per renovation, department and
    day: a second answers 400 naming the first. Hot work seen when no hot-work permit's window
    covers the time is recorded at once as a serious violation (动火审批, spec 04)."""
    access.require_perm(acting_user, "renovation.patrol", renovation.project_id)
    renovation = lock(renovation)
    _require_on_site(renovation)
    department = acting_department(acting_user, renovation.project_id, department)
    at = event_time(at, not_before=renovation.started_at)
    findings = _text(findings)
    if not all_in_order and not findings:
        raise ValidationError({"findings": [_("Say what was found when not everything is in order.")]})
    photos = list(photos or ())
    check_photos(photos)
    day = local_day(at)
    existing = (
        Patrol.objects.filter(renovation=renovation, department=department, day=day)
        .select_related("by")
        .first()
    )
    if existing is not None:
        msg = _("%(department)s already patrolled this unit on %(day)s (%(time)s, %(by)s).") % {
            "department": Department(department).label,
            "day": day.isoformat(),
            "time": timezone.localtime(existing.at).strftime("%H:%M"),
            "by": existing.by,
        }
        raise BusinessRuleError(
            "patrol_already_recorded", msg, {"at": [msg], "existing_patrol": [str(existing.pk)]}
        )
    patrol = Patrol.objects.create(
        renovation=renovation,
        department=department,
        day=day,
        at=at,
        by=acting_user,
        findings=findings,
        all_in_order=all_in_order and not hot_work_seen,
        hot_work_seen=hot_work_seen,
    )
    for photo in photos or ():
        PatrolPhoto.objects.create(patrol=patrol, file=photo)
    if hot_work_seen and active_permit(renovation.pk, at) is None:
        _violation_create(
            renovation=renovation,
            acting_user=acting_user,
            severity=Severity.SERIOUS,
            department=department,
            at=at,
            rule=_("Hot work outside the permit window"),
            description=findings or _("Hot work seen on patrol with no hot-work permit covering the time."),
            action_taken=_("Hot work stopped on the spot"),
            rectify_by=day,
            patrol=patrol,
        )
    return patrol


# --- violations -------------------------------------------------------------------------------------


def _violation_create(
    *,
    renovation: Renovation,
    acting_user: User,
    severity: str,
    department: str,
    at: dt.datetime,
    rule: str,
    description: str,
    action_taken: str,
    rectify_by: dt.date | None,
    patrol: Patrol | None,
) -> Violation:
    violation = Violation(
        renovation=renovation,
        severity=severity,
        found_at=at,
        found_by=acting_user,
        department=department,
        rule=rule[:200],
        description=description,
        action_taken=action_taken[:200],
        patrol=patrol,
        rectify_by=rectify_by if severity == Severity.SERIOUS else None,
    )
    if severity == Severity.SERIOUS:
        violation.number = next_number(renovation.project_id, "WZ")
    _save(violation, acting_user, "recorded")
    if severity == Severity.SERIOUS:
        # the customer-service centre drafts the notice and phones the owner (seed 000 §2 step 13.2)
        heads = project_staff(renovation.project_id, {DEPARTMENT_HEADS[Department.CUSTOMER_SERVICE]})
        notify_after_commit(
            heads,
            kind="renovation_violation",
            title=_("Serious renovation violation %(number)s at %(unit)s: %(rule)s")
            % {"number": violation.number, "unit": renovation.unit.code, "rule": violation.rule},
            body=violation.description,
            key=f"renovation-violation:{violation.pk}",
            url=f"/renovations/{renovation.pk}/",
        )
    return violation


@transaction.atomic
def violation_record(
    *,
    renovation: Renovation,
    acting_user: User,
    severity: str,
    rule: str,
    description: str,
    department: str | None = None,
    at: dt.datetime | None = None,
    action_taken: str = "",
    rectify_by: dt.date | None = None,
    patrol: Patrol | None = None,
) -> Violation:
    """A violation found on site (seed 000 §2 step 13.2). Minor: corrected or warned verbally, the
    action taken recorded. Serious: a rectification notice numbered WZ… with the date to rectify by."""
    access.require_perm(acting_user, "renovation.record_violation", renovation.project_id)
    renovation = lock(renovation)
    _require_on_site(renovation)
    department = acting_department(acting_user, renovation.project_id, department)
    at = event_time(at, not_before=renovation.started_at)
    rule, description, action_taken = _text(rule), _text(description), _text(action_taken)
    errors: dict[str, list[str]] = {}
    if severity not in Severity.values:
        errors["severity"] = [_("Say whether the violation is minor or serious.")]
    if not rule:
        errors["rule"] = [_("Name the rule violated.")]
    if not description:
        errors["description"] = [_("Describe what was found.")]
    if severity == Severity.MINOR and not action_taken:
        errors["action_taken"] = [_("Say how it was corrected or warned on the spot.")]
    if severity == Severity.SERIOUS:
        if rectify_by is None:
            errors["rectify_by"] = [_("Give the date by which it must be rectified.")]
        elif rectify_by < local_day(at):
            errors["rectify_by"] = [_("The rectification date cannot be before the day it was found.")]
        elif rectify_by > local_day(at) + dt.timedelta(days=90):
            errors["rectify_by"] = [_("Give a rectification date within three months.")]
    if patrol is not None and patrol.renovation_id != renovation.pk:
        errors["patrol"] = [_("This patrol is of another renovation.")]
    if errors:
        raise ValidationError(errors)
    return _violation_create(
        renovation=renovation,
        acting_user=acting_user,
        severity=severity,
        department=department,
        at=at,
        rule=rule,
        description=description,
        action_taken=action_taken,
        rectify_by=rectify_by,
        patrol=patrol,
    )


def _party(party: str) -> str:
    if party not in NOTICE_PARTIES:
        raise ValidationError({"party": [_("Say whether the owner or the company's head.")]})
    return party


@transaction.atomic
def violation_phone(
    *,
    violation: Violation,
    party: str,
    acting_user: User,
    at: dt.datetime | None = None,
    note: str = "",
) -> Violation:
    """The phone calls of a serious violation: the owner first (to gain the owner's understanding
    and support), then the renovation company's head (seed 000 §2 step 13.2)."""
    access.require_perm(acting_user, "renovation.record_violation", violation.renovation.project_id)
    violation = _lock_violation(violation)
    _require_serious(violation)
    party = _party(party)
    if party == OWNER:
        if violation.owner_phoned_at:
            msg = _("The owner's call is already recorded.")
            raise BusinessRuleError("already_phoned", msg, {"party": [msg]})
        violation.owner_phoned_at = event_time(at, not_before=violation.found_at)
        violation.owner_phone_note = _text(note)[:200]
    else:
        if violation.owner_phoned_at is None:
            msg = _("Phone the owner first, then the company's head.")
            raise BusinessRuleError("owner_not_phoned", msg, {"party": [msg]})
        if violation.company_phoned_at:
            msg = _("The company head's call is already recorded.")
            raise BusinessRuleError("already_phoned", msg, {"party": [msg]})
        violation.company_phoned_at = event_time(at, not_before=violation.owner_phoned_at)
    return _save(violation, acting_user, f"phoned {party}")


@transaction.atomic
def violation_sign(
    *, violation: Violation, party: str, acting_user: User, at: dt.datetime | None = None
) -> Violation:
    """The owner and the company's head each sign for the written notice (after their call)."""
    access.require_perm(acting_user, "renovation.record_violation", violation.renovation.project_id)
    violation = _lock_violation(violation)
    _require_serious(violation)
    party = _party(party)
    phoned = violation.owner_phoned_at if party == OWNER else violation.company_phoned_at
    signed_field = "owner_signed_at" if party == OWNER else "company_signed_at"
    if phoned is None:
        msg = _("Record the phone call before the signature.")
        raise BusinessRuleError("not_phoned", msg, {"party": [msg]})
    if getattr(violation, signed_field):
        msg = _("This signature is already recorded.")
        raise BusinessRuleError("already_signed", msg, {"party": [msg]})
    setattr(violation, signed_field, event_time(at, not_before=violation.found_at))
    return _save(violation, acting_user, f"signed {party}")


@transaction.atomic
def violation_rectified(
    *, violation: Violation, acting_user: User, note: str, at: dt.datetime | None = None
) -> Violation:
    """The violation is put right (checked on site)."""
    access.require_perm(acting_user, "renovation.record_violation", violation.renovation.project_id)
    violation = _lock_violation(violation)
    if violation.rectified_at:
        msg = _("The rectification is already recorded.")
        raise BusinessRuleError("already_rectified", msg, {"at": [msg]})
    note = _text(note)
    if not note:
        raise ValidationError({"note": [_("Say how it was rectified.")]})
    violation.rectified_at = event_time(at, not_before=violation.found_at)
    violation.rectified_note = note[:200]
    return _save(violation, acting_user, "rectified")


# --- penalties --------------------------------------------------------------------------------------


def _check_penalty_move(violation: Violation, to_status: str) -> None:
    if to_status not in PENALTY_TRANSITIONS[violation.penalty_status]:
        msg = _("The penalty is “%(status)s”; this step is not possible.") % {
            "status": PenaltyStatus(violation.penalty_status).label
        }
        raise BusinessRuleError("penalty_transition_forbidden", msg, {"penalty_status": [msg]})


@transaction.atomic
def penalty_propose(
    *, violation: Violation, amount: Decimal, rule: str, acting_user: User, note: str = ""
) -> Violation:
    """A penalty under the management agreement, written on the rectification notice with the clause
    violated (seed 000 §2 step 13.3); the project manager approves it."""
    access.require_perm(acting_user, "renovation.record_violation", violation.renovation.project_id)
    violation = _lock_violation(violation)
    _require_serious(violation)
    _check_penalty_move(violation, PenaltyStatus.PROPOSED)
    rule = _text(rule)
    errors = {}
    if amount is None or Decimal(amount) <= 0:
        errors["amount"] = [_("The penalty must be more than zero.")]
    if not rule:
        errors["rule"] = [_("Name the clause of the agreement.")]
    if errors:
        raise ValidationError(errors)
    violation.penalty_status = PenaltyStatus.PROPOSED
    violation.penalty_amount = Decimal(amount)
    violation.penalty_rule = rule[:200]
    violation.penalty_proposed_by = acting_user
    violation.penalty_proposed_at = timezone.now()
    violation.penalty_decided_by = None
    violation.penalty_decided_at = None
    violation.penalty_note = _text(note)[:200]
    _save(violation, acting_user, "penalty proposed")
    renovation = violation.renovation
    notify_after_commit(
        [
            user
            for user in project_staff(renovation.project_id, access.roles_with("renovation.approve_penalty"))
            if user.pk != acting_user.pk
        ],
        kind="renovation_penalty",
        title=_("Penalty of %(amount)s yuan proposed on %(number)s (%(unit)s)")
        % {"amount": violation.penalty_amount, "number": violation.number, "unit": renovation.unit.code},
        body=violation.penalty_rule,
        key=f"renovation-penalty:{violation.pk}:{violation.penalty_proposed_at:%Y%m%d%H%M%S}",
        url=f"/renovations/{renovation.pk}/",
    )
    return violation


@transaction.atomic
def penalty_decide(*, violation: Violation, approve: bool, acting_user: User, comment: str = "") -> Violation:
    """The project manager approves or rejects a proposed penalty, never their own proposal. An
    approved penalty is filed in the owner's archive and deducted at the deposit refund."""
    access.require_perm(acting_user, "renovation.approve_penalty", violation.renovation.project_id)
    violation = _lock_violation(violation)
    to_status = PenaltyStatus.APPROVED if approve else PenaltyStatus.REJECTED
    _check_penalty_move(violation, to_status)
    require_other_person(violation.penalty_proposed_by_id, acting_user, what=_("a penalty you proposed"))
    comment = _text(comment)
    if not approve and not comment:
        raise ValidationError({"comment": [_("Say why the penalty is rejected.")]})
    violation.penalty_status = to_status
    violation.penalty_decided_by = acting_user
    violation.penalty_decided_at = timezone.now()
    violation.penalty_note = comment[:200]
    violation.filed_owner_id = violation.renovation.owner_id if approve else None
    _save(violation, acting_user, f"penalty {to_status}")
    if violation.penalty_proposed_by is not None:
        notify_after_commit(
            [violation.penalty_proposed_by],
            kind="renovation_penalty",
            title=(_("Penalty on %(number)s approved") if approve else _("Penalty on %(number)s rejected"))
            % {"number": violation.number},
            body=comment,
            key=f"renovation-penalty-decided:{violation.pk}:{violation.penalty_decided_at:%Y%m%d%H%M%S}",
            url=f"/renovations/{violation.renovation_id}/",
        )
    return violation


# --- hot-work permits ---------------------------------------------------------------------------------


#: a hot-work permit is for a short, supervised window
MAX_PERMIT_WINDOW = dt.timedelta(days=7)


@transaction.atomic
def hot_work_permit_issue(
    *,
    renovation: Renovation,
    acting_user: User,
    work: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    precautions: str,
    kind: str = PermitKind.HOT_WORK,
    location: str = "",
    fire_watch: str = "",
    operator: str = "",
    operator_certificate: str = "",
) -> HotWorkPermit:
    """动火审批 (or the written consent to bring in prohibited materials, seed 000 §2 step 13.4): a
    time window and the fire precautions; numbered DH…"""
    access.require_perm(acting_user, "renovation.issue_permit", renovation.project_id)
    renovation = lock(renovation)
    _require_on_site(renovation, PERMIT_STATUSES)
    work, precautions = _text(work), _text(precautions)
    errors: dict[str, list[str]] = {}
    if kind not in PermitKind.values:
        errors["kind"] = [_("Unknown kind of permit.")]
    if not work:
        errors["work"] = [_("Say what work or materials the permit is for.")]
    if not precautions:
        errors["precautions"] = [_("List the fire precautions.")]
    if starts_at is None:
        errors["starts_at"] = [_("Give the start of the window.")]
    if ends_at is None:
        errors["ends_at"] = [_("Give the end of the window.")]
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = [_("The window must end after it starts.")]
    elif starts_at is not None and ends_at - starts_at > MAX_PERMIT_WINDOW:
        errors["ends_at"] = [
            _("A permit covers at most %(days)s days; issue another for later work.")
            % {"days": MAX_PERMIT_WINDOW.days}
        ]
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        try:
            check_plausible_date(value, field=name)
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.message_dict[name])
    if errors:
        raise ValidationError(errors)
    permit = HotWorkPermit(
        renovation=renovation,
        number=next_number(renovation.project_id, "DH"),
        kind=kind,
        work=work[:200],
        location=_text(location)[:100],
        starts_at=starts_at,
        ends_at=ends_at,
        precautions=precautions,
        fire_watch=_text(fire_watch)[:100],
        operator=_text(operator)[:100],
        operator_certificate=_text(operator_certificate)[:60],
        approved_at=timezone.now(),
        approved_by=acting_user,
    )
    return _save(permit, acting_user, "issued")


@transaction.atomic
def hot_work_permit_cancel(
    *, permit: HotWorkPermit, acting_user: User, at: dt.datetime | None = None
) -> HotWorkPermit:
    """Withdraw a permit; hot work after that time is outside every window."""
    access.require_perm(acting_user, "renovation.issue_permit", permit.renovation.project_id)
    permit = lock_row(HotWorkPermit, permit.pk)
    if permit.cancelled_at:
        msg = _("The permit is already cancelled.")
        raise BusinessRuleError("permit_cancelled", msg, {"permit": [msg]})
    permit.cancelled_at = event_time(at)
    return _save(permit, acting_user, "cancelled")


# --- the morning digest of patrol gaps ----------------------------------------------------------------


def patrol_gaps_digest(*, day: dt.date | None = None) -> int:
    """Tell each department head (DEPARTMENT_HEADS, in their project) which renovating units their
    department did not patrol on `day` (default: yesterday). Idempotent: one message per head,
    project, department and day. Returns the messages created."""
    from wuye.renovation.selectors_board import patrol_gaps

    day = day or timezone.localdate() - dt.timedelta(days=1)
    gaps = patrol_gaps(day)  # {(project_id, department): [renovation, ...]}
    sent = 0
    for (project_id, department), renovations in sorted(gaps.items()):
        units = ", ".join(f"{r.unit.code} ({r.number})" for r in renovations)
        title = _("%(department)s: %(count)s renovating units not patrolled on %(day)s") % {
            "department": Department(department).label,
            "count": len(renovations),
            "day": day.isoformat(),
        }
        for head in project_staff(project_id, {DEPARTMENT_HEADS[department]}):
            if notify(
                recipient=head,
                kind="renovation_patrol_gaps",
                title=title,
                body=units,
                dedupe_key=f"renovation-patrol-gaps:{project_id}:{department}:{day.isoformat()}",
                url=f"/renovations/board/?project={project_id}&date={day.isoformat()}",
            ):
                sent += 1
    return sent
