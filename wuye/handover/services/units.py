"""Handing over one unit (seed 000 §1, spec 04): the nine steps in order, then the unit becomes
vacant and the ownership starts on the handover day — in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing import services as billing
from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.estate import services as estate
from wuye.estate.choices import OccupancyStatus, StatusChangeSource
from wuye.estate.models import Owner, RosterEntry, Unit
from wuye.handover.choices import FORM_STEPS, HANDOVER_TRANSITIONS, STEP_ORDER, HandoverStatus, Step
from wuye.handover.models import Handover, HandoverBatch, HandoverStep
from wuye.handover.services.fees import prepaid_fees
from wuye.keys import services as keys
from wuye.keys.choices import KeySource

#: the owner archive is complete with these (seed 000 §1: 尤其是紧急联系电话和生日)
ARCHIVE_REQUIRED = ("mobile", "emergency_mobile", "birthday")


def _refuse(code: str, message: str, field: str | None = None) -> BusinessRuleError:
    return BusinessRuleError(code, message, {field: [message]} if field else None)


def handover_start(*, batch: HandoverBatch, unit: Unit, acting_user) -> Handover:
    """Open the handover form of a unit of the batch: a unit not handed over yet, of the batch's
    project (and buildings, where the batch names some), with no other handover."""
    access.require_perm(acting_user, "handover.manage", batch.project_id)
    if unit.project_id != batch.project_id:
        raise _refuse("unit_of_other_project", _("The unit belongs to another project."), "unit")
    building_ids = set(batch.buildings.values_list("pk", flat=True))
    if building_ids and unit.building_id not in building_ids:
        raise _refuse("unit_not_in_batch", _("The unit is not in a building of this batch."), "unit")
    if unit.status != OccupancyStatus.NOT_HANDED_OVER:
        raise _refuse("unit_already_handed_over", _("The unit has already been handed over."), "unit")
    try:
        with transaction.atomic():
            handover = Handover(project_id=batch.project_id, batch=batch, unit=unit, started_by=acting_user)
            stamp(handover, acting_user).save()
    except IntegrityError as exc:
        raise _refuse("handover_exists", _("The unit already has a handover form."), "unit") from exc
    return handover


def handover_complete_step(
    *, handover: Handover, step: str, acting_user, at: dt.datetime | None = None, **data: Any
) -> Handover:
    """Record one step of the handover form. The steps go in the order of spec 04; a step out of
    order is refused naming the step that comes next. The payment step takes the money through
    billing (the cashier's `billing.take_payment`); the others need `handover.manage`."""
    if step not in FORM_STEPS:
        if step == Step.RECORDED:
            raise _refuse("finish_is_separate", _("The last step is done by finishing the handover."), "step")
        raise _refuse("unknown_step", _("Unknown handover step."), "step")
    if step != Step.PAID:
        access.require_perm(acting_user, "handover.manage", handover.project_id)
    else:
        access.require_perm(acting_user, "billing.take_payment", handover.project_id)
    with transaction.atomic():
        locked = (
            Handover.objects.select_for_update(of=("self",))
            .select_related("unit", "owner")
            .get(pk=handover.pk)
        )
        _check_in_progress(locked)
        expected = locked.next_step
        if step != expected:
            done = STEP_ORDER.index(step) < STEP_ORDER.index(expected or Step.RECORDED)
            message = (_("The step “%(step)s” is already done.") if done else _("Do “%(next)s” first.")) % {
                "step": Step(step).label,
                "next": Step(expected).label if expected else "",
            }
            raise _refuse("step_done" if done else "step_out_of_order", message, "step")
        previous = locked.steps.order_by("-at").values_list("at", flat=True).first()
        when = event_time(at, not_before=previous)
        detail = STEP_HANDLERS[step](locked, acting_user, when, data)
        HandoverStep.objects.create(handover=locked, step=step, at=when, done_by=acting_user, detail=detail)
        locked.last_step = step
        stamp(locked, acting_user).save()
    handover.refresh_from_db()
    return handover


def _check_in_progress(handover: Handover) -> None:
    if handover.status != HandoverStatus.IN_PROGRESS:
        raise _refuse(
            "handover_not_in_progress",
            _("This handover is “%(status)s”; no step can be recorded.")
            % {"status": HandoverStatus(handover.status).label},
        )


def _flag(data: dict, name: str, code: str, message: str) -> None:
    if data.get(name) is not True:
        raise _refuse(code, message, name)


def _roster_verified(handover: Handover, user, when, data) -> dict:
    """Step 1: the person's name and ID number as on the developer's roster for this unit; a
    mismatch blocks and names which of them differs."""
    name = (data.get("name") or "").strip()
    id_number = (data.get("id_number") or "").strip().upper()
    missing = {
        f: [_("This field is required.")] for f, v in (("name", name), ("id_number", id_number)) if not v
    }
    if missing:
        raise ValidationError(missing)
    entries = list(RosterEntry.objects.filter(unit=handover.unit))
    if not entries:
        raise _refuse(
            "not_in_roster",
            _("Unit %(unit)s is not in the developer's roster; import the roster first.")
            % {"unit": handover.unit.code},
            "unit",
        )
    by_id = [e for e in entries if e.id_number.strip().upper() == id_number]
    if not by_id:
        names = [e for e in entries if e.buyer_name.strip() == name]
        fields = {"id_number": [_("The ID number does not match the developer's roster.")]}
        if not names:
            fields["name"] = [_("The name does not match the developer's roster.")]
            message = _("Neither the name nor the ID number matches the roster of unit %(unit)s.")
        else:
            message = _("The ID number does not match the roster of unit %(unit)s.")
        raise BusinessRuleError("roster_mismatch", message % {"unit": handover.unit.code}, fields)
    entry = next((e for e in by_id if e.buyer_name.strip() == name), None)
    if entry is None:
        msg = _("The name does not match the roster of unit %(unit)s.") % {"unit": handover.unit.code}
        raise BusinessRuleError(
            "roster_mismatch", msg, {"name": [_("The name does not match the developer's roster.")]}
        )
    contract = (data.get("contract_number") or "").strip()
    if contract and contract != entry.contract_number:
        msg = _("The purchase contract number does not match the developer's roster.")
        raise BusinessRuleError("roster_mismatch", msg, {"contract_number": [msg]})
    handover.roster_entry = entry
    return {"roster_entry": entry.pk, "contract_number": entry.contract_number}


def _documents_collected(handover: Handover, user, when, data) -> dict:
    """Step 2: the ID copied and the documents the owner gives the property company collected."""
    _flag(data, "id_copied", "id_not_copied", _("Copy the owner's ID document first."))
    handover.documents = (data.get("documents") or "").strip()[:300]
    return {"documents": handover.documents}


def _archive_completed(handover: Handover, user, when, data) -> dict:
    """Step 3: the owner archive filled completely — a mobile, an emergency mobile and a birthday
    at least. The owner is found by the roster's identity (or created from it)."""
    entry = handover.roster_entry
    assert entry is not None  # step 1 set it
    owner = Owner.objects.filter(
        project_id=handover.project_id, id_type=entry.id_type, id_number=entry.id_number
    ).first()
    given = {
        k: data[k] for k in ("mobile", "emergency_contact", "emergency_mobile", "birthday") if data.get(k)
    }
    merged = {k: given.get(k) or (getattr(owner, k) if owner else None) for k in ARCHIVE_REQUIRED}
    missing = [k for k in ARCHIVE_REQUIRED if not merged[k]]
    if missing:
        msg = _("The owner archive is incomplete: an emergency mobile, a mobile and a birthday are required.")
        raise BusinessRuleError(
            "archive_incomplete", msg, {k: [_("Required in the owner archive.")] for k in missing}
        )
    if owner is None:
        owner = estate.owner_create(
            project=handover.unit.project,
            acting_user=user,
            name=entry.buyer_name,
            id_type=entry.id_type,
            id_number=entry.id_number,
            **given,
        )
    elif given:
        owner = estate.owner_update(owner=owner, acting_user=user, **given)
    handover.owner = owner
    return {"owner": owner.pk}


def _safety_letter_signed(handover: Handover, user, when, data) -> dict:
    """Step 4: the safety responsibility letter (《安全责任制书》) signed by the owner."""
    _flag(
        data, "signed", "safety_letter_unsigned", _("The owner must sign the safety responsibility letter.")
    )
    return {"signed": True}


def _fees_computed(handover: Handover, user, when, data) -> dict:
    """Step 5: the fees from the handover day, six months prepaid; start and end go on the form."""
    day = timezone.localdate(when)
    fees = prepaid_fees(unit=handover.unit, start=day)
    handover.handover_date = day
    handover.fees_start, handover.fees_end = fees.start, fees.end
    handover.fees_amount = fees.total
    handover.fees_detail = fees.lines
    return {"start": str(fees.start), "end": str(fees.end), "amount": str(fees.total)}


def _paid(handover: Handover, user, when, data) -> dict:
    """Step 6: the owner pays the six months at the cashier, through billing: the money is the
    unit's prepayment credit (预存) that the charge runs from the handover day consume."""
    assert handover.fees_amount is not None and handover.owner is not None
    result = billing.payment_create(
        unit=handover.unit,
        method=data.get("method") or "cash",
        amount=handover.fees_amount,
        idempotency_key=f"handover-{handover.pk}-prepaid",
        acting_user=user,
        received_at=when,
        reference=data.get("reference") or "",
        payer=handover.owner.name,
        note=_("Fees prepaid at handover, %(start)s to %(end)s")
        % {"start": handover.fees_start, "end": handover.fees_end},
    )
    handover.payment = result.payment
    return {"payment": result.payment.pk, "receipt": result.receipt.pk}


def _keys_prepared(handover: Handover, user, when, data) -> dict:
    """Step 7: keys, owner handbook and renovation handbook prepared and the key use explained;
    where defects are to be rectified, one key is kept for it — only with the owner's consent."""
    try:
        key_count = int(data.get("key_count") or 0)
    except (TypeError, ValueError):
        key_count = 0
    if key_count < 1:
        raise _refuse("no_keys", _("Give the number of keys handed over."), "key_count")
    _flag(
        data, "handbooks", "handbooks_missing", _("Prepare the owner handbook and the renovation handbook.")
    )
    key_number = (data.get("rectification_key_number") or "").strip()[:30]
    if key_number:
        _flag(
            data,
            "owner_consent",
            "no_owner_consent",
            _("A key is kept for rectification only with the owner's consent."),
        )
        open_defects = handover.defects.open()
        if not open_defects.exists():
            raise _refuse(
                "no_open_defect",
                _("A key is kept only where defects are to be rectified; record the defects first."),
                "rectification_key_number",
            )
        handover.rectification_key = keep_rectification_key(
            handover,
            number=key_number,
            storage_location=data.get("key_storage_location") or "",
            acting_user=user,
            at=when,
        )
        open_defects.filter(rectification_key_number="").update(
            rectification_key_number=key_number, owner_consent=True
        )
    handover.key_count = key_count
    handover.rectification_key_number = key_number
    return {"key_count": key_count, "rectification_key_number": key_number}


def keep_rectification_key(handover: Handover, *, number: str, storage_location: str, acting_user, at):
    """The rectification key goes into the key register (《钥匙委托管理清册》) as a key entrusted by
    the owner for rectification, with the owner's consent — a custody movement of wuye.keys."""
    return keys.key_entrust(
        unit=handover.unit,
        entrusted_by=handover.owner,
        storage_location=storage_location,
        acting_user=acting_user,
        source=KeySource.RECTIFICATION,
        consent=True,
        number=number,
        note=_("Kept for the rectification of handover defects"),
        at=at,
    )


def _documents_signed(handover: Handover, user, when, data) -> dict:
    """Step 8: keys and documents handed over; the owner signs the document receipt (交房文件签收表)."""
    _flag(data, "receipt_signed", "receipt_unsigned", _("The owner must sign the document receipt form."))
    return {"receipt_signed": True}


STEP_HANDLERS: dict[str, Any] = {
    Step.ROSTER_VERIFIED: _roster_verified,
    Step.DOCUMENTS_COLLECTED: _documents_collected,
    Step.ARCHIVE_COMPLETED: _archive_completed,
    Step.SAFETY_LETTER_SIGNED: _safety_letter_signed,
    Step.FEES_COMPUTED: _fees_computed,
    Step.PAID: _paid,
    Step.KEYS_PREPARED: _keys_prepared,
    Step.DOCUMENTS_SIGNED: _documents_signed,
}


def handover_finish(*, handover: Handover, acting_user, at: dt.datetime | None = None) -> Handover:
    """Step 9: the unit is entered in the handover summary; it becomes vacant and the owner's
    ownership starts on the handover day — all or nothing (spec 04)."""
    access.require_perm(acting_user, "handover.manage", handover.project_id)
    with transaction.atomic():
        locked = (
            Handover.objects.select_for_update(of=("self",))
            .select_related("unit", "owner")
            .get(pk=handover.pk)
        )
        _check_in_progress(locked)
        if locked.last_step != Step.DOCUMENTS_SIGNED:
            raise _refuse(
                "steps_missing",
                _("Do “%(next)s” first.") % {"next": Step(locked.next_step or Step.RECORDED).label},
                "step",
            )
        previous = locked.steps.order_by("-at").values_list("at", flat=True).first()
        when = event_time(at, not_before=previous)
        if timezone.localdate(when) != locked.handover_date:
            raise _refuse(
                "finish_other_day",
                _("The handover is finished on its handover day (%(day)s), from which the fees run.")
                % {"day": locked.handover_date},
                "at",
            )
        assert locked.owner is not None and locked.handover_date is not None
        estate.unit_change_status(
            unit=locked.unit,
            to_status=OccupancyStatus.VACANT,
            acting_user=acting_user,
            source=StatusChangeSource.HANDOVER,
            reason=_("Handed over"),
            at=when,
        )
        estate.ownership_create(
            owner=locked.owner,
            unit=locked.unit,
            start_date=locked.handover_date,
            acting_user=acting_user,
        )
        HandoverStep.objects.create(handover=locked, step=Step.RECORDED, at=when, done_by=acting_user)
        _move(locked, HandoverStatus.HANDED_OVER)
        locked.last_step = Step.RECORDED
        locked.finished_at = when
        stamp(locked, acting_user).save()
    handover.refresh_from_db()
    return handover


def _move(handover: Handover, to: str) -> None:
    if to not in HANDOVER_TRANSITIONS[handover.status]:
        raise _refuse(
            "status_transition_forbidden",
            _("A handover cannot change from “%(from)s” to “%(to)s”.")
            % {"from": HandoverStatus(handover.status).label, "to": HandoverStatus(to).label},
        )
    handover.status = to


def handover_not_taken(*, handover: Handover, reason: str, acting_user) -> Handover:
    """The owner did not take the unit this time; the reason goes into the handover summary."""
    access.require_perm(acting_user, "handover.manage", handover.project_id)
    reason = (reason or "").strip()
    if not reason:
        raise _refuse("reason_required", _("Give the reason the unit was not taken."), "reason")
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        _move(locked, HandoverStatus.NOT_TAKEN)
        locked.not_taken_reason = reason[:200]
        stamp(locked, acting_user).save()
    handover.refresh_from_db()
    return handover


def handover_resume(*, handover: Handover, acting_user) -> Handover:
    """The owner comes after all: the form goes on from the step it stopped at."""
    access.require_perm(acting_user, "handover.manage", handover.project_id)
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        _move(locked, HandoverStatus.IN_PROGRESS)
        stamp(locked, acting_user).save()
    handover.refresh_from_db()
    return handover
