"""Workers' passes, the construction permit, the entry inspection, completion acceptance and the
deposit refund (seed 000 §2 steps 10-11, 16, 18; spec 04 "Completion and deposit refund").

- worker_register / worker_return: 《装修工人出入证办理表》, each worker's ID checked, a continuous
  pass number (CR…).
- permit_issue: 施工进场证 (XK…) once approved, prepared for entry, fees charged and deposit held.
- renovation_start: the entry inspection (《进场装修确认表》) with the meter readings and the closed
  water test; the unit becomes renovating; the departments get the entry notice (入场知会单).
- renovation_complete / renovation_accept: the owner applies; engineering and security inspect;
  passed: the unit's status goes back, passes are returned, the deposit is refundable three
  calendar months later.
- refundable_sweep: on that day the owner and customer service are told, once.
- renovation_refund_prepare / renovation_refund_decide: the assistant itemises the deductions
  (approved penalties, unpaid charges, damage), the parties sign, the project manager (never the
  preparer) approves through billing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.models import Charge
from wuye.billing.services.deposits import (
    deposit_held,
    deposit_refund_approve,
    deposit_refund_reject,
    deposit_refund_request,
)
from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.duties import require_other_person
from wuye.core.errors import BusinessRuleError
from wuye.core.money import to_money
from wuye.core.roles import Role
from wuye.core.validators import check_plausible_date, normalize_resident_id
from wuye.estate.choices import IdType, OccupancyStatus, StatusChangeSource
from wuye.estate.services.status import unit_change_status
from wuye.renovation.choices import (
    ON_SITE_STATUSES,
    Department,
    PenaltyStatus,
    RenovationStatus,
    SignOffStage,
)
from wuye.renovation.models import CompletionInspection, Renovation, Worker
from wuye.renovation.permissions import CS, ENGINEERING, SECURITY
from wuye.renovation.services import application as app_services
from wuye.renovation.services import common
from wuye.renovation.services.fees import charge_late_pass, deposit_is_held, fees_charged

if TYPE_CHECKING:
    from wuye.accounts.models import User

S = RenovationStatus
ZERO = Decimal("0.00")

#: the deposit becomes refundable this many calendar months after the acceptance (seed 000 §2 step 18)
REFUNDABLE_AFTER_MONTHS = 3
#: stages in which workers are registered (from the approval until the work is accepted)
WORKER_STATUSES = frozenset({S.APPROVED}) | ON_SITE_STATUSES
#: who gets the entry notice (装修入场知会单): security, engineering and customer service
ENTRY_NOTICE_ROLES = SECURITY | ENGINEERING | CS
#: who arranges the completion inspection: the engineering and security heads
INSPECTION_HEADS = frozenset({Role.ENGINEERING_LEAD, Role.SECURITY_LEAD})


def _refuse(code: str, field: str, message: str) -> BusinessRuleError:
    return BusinessRuleError(code, message, {field: [message]})


def _require_stage(renovation: Renovation, allowed, what: str) -> None:
    if renovation.status not in allowed:
        message = _("%(what)s is not possible while the renovation is “%(status)s”.") % {
            "what": what,
            "status": renovation.get_status_display(),
        }
        raise BusinessRuleError("renovation_wrong_stage", message, {"status": [message]})


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later; a day the month lacks clamps to its last day
    (2026-11-30 + 3 months = 2027-02-28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _owner_user(renovation: Renovation):
    user = renovation.owner.user
    return user if user is not None and user.is_active else None


# --- workers' passes ---------------------------------------------------------------------------


@transaction.atomic
def worker_register(
    *,
    renovation: Renovation,
    name: str,
    id_number: str,
    acting_user: User,
    id_type: str = IdType.RESIDENT_ID,
    mobile: str = "",
    trade: str = "",
    valid_until: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Worker:
    """One worker in 《装修工人出入证办理表》: the ID is checked (a resident ID by its check digit),
    once per renovation; the pass number is continuous per project and year (CR2026-0001)."""
    access.require_perm(acting_user, "renovation.manage", renovation.project_id)
    renovation = common.lock(renovation)
    _require_stage(renovation, WORKER_STATUSES, _("Registering a worker"))
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    id_number = (id_number or "").strip()
    if not name:
        errors["name"] = [_("Enter the worker's name.")]
    if id_type not in IdType.values:
        errors["id_type"] = [_("Unknown ID type.")]
    if not id_number:
        errors["id_number"] = [_("Enter the worker's ID number.")]
    elif id_type == IdType.RESIDENT_ID:
        try:
            id_number = normalize_resident_id(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    if valid_until is not None:
        if valid_until < timezone.localdate():
            errors["valid_until"] = [_("A pass cannot end before today.")]
        elif renovation.planned_end and valid_until > add_months(renovation.planned_end, 1):
            errors["valid_until"] = [
                _("A pass is valid at most one month beyond the planned end of the work.")
            ]
        elif not renovation.planned_end:
            try:
                check_plausible_date(valid_until, field="valid_until")
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    existing = renovation.workers.filter(id_type=id_type, id_number=id_number).first()
    if existing is not None:
        raise _refuse(
            "worker_registered",
            "id_number",
            _("This worker is already registered (pass %(number)s).") % {"number": existing.pass_number},
        )
    worker = Worker.objects.create(
        renovation=renovation,
        name=name[:100],
        id_type=id_type,
        id_number=id_number,
        mobile=(mobile or "").strip()[:20],
        trade=(trade or "").strip()[:60],
        pass_number=common.next_number(renovation.project_id, "CR"),
        valid_until=valid_until or renovation.planned_end,
        registered_at=event_time(at),
        registered_by=acting_user,
    )
    charge_late_pass(renovation=renovation, worker=worker, acting_user=acting_user)
    return worker


@transaction.atomic
def worker_return(*, worker: Worker, acting_user: User, at: dt.datetime | None = None) -> Worker:
    """The worker hands the pass back."""
    access.require_perm(acting_user, "renovation.manage", worker.renovation.project_id)
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if worker.returned_at is not None:
        raise _refuse("pass_returned", "worker", _("This pass was already returned."))
    worker.returned_at = event_time(at, not_before=worker.registered_at)
    stamp(worker, acting_user)
    worker.save(update_fields=["returned_at"])
    return worker


# --- the construction permit ----------------------------------------------------------------------


def permit_missing(renovation: Renovation) -> dict[str, list[str]]:
    """What still stands before the construction permit: the preparation (government approvals,
    the owner's confirmation, the agreement, the briefing), the fees and the deposit."""
    missing = dict(app_services.entry_missing(renovation))
    if not fees_charged(renovation):
        missing["fees"] = [_("the renovation fees are not charged")]
    if not deposit_is_held(renovation):
        missing["deposit"] = [_("the renovation deposit is not held")]
    return missing


@transaction.atomic
def permit_issue(*, renovation: Renovation, acting_user: User, at: dt.datetime | None = None) -> Renovation:
    """施工进场证 (spec 04 step 10): numbered XK2026-0001, posted on the door with the service phone."""
    access.require_perm(acting_user, "renovation.manage", renovation.project_id)
    renovation = common.lock(renovation)
    _require_stage(renovation, {S.APPROVED}, _("Issuing the construction permit"))
    if renovation.permit_number:
        raise _refuse(
            "permit_issued",
            "permit",
            _("The construction permit %(number)s is already issued.") % {"number": renovation.permit_number},
        )
    common.refuse_if_missing("permit_not_ready", permit_missing(renovation))
    renovation.permit_number = common.next_number(renovation.project_id, "XK")
    renovation.permit_issued_at = event_time(at, not_before=renovation.decided_at)
    stamp(renovation, acting_user)
    renovation._change_reason = "permit issued"  # type: ignore[attr-defined]
    renovation.save()
    return renovation


# --- the entry inspection -----------------------------------------------------------------------------


def _reading(value, field: str, errors: dict, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            errors[field] = [_("Enter the meter reading.")]
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = [_("Enter a number.")]
        return None
    if number < 0 or not number.is_finite():
        errors[field] = [_("A meter reading cannot be negative.")]
        return None
    return number


@transaction.atomic
def renovation_start(
    *,
    renovation: Renovation,
    acting_user: User,
    water_reading,
    electricity_reading,
    water_test_passed: bool | None,
    inspected_with: str,
    gas_reading=None,
    entry_note: str = "",
    at: dt.datetime | None = None,
) -> Renovation:
    """The entry inspection with the company or the owner (《进场装修确认表》, seed 003): the water,
    electricity (and gas, where the unit has it) meter readings, the closed water test, which must
    pass, and the state of the unit; then the work starts: the unit becomes renovating through the
    estate's status service and security, engineering and customer service get the entry notice."""
    access.require_perm(acting_user, "renovation.inspect", renovation.project_id)
    renovation = common.lock(renovation)
    common.check_transition(renovation, S.IN_PROGRESS)
    if not renovation.permit_number:
        raise _refuse("permit_missing", "permit", _("Issue the construction permit first."))
    errors: dict[str, list[str]] = {}
    water = _reading(water_reading, "water_reading", errors, required=True)
    electricity = _reading(electricity_reading, "electricity_reading", errors, required=True)
    gas = _reading(gas_reading, "gas_reading", errors, required=False)
    inspected_with = (inspected_with or "").strip()
    if not inspected_with:
        errors["inspected_with"] = [_("Name the company's or owner's representative at the inspection.")]
    if water_test_passed is None:
        errors["water_test_passed"] = [_("Record the result of the closed water test.")]
    if errors:
        raise ValidationError(errors)
    if not water_test_passed:
        raise _refuse(
            "water_test_failed",
            "water_test_passed",
            _("The closed water test must pass before the work starts; test again after the repair."),
        )
    when = event_time(at, not_before=renovation.permit_issued_at)
    unit = renovation.unit
    renovation.status_before = unit.status
    unit_change_status(
        unit=unit,
        to_status=OccupancyStatus.RENOVATING,
        acting_user=acting_user,
        reason=_("Renovation %(number)s started") % {"number": renovation.number},
        source=StatusChangeSource.RENOVATION,
        at=when,
    )
    renovation.started_at = when
    renovation.entry_inspected_by = acting_user
    renovation.entry_inspected_with = inspected_with[:100]
    renovation.water_reading, renovation.electricity_reading, renovation.gas_reading = water, electricity, gas
    renovation.water_test_passed = True
    renovation.entry_note = (entry_note or "").strip()
    stamp(renovation, acting_user)
    common.move(renovation, S.IN_PROGRESS, acting_user, reason="entry inspection")
    title = _("Renovation entry notice: %(unit)s from %(day)s") % {
        "unit": unit.code,
        "day": common.local_day(when).isoformat(),
    }
    body = _("Company %(company)s, permit %(permit)s. Patrol the unit every day.") % {
        "company": renovation.company_name,
        "permit": renovation.permit_number,
    }
    common.notify_after_commit(
        common.project_staff(renovation.project_id, ENTRY_NOTICE_ROLES),
        kind="renovation_entry",
        title=title,
        body=body,
        key=f"renovation:{renovation.pk}:entry",
        url=f"/renovations/{renovation.pk}/",
    )
    return renovation


# --- completion -------------------------------------------------------------------------------------


@transaction.atomic
def renovation_complete(
    *,
    renovation: Renovation,
    acting_user: User,
    agreed_at: dt.datetime,
    at: dt.datetime | None = None,
) -> Renovation:
    """The owner applies for completion acceptance (《竣工验收表》) and a time is agreed; the
    engineering and security heads are told."""
    access.require_perm(acting_user, "renovation.manage", renovation.project_id)
    renovation = common.lock(renovation)
    common.check_transition(renovation, S.COMPLETION_REQUESTED)
    when = event_time(at, not_before=renovation.started_at)
    if agreed_at is None:
        raise _refuse("agreed_time_required", "agreed_at", _("Agree the time of the inspection."))
    if timezone.is_naive(agreed_at):
        agreed_at = timezone.make_aware(agreed_at)
    check_plausible_date(agreed_at, field="agreed_at")
    if agreed_at < when:
        raise _refuse(
            "agreed_time_before_request",
            "agreed_at",
            _("The inspection cannot be agreed for a time before the application."),
        )
    renovation.completion_requested_at = when
    renovation.completion_agreed_at = agreed_at
    stamp(renovation, acting_user)
    common.move(renovation, S.COMPLETION_REQUESTED, acting_user, reason="completion requested")
    common.notify_after_commit(
        common.project_staff(renovation.project_id, INSPECTION_HEADS),
        kind="renovation_completion",
        title=_("Completion inspection of %(unit)s on %(time)s")
        % {"unit": renovation.unit.code, "time": timezone.localtime(agreed_at).strftime("%Y-%m-%d %H:%M")},
        body=_("Renovation %(number)s: engineering and security inspect together.")
        % {"number": renovation.number},
        key=f"renovation:{renovation.pk}:completion:{agreed_at.isoformat()}",
        url=f"/renovations/{renovation.pk}/",
    )
    return renovation


def _inspector(user, project_id: int, department: str, field: str) -> None:
    if user is None or department not in common.user_departments(user, project_id):
        raise _refuse(
            "inspector_department",
            field,
            _("The %(department)s inspector must work for %(department)s in this project.")
            % {"department": Department(department).label},
        )


@transaction.atomic
def renovation_accept(
    *,
    renovation: Renovation,
    acting_user: User,
    engineering_inspector: User,
    security_inspector: User,
    passed: bool,
    failures: str = "",
    at: dt.datetime | None = None,
) -> CompletionInspection:
    """Engineering and security inspect the finished work (one record per inspection). Failed: the
    failures and the rectification required are written and the unit is inspected again later.
    Passed: accepted on that day, refundable three calendar months later, the workers' passes
    returned, and the unit goes back to its status before the work."""
    access.require_perm(acting_user, "renovation.inspect", renovation.project_id)
    renovation = common.lock(renovation)
    _require_stage(renovation, {S.COMPLETION_REQUESTED}, _("The completion inspection"))
    _inspector(engineering_inspector, renovation.project_id, Department.ENGINEERING, "engineering_inspector")
    _inspector(security_inspector, renovation.project_id, Department.SECURITY, "security_inspector")
    failures = (failures or "").strip()
    if not passed and not failures:
        raise _refuse(
            "failures_required", "failures", _("Write down the failures and the rectification required.")
        )
    when = event_time(at, not_before=renovation.completion_requested_at)
    inspection = CompletionInspection.objects.create(
        renovation=renovation,
        at=when,
        engineering_inspector=engineering_inspector,
        security_inspector=security_inspector,
        passed=bool(passed),
        failures=failures,
        recorded_by=acting_user,
    )
    if not passed:
        return inspection
    renovation.accepted_on = common.local_day(when)
    renovation.refundable_on = add_months(renovation.accepted_on, REFUNDABLE_AFTER_MONTHS)
    renovation.workers.filter(returned_at__isnull=True).update(returned_at=when)
    back_to = renovation.status_before or OccupancyStatus.VACANT
    unit = renovation.unit
    unit.refresh_from_db(fields=["status"])
    if unit.status == OccupancyStatus.RENOVATING and back_to != OccupancyStatus.RENOVATING:
        unit_change_status(
            unit=unit,
            to_status=back_to,
            acting_user=acting_user,
            reason=_("Renovation %(number)s accepted") % {"number": renovation.number},
            source=StatusChangeSource.RENOVATION,
            at=when,
        )
    stamp(renovation, acting_user)
    common.move(renovation, S.ACCEPTED, acting_user, reason="completion accepted")
    return inspection


# --- the deposit becomes refundable -----------------------------------------------------------------


def refundable_sweep(*, today: dt.date | None = None) -> int:
    """On (or after) the day a deposit becomes refundable, tell the owner's login account and the
    project's customer service, once per renovation. Idempotent; returns the renovations told."""
    today = today or timezone.localdate()
    told = 0
    due = Renovation.objects.filter(
        status=S.ACCEPTED, refundable_on__lte=today, refundable_notified_at__isnull=True
    ).select_related("unit", "owner", "owner__user")
    for renovation in due:
        with transaction.atomic():
            locked = common.lock(renovation)
            if locked.refundable_notified_at is not None or locked.status != S.ACCEPTED:
                continue
            recipients = common.project_staff(locked.project_id, CS)
            owner_user = _owner_user(renovation)
            if owner_user is not None:
                recipients = [owner_user, *recipients]
            title = _("The renovation deposit of %(unit)s can be refunded from %(day)s") % {
                "unit": renovation.unit.code,
                "day": locked.refundable_on.isoformat() if locked.refundable_on else "",
            }
            common.notify_after_commit(
                recipients,
                kind="renovation_refundable",
                title=title,
                body=_("Renovation %(number)s was accepted on %(day)s.")
                % {
                    "number": locked.number,
                    "day": locked.accepted_on.isoformat() if locked.accepted_on else "",
                },
                key=f"renovation:{locked.pk}:refundable",
                url=f"/renovations/{locked.pk}/",
            )
            locked.refundable_notified_at = timezone.now()
            locked._change_reason = "refundable notified"  # type: ignore[attr-defined]
            locked.save(update_fields=["refundable_notified_at", "updated_at"])
            told += 1
    return told


# --- the deposit refund -----------------------------------------------------------------------------


def automatic_deductions(renovation: Renovation) -> list[dict]:
    """What the history says must be deducted: each approved penalty of the renovation's violations,
    and each unpaid charge of the unit (water, electricity and other dues, with its charge id)."""
    items: list[dict] = []
    for violation in renovation.violations.filter(penalty_status=PenaltyStatus.APPROVED).order_by(
        "found_at", "pk"
    ):
        items.append(
            {
                "reason": _("Penalty %(notice)s: %(rule)s")
                % {
                    "notice": violation.number or violation.found_at.date().isoformat(),
                    "rule": violation.penalty_rule or violation.rule,
                },
                "amount": str(to_money(violation.penalty_amount)),
                "violation": violation.pk,
            }
        )
    open_charges = (
        Charge.objects.filter(unit_id=renovation.unit_id, allocated__lt=F("amount"))
        .select_related("fee_item")
        .order_by("period_start", "pk")
    )
    for charge in open_charges:
        items.append(
            {
                "reason": _("Unpaid %(item)s %(start)s–%(end)s")
                % {
                    "item": charge.fee_item.name,
                    "start": charge.period_start.isoformat(),
                    "end": charge.period_end.isoformat(),
                },
                "amount": str(to_money(charge.amount - charge.allocated)),
                "charge": charge.pk,
            }
        )
    return items


def _damage_items(damages) -> list[dict]:
    items, errors = [], []
    for index, item in enumerate(damages or []):
        reason = str(item.get("reason", "")).strip()
        try:
            amount = to_money(str(item.get("amount", "")))
        except (InvalidOperation, ValueError, TypeError):
            amount = None
        if not reason:
            errors.append(_("Damage %(n)s: describe the damage.") % {"n": index + 1})
        if amount is None or amount <= 0:
            errors.append(_("Damage %(n)s: the amount must be positive.") % {"n": index + 1})
        else:
            items.append({"reason": _("Damage: %(what)s") % {"what": reason}, "amount": str(amount)})
    if errors:
        raise ValidationError({"damages": errors})
    return items


@transaction.atomic
def renovation_refund_prepare(
    *,
    renovation: Renovation,
    acting_user: User,
    damages: list[dict] | None = None,
    collected_by_company: bool = False,
    collect_consent: str = "",
    comment: str = "",
) -> Renovation:
    """The customer-service assistant prepares the deposit refund from the history (seed 000 §2 step
    18): not before the refundable day; the deductions itemised (the approved penalties and the
    unit's unpaid charges automatically, damage to public or neighbours' property as given); when
    the company collects, the owner's consent is recorded. The refund request goes to billing; the
    parties then sign and the project manager decides."""
    access.require_perm(acting_user, "renovation.prepare_refund", renovation.project_id)
    renovation = common.lock(renovation)
    common.check_transition(renovation, S.REFUND_REQUESTED)
    today = timezone.localdate()
    if renovation.refundable_on is None or today < renovation.refundable_on:
        day = renovation.refundable_on.isoformat() if renovation.refundable_on else "?"
        raise _refuse(
            "refund_not_yet",
            "refundable_on",
            _("The deposit can be refunded from %(day)s (three months after the acceptance).") % {"day": day},
        )
    if renovation.deposit_id is None:
        raise _refuse("no_deposit", "deposit", _("No renovation deposit is held for this renovation."))
    collect_consent = (collect_consent or "").strip()
    if collected_by_company and not collect_consent:
        raise _refuse(
            "collect_consent_required",
            "collect_consent",
            _("The company collects the refund only with the owner's consent: record it."),
        )
    deductions = automatic_deductions(renovation) + _damage_items(damages)
    billing_items = [
        {
            "reason": d["reason"][:200],
            "amount": d["amount"],
            **({"charge": d["charge"]} if "charge" in d else {}),
        }
        for d in deductions
    ]
    assert renovation.deposit is not None  # checked above: no refund without a deposit held
    refund = deposit_refund_request(
        deposit=renovation.deposit,
        deductions=billing_items,
        acting_user=acting_user,
        comment=(comment or "").strip(),
        via_procedure=True,
    )
    renovation.refund = refund
    renovation.collect_consent = collect_consent[:200] if collected_by_company else ""
    stamp(renovation, acting_user)
    common.move(renovation, S.REFUND_REQUESTED, acting_user, reason="refund prepared")
    return renovation


@transaction.atomic
def renovation_refund_decide(
    *, renovation: Renovation, approve: bool, acting_user: User, comment: str = ""
) -> Renovation:
    """The project manager, never the preparer, decides. Approval needs the refund signatures of the
    three departments, the owner, the company and the centre head; the money moves through billing
    (deductions beyond the deposit become a shortfall charge) and the renovation closes. A
    rejection, with its reason, sends it back to be prepared again."""
    access.require_perm(acting_user, "renovation.approve_refund", renovation.project_id)
    renovation = common.lock(renovation)
    _require_stage(renovation, {S.REFUND_REQUESTED}, _("Deciding the refund"))
    refund = renovation.refund
    assert refund is not None  # a renovation waiting for its refund decision has its billing refund
    require_other_person(refund.requested_by_id, acting_user, what=_("a refund you prepared"))
    comment = (comment or "").strip()
    if approve:
        common.refuse_if_missing(
            "refund_not_signed", app_services.missing_sign_offs(renovation, SignOffStage.REFUND)
        )
        deposit_refund_approve(refund=refund, acting_user=acting_user, comment=comment)
        stamp(renovation, acting_user)
        common.move(renovation, S.CLOSED, acting_user, reason="refund approved")
        owner_user = _owner_user(renovation)
        if owner_user is not None:
            refund.refresh_from_db()
            common.notify_after_commit(
                [owner_user],
                kind="renovation_refunded",
                title=_("Your renovation deposit of %(unit)s is refunded: %(amount)s yuan")
                % {"unit": renovation.unit.code, "amount": refund.refund_amount},
                body="",
                key=f"renovation:{renovation.pk}:refunded",
            )
        return renovation
    if not comment:
        raise _refuse("reason_required", "comment", _("Give the reason for sending the refund back."))
    deposit_refund_reject(refund=refund, acting_user=acting_user, comment=comment)
    # the signatures were given to these figures: the refund prepared again is signed again
    renovation.sign_offs.filter(stage=SignOffStage.REFUND).delete()
    stamp(renovation, acting_user)
    common.move(renovation, S.ACCEPTED, acting_user, reason=f"refund rejected: {comment}")
    return renovation


def refund_summary(renovation: Renovation) -> dict:
    """The memo's figures: the deposit, held, each deduction, the total, the refund, the shortfall."""
    deposit = renovation.deposit
    refund = renovation.refund
    held = deposit_held(deposit) if deposit is not None else ZERO
    return {
        "deposit": deposit.amount if deposit is not None else ZERO,
        "held": held,
        "deductions": list(refund.deductions) if refund is not None else [],
        "deduction_total": refund.deduction_total if refund is not None else ZERO,
        "refund_amount": refund.refund_amount if refund is not None else ZERO,
        "shortfall": (
            refund.shortfall_charge.amount
            if refund is not None and refund.shortfall_charge is not None
            else ZERO
        ),
    }
