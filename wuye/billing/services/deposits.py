"""Deposit refunds (spec 03, 04): an approval itemises deductions; refund = deposit − deductions,
never negative; a shortfall becomes a charge; unpaid fees deducted are paid from the deposit."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.choices import (
    REFUND_TRANSITIONS,
    ChargeSource,
    DepositPurpose,
    PaymentMethod,
    RefundStatus,
)
from wuye.billing.models import Charge, Deposit, DepositEntry, DepositRefund, Payment
from wuye.billing.services.charges import SHORTFALL_CODE, charge_create, system_fee_item
from wuye.billing.services.payments import _allocate, _issue_receipt
from wuye.core import access
from wuye.core.db import lock_row
from wuye.core.duties import require_other_person
from wuye.core.errors import BusinessRuleError
from wuye.core.money import money_sum, to_money

if TYPE_CHECKING:
    from wuye.accounts.models import User

ZERO = Decimal("0.00")


def deposit_held(deposit: Deposit) -> Decimal:
    return money_sum(deposit.entries)


def _clean_deductions(deposit: Deposit, deductions: list[dict]) -> list[dict]:
    cleaned, errors = [], []
    for index, item in enumerate(deductions or []):
        reason = str(item.get("reason", "")).strip()
        try:
            amount = to_money(str(item.get("amount", "")))
        except (InvalidOperation, ValueError, TypeError):
            amount = None
        charge_id = item.get("charge")
        if not reason:
            errors.append(_("Deduction %(n)s: give the reason.") % {"n": index + 1})
        if amount is None or amount <= 0:
            errors.append(_("Deduction %(n)s: the amount must be positive.") % {"n": index + 1})
        if charge_id is not None:
            charge = Charge.objects.filter(pk=charge_id, unit_id=deposit.unit_id).first()
            if charge is None:
                errors.append(_("Deduction %(n)s: the charge is not this unit's.") % {"n": index + 1})
            elif amount is not None and amount > charge.amount - charge.allocated:
                errors.append(_("Deduction %(n)s: more than the charge's open amount.") % {"n": index + 1})
        cleaned.append(
            {"reason": reason, "amount": str(amount) if amount is not None else "", "charge": charge_id}
        )
    if errors:
        raise ValidationError({"deductions": errors})
    return cleaned


def refund_transition_check(refund: DepositRefund, to_status: str) -> None:
    """Raise the domain error when REFUND_TRANSITIONS forbids moving `refund` to `to_status`."""
    if to_status in REFUND_TRANSITIONS[refund.status]:
        return
    if to_status == RefundStatus.REQUESTED:
        raise BusinessRuleError("deposit_closed", _("This deposit is already refunded or being refunded."))
    raise BusinessRuleError("refund_decided", _("This refund has already been decided."))


@transaction.atomic
def deposit_refund_request(
    *,
    deposit: Deposit,
    deductions: list[dict],
    acting_user: User,
    comment: str = "",
    via_procedure: bool = False,
) -> DepositRefund:
    """The cashier prepares the refund with itemised deductions (penalties, unpaid fees).

    A renovation deposit is refunded only through its renovation (three months after the completion
    acceptance, signed by the departments): the renovation procedure calls this with
    `via_procedure=True` after checking its own rules and permission (the customer-service
    assistant prepares it there)."""
    if not via_procedure:
        access.require_perm(acting_user, "billing.take_payment", deposit.project_id)
    deposit = lock_row(Deposit, deposit.pk)
    if deposit.purpose == DepositPurpose.RENOVATION and not via_procedure:
        message = _("A renovation deposit is refunded through its renovation (three months after acceptance)")
        raise BusinessRuleError("renovation_deposit_via_procedure", message, {"deposit": [message]})
    previous = DepositRefund.objects.filter(deposit=deposit).first()
    if deposit.closed_at is not None:
        raise BusinessRuleError("deposit_closed", _("This deposit is already refunded or being refunded."))
    if previous is not None:
        refund_transition_check(previous, RefundStatus.REQUESTED)
    cleaned = _clean_deductions(deposit, deductions)
    total = sum((Decimal(d["amount"]) for d in cleaned), ZERO)
    held = deposit_held(deposit)
    fields = {
        "deductions": cleaned,
        "deduction_total": total,
        "refund_amount": max(held - total, ZERO),
        "requested_by": acting_user,
        "comment": comment,
    }
    if previous is not None:
        # A rejected request is prepared again (one refund row per deposit): without this the
        # deposit could never be refunded after a rejection.
        for name, value in fields.items():
            setattr(previous, name, value)
        previous.status, previous.requested_at = RefundStatus.REQUESTED, timezone.now()
        previous.decided_by = previous.decided_at = None
        previous.save()
        return previous
    return DepositRefund.objects.create(deposit=deposit, **fields)


def _lock_for_decision(
    refund: DepositRefund, to_status: str, acting_user, comment: str
) -> tuple[DepositRefund, Deposit]:
    """Lock the refund and its deposit, check the permission and the move, stamp the decision."""
    refund = lock_row(DepositRefund, refund.pk)
    deposit = lock_row(Deposit, refund.deposit_id)
    access.require_perm(acting_user, "billing.approve_refund", deposit.project_id)
    require_other_person(refund.requested_by_id, acting_user, what=_("a refund you requested"))
    refund_transition_check(refund, to_status)
    refund.decided_by, refund.decided_at, refund.comment = (
        acting_user,
        timezone.now(),
        comment or refund.comment,
    )
    return refund, deposit


@transaction.atomic
def deposit_refund_reject(*, refund: DepositRefund, acting_user: User, comment: str = "") -> DepositRefund:
    """The project manager rejects the request; the cashier may prepare it again."""
    refund, _deposit = _lock_for_decision(refund, RefundStatus.REJECTED, acting_user, comment)
    refund.status = RefundStatus.REJECTED
    refund.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    return refund


def _check_deductions_still_open(refund: DepositRefund) -> None:
    """A charge deducted at request time may have been paid since: paying it again from the deposit
    would allocate nothing (or less) while the deposit is still reduced."""
    for index, item in enumerate(refund.deductions):
        if item.get("charge"):
            charge = Charge.objects.select_for_update().get(pk=item["charge"])
            if charge.amount - charge.allocated < Decimal(item["amount"]):
                raise BusinessRuleError(
                    "deduction_outdated",
                    _(
                        "Deduction %(n)s: the charge has been paid since the request; reject the request and "
                        "prepare it again."
                    )
                    % {"n": index + 1},
                )


def _pay_charges_from_deposit(refund: DepositRefund, deposit: Deposit, covered: Decimal, acting_user) -> None:
    """Unpaid fees among the deductions are paid out of the deposit (up to `covered`), each with its receipt."""
    remaining_cover = covered
    for index, item in enumerate(refund.deductions):
        use = min(Decimal(item["amount"]), remaining_cover)
        remaining_cover -= use
        if item.get("charge") and use > 0:
            charge = Charge.objects.select_for_update().get(pk=item["charge"])
            payment = Payment.objects.create(
                project_id=deposit.project_id,
                unit_id=deposit.unit_id,
                method=PaymentMethod.DEPOSIT,
                amount=use,
                received_at=timezone.now(),
                cashier=acting_user,
                idempotency_key=f"refund:{refund.pk}:{index}",
                note=item["reason"][:200],
            )
            _allocate(charge, min(use, charge.amount - charge.allocated), payment=payment)
            _issue_receipt(payment, acting_user)


@transaction.atomic
def deposit_refund_approve(*, refund: DepositRefund, acting_user: User, comment: str = "") -> DepositRefund:
    """The project manager approves: deductions and the refund leave the deposit through the ledger,
    deductions beyond it become a shortfall charge, and the deposit is closed."""
    refund, deposit = _lock_for_decision(refund, RefundStatus.APPROVED, acting_user, comment)
    lock_row(type(deposit.unit), deposit.unit_id)
    _check_deductions_still_open(refund)
    held = deposit_held(deposit)
    covered = min(held, refund.deduction_total)
    _pay_charges_from_deposit(refund, deposit, covered, acting_user)
    if covered:
        DepositEntry.objects.create(
            deposit=deposit,
            project_id=deposit.project_id,
            kind=DepositEntry.Kind.DEDUCTED,
            amount=-covered,
            note=_("Deductions"),
        )
    refund_amount = held - covered
    if refund_amount:
        DepositEntry.objects.create(
            deposit=deposit,
            project_id=deposit.project_id,
            kind=DepositEntry.Kind.REFUNDED,
            amount=-refund_amount,
            note=_("Refund"),
        )
    shortfall = refund.deduction_total - covered
    if shortfall > 0:
        refund.shortfall_charge = charge_create(
            unit=deposit.unit,
            fee_item=system_fee_item(deposit.project, SHORTFALL_CODE),
            amount=shortfall,
            description=_("Deductions beyond the deposit"),
            acting_user=acting_user,
            source=ChargeSource.SHORTFALL,
        )
    refund.refund_amount = refund_amount
    refund.status = RefundStatus.APPROVED
    refund.save()
    deposit.closed_at = timezone.now()
    deposit.save(update_fields=["closed_at"])
    return refund


def deposit_refund_decide(
    *, refund: DepositRefund, approve: bool, acting_user: User, comment: str = ""
) -> DepositRefund:
    """The project manager approves (money moves through the ledger) or rejects. A renovation
    deposit's refund is decided on its renovation (which checks the departments' sign-offs and
    closes the renovation), never here."""
    if refund.deposit.purpose == DepositPurpose.RENOVATION:
        message = _("A renovation deposit's refund is decided on its renovation.")
        raise BusinessRuleError("renovation_deposit_via_procedure", message, {"refund": [message]})
    decide = deposit_refund_approve if approve else deposit_refund_reject
    return decide(refund=refund, acting_user=acting_user, comment=comment)
