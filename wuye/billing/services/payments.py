"""Payments, allocations, prepayment credit, receipts and voids. Every money change runs in one
transaction under row locks; the idempotency key makes a retried request return the first
result; receipt numbers are continuous per project and year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.choices import REFERENCE_REQUIRED_METHODS, DepositPurpose, PaymentMethod
from wuye.billing.models import (
    Allocation,
    Charge,
    CreditEntry,
    Deposit,
    DepositEntry,
    Payment,
    Receipt,
)
from wuye.core import access
from wuye.core.audit import event_time
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.core.money import money_sum, to_money
from wuye.core.sequences import next_value
from wuye.estate.models import Unit

if TYPE_CHECKING:
    from wuye.accounts.models import User

ZERO = Decimal("0.00")


@dataclass
class PaymentResult:
    payment: Payment
    receipt: Receipt
    allocated: Decimal
    credited: Decimal
    replayed: bool = False  # True when the idempotency key returned an earlier result


def credit_balance(unit_id: int) -> Decimal:
    return money_sum(CreditEntry.objects.filter(unit_id=unit_id))


def _set_allocated(charge_id: int, delta: Decimal) -> Decimal:
    """Apply `delta` to a locked charge's stored total. The sum is made in Decimal, not in SQL:
    SQLite keeps decimals as binary floats, and `allocated + x` there drifts off the fen."""
    current = Charge.objects.select_for_update().values_list("allocated", flat=True).get(pk=charge_id)
    value = to_money(current + delta)
    Charge.objects.filter(pk=charge_id).update(allocated=value)
    return value


def _allocate(charge: Charge, amount: Decimal, *, payment: Payment | None = None) -> Allocation:
    allocation = Allocation.objects.create(
        charge=charge, payment=payment, from_credit=payment is None, amount=amount
    )
    charge.allocated = _set_allocated(charge.pk, amount)
    return allocation


def _issue_receipt(payment: Payment, acting_user, replaces: Receipt | None = None) -> Receipt:
    issued = timezone.now()
    year = timezone.localtime(issued).year
    number = next_value(f"receipt:{payment.project_id}:{year}")
    return Receipt.objects.create(
        project_id=payment.project_id,
        year=year,
        number=number,
        payment=payment,
        issued_at=issued,
        issued_by=acting_user,
        replaces=replaces,
    )


def _replay(key: str, *, unit, amount: Decimal) -> PaymentResult:
    payment = Payment.objects.select_related("receipt").get(idempotency_key=key)
    if payment.unit_id != (unit.pk if unit is not None else None) or payment.amount != amount:
        raise BusinessRuleError(
            "idempotency_key_reused",
            _("This idempotency key was already used for a different payment."),
            {"idempotency_key": [_("Already used for a different payment.")]},
        )
    allocated = money_sum(payment.allocations.filter(reverses__isnull=True))
    credited = money_sum(payment.credit_entries.filter(amount__gt=0))
    return PaymentResult(payment, payment.receipt, allocated, credited, replayed=True)


def _parse_amount(amount: Decimal | str, errors: dict[str, list[str]]) -> Decimal:
    """The amount in yuan (2 places); a message in `errors` when it is not a positive amount."""
    try:
        money = to_money(str(amount) if not isinstance(amount, Decimal) else amount)
    except (ArithmeticError, ValueError, TypeError):
        errors["amount"] = [_("Enter an amount in yuan.")]
        return ZERO
    if money <= 0:
        errors["amount"] = [_("The amount must be positive.")]
    return money


def check_payment(
    *, method: str, amount: Decimal | str, idempotency_key: str, reference: str, errors: dict[str, list[str]]
) -> Decimal:
    """The checks every payment taken at the window passes (method, the reference a non-cash
    method needs, a positive amount, an idempotency key); messages go into `errors` by field.
    Returns the amount in yuan."""
    if method not in PaymentMethod.values:
        errors["method"] = [_("Unknown payment method.")]
    elif method == PaymentMethod.DEPOSIT:  # recorded only by an approved refund, not money received
        errors["method"] = [_("An offset against a deposit is made by approving the deposit's refund.")]
    elif method in REFERENCE_REQUIRED_METHODS and not reference:
        errors["reference"] = [
            _("Enter the payer's transaction reference of this %(method)s payment.")
            % {"method": PaymentMethod(method).label}
        ]
    money = _parse_amount(amount, errors)
    if not (idempotency_key or "").strip():
        errors["idempotency_key"] = [_("An idempotency key is required.")]
    return money


def payment_create(
    *,
    unit: Unit,
    method: str,
    amount: Decimal | str,
    idempotency_key: str,
    acting_user: User,
    charge_ids: list[int] | None = None,
    received_at: dt.datetime | None = None,
    reference: str = "",
    payer: str = "",
    note: str = "",
    deposit_purpose: str = "",
    deposit_reference: str = "",
    replaces: Receipt | None = None,
) -> PaymentResult:
    """Take a payment for a unit. It pays the chosen charges, or the oldest outstanding ones, and
    any rest becomes prepayment credit (预存) that later charge runs consume. With
    `deposit_purpose` the money is a deposit held for the unit instead (`deposit_reference`: its
    card or key number; default the payment's reference).

    Every method but cash (WeChat Pay and Alipay 收款码, POS, bank, transfer) needs the payer's
    transaction reference (交易流水号 / 凭证号): it is how the day's takings are matched with the
    merchant and bank statements (seed 003 客户收银服务: 金额确认, POS机使用, 银行托收清单)."""
    access.require_perm(acting_user, "billing.take_payment", unit.project_id)
    errors: dict[str, list[str]] = {}
    reference = (reference or "").strip()
    money = check_payment(
        method=method, amount=amount, idempotency_key=idempotency_key, reference=reference, errors=errors
    )
    if deposit_purpose and deposit_purpose not in DepositPurpose.values:
        errors["deposit_purpose"] = [_("Unknown deposit purpose.")]
    if deposit_purpose and charge_ids:
        errors["charge_ids"] = [_("A deposit does not pay charges.")]
    if deposit_reference and not deposit_purpose:
        errors["deposit_reference"] = [_("Only a deposit has a card or key number.")]
    if errors:
        raise ValidationError(errors)
    if Payment.objects.filter(idempotency_key=idempotency_key).exists():
        return _replay(idempotency_key, unit=unit, amount=money)
    try:
        with transaction.atomic():
            return _take(
                unit=unit,
                method=method,
                amount=money,
                key=idempotency_key,
                acting_user=acting_user,
                charge_ids=charge_ids,
                received_at=received_at,
                reference=reference,
                payer=payer,
                note=note,
                deposit_purpose=deposit_purpose,
                deposit_reference=(deposit_reference or "").strip() or reference,
                replaces=replaces,
            )
    except IntegrityError:
        # the same key committed by a concurrent request: answer with that first result
        if Payment.objects.filter(idempotency_key=idempotency_key).exists():
            return _replay(idempotency_key, unit=unit, amount=money)
        raise


def _take(
    *,
    unit,
    method,
    amount,
    key,
    acting_user,
    charge_ids,
    received_at,
    reference,
    payer,
    note,
    deposit_purpose,
    deposit_reference,
    replaces,
) -> PaymentResult:
    when = event_time(received_at)
    # One payment per unit at a time: concurrent payments wait here, then see the committed allocations.
    lock_row(Unit, unit.pk)
    payment = Payment.objects.create(
        project_id=unit.project_id,
        unit=unit,
        method=method,
        amount=amount,
        received_at=when,
        cashier=acting_user,
        idempotency_key=key,
        reference=reference,
        payer=payer,
        note=note,
        for_deposit=deposit_purpose,
    )
    allocated = credited = ZERO
    if deposit_purpose:
        deposit = Deposit.objects.create(
            project_id=unit.project_id,
            unit=unit,
            purpose=deposit_purpose,
            amount=amount,
            payment=payment,
            reference=deposit_reference,
            received_at=when,
        )
        DepositEntry.objects.create(
            deposit=deposit, project_id=unit.project_id, kind=DepositEntry.Kind.RECEIVED, amount=amount
        )
    else:
        # Lock the unit's open charges (oldest first) so concurrent payments cannot over-allocate.
        open_charges = Charge.objects.select_for_update().filter(unit=unit, allocated__lt=F("amount"))
        if charge_ids:
            chosen = {int(c) for c in charge_ids}
            open_charges = open_charges.filter(pk__in=chosen)
            found = set(open_charges.values_list("pk", flat=True))
            if found != chosen:
                raise ValidationError(
                    {"charge_ids": [_("Some of the chosen charges are not open charges of this unit.")]}
                )
        remaining = amount
        for charge in open_charges.order_by("period_start", "id"):
            if remaining <= 0:
                break
            part = min(remaining, charge.amount - charge.allocated)
            if part > 0:
                _allocate(charge, part, payment=payment)
                remaining -= part
                allocated += part
        if remaining > 0:
            CreditEntry.objects.create(
                project_id=unit.project_id, unit=unit, amount=remaining, payment=payment, note=_("Prepayment")
            )
            credited = remaining
    receipt = _issue_receipt(payment, acting_user, replaces=replaces)
    return PaymentResult(payment, receipt, allocated, credited)


@transaction.atomic
def receipt_void(*, receipt: Receipt, reason: str, acting_user: User) -> Receipt:
    """Void a wrong receipt: its allocations are reversed by opposite rows, its credit and deposit
    taken back; nothing is deleted. The cashier then takes the payment again (a new receipt that
    `replaces` this one)."""
    access.require_perm(acting_user, "billing.take_payment", receipt.project_id)
    if receipt.payment.unit_id is not None:  # a walk-in payment has no unit: its receipt row is the lock
        lock_row(Unit, receipt.payment.unit_id)
    receipt = Receipt.objects.select_for_update().select_related("payment").get(pk=receipt.pk)
    if receipt.voided_at is not None:
        raise BusinessRuleError("receipt_already_voided", _("This receipt is already voided."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for voiding the receipt.")]})
    payment = receipt.payment
    credit_from_payment = money_sum(payment.credit_entries)
    unit_id = payment.unit_id  # None for a walk-in payment, which has no credit
    if credit_from_payment > 0 and unit_id is not None and credit_balance(unit_id) < credit_from_payment:
        raise BusinessRuleError(
            "credit_already_used",
            _(
                "Part of this payment's prepayment credit has already paid later charges; void those receipts first."
            ),
        )
    for allocation in payment.allocations.select_related("charge").filter(
        reverses__isnull=True, reversed_by__isnull=True
    ):
        _set_allocated(allocation.charge_id, -allocation.amount)
        Allocation.objects.create(
            charge_id=allocation.charge_id, payment=payment, amount=-allocation.amount, reverses=allocation
        )
    if credit_from_payment and unit_id is not None:
        CreditEntry.objects.create(
            project_id=payment.project_id,
            unit_id=unit_id,
            amount=-credit_from_payment,
            payment=payment,
            note=_("Receipt %(no)s voided") % {"no": receipt.display_number},
        )
    deposit = Deposit.objects.select_for_update().filter(payment=payment).first()
    if deposit is not None:
        if deposit.closed_at is not None or hasattr(deposit, "refund"):
            raise BusinessRuleError(
                "deposit_in_refund", _("The deposit of this receipt is being refunded or closed.")
            )
        DepositEntry.objects.create(
            deposit=deposit,
            project_id=deposit.project_id,
            kind=DepositEntry.Kind.REVERSED,
            amount=-deposit.amount,
            note=reason.strip()[:200],
        )
        deposit.closed_at = timezone.now()
        deposit.save(update_fields=["closed_at"])
    now = timezone.now()
    receipt.voided_at, receipt.voided_by, receipt.void_reason = now, acting_user, reason.strip()
    receipt.save(update_fields=["voided_at", "voided_by", "void_reason"])
    payment.voided_at = now
    payment.save(update_fields=["voided_at"])
    return receipt


def outstanding_q() -> Q:
    return Q(allocated__lt=F("amount"))
