"""Walk-in payments: gate cash and non-residents' rent, receipted like every payment, with no unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wuye.billing.choices import ChargeSource, PaymentMethod
from wuye.billing.models import (
    Charge,
    FeeItem,
    Payment,
)
from wuye.billing.services.payments import (
    ZERO,
    PaymentResult,
    _allocate,
    _issue_receipt,
    _replay,
    check_payment,
)
from wuye.core import access
from wuye.core.audit import event_time
from wuye.core.validators import check_period

if TYPE_CHECKING:
    from wuye.accounts.models import User


def walk_in_payment_create(
    *,
    fee_item: FeeItem,
    amount: Decimal | str,
    description: str,
    idempotency_key: str,
    acting_user: User,
    source: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    method: str = PaymentMethod.CASH,
    received_at: dt.datetime | None = None,
    reference: str = "",
    payer: str = "",
    note: str = "",
) -> PaymentResult:
    """A fee paid on the spot by someone without a unit account (散客: a visitor's temporary parking
    at the gate, a non-resident's parking rent): one walk-in charge of `fee_item` without a unit,
    paid in full by one payment without a unit, with a receipt in the project's one continuous
    sequence (spec 03: every payment gets a receipt). The cashier's daily close counts it by method
    like any other payment.

    Posted by the procedure that took the money (`source`, e.g. parking), which has checked that
    the person may take it (the gate staff take the gate fee); a `manual` one needs
    billing.take_payment. Idempotent on `idempotency_key`: a retry returns the first payment and
    receipt, under a unique constraint also when two requests race."""
    project_id = fee_item.project_id
    if source == ChargeSource.MANUAL:
        access.require_perm(acting_user, "billing.take_payment", project_id)
    errors: dict[str, list[str]] = {}
    reference = (reference or "").strip()
    money = check_payment(
        method=method, amount=amount, idempotency_key=idempotency_key, reference=reference, errors=errors
    )
    if errors:
        raise ValidationError(errors)
    check_period(period_start, period_end)
    if Payment.objects.filter(idempotency_key=idempotency_key).exists():
        return _replay(idempotency_key, unit=None, amount=money)
    try:
        with transaction.atomic():
            when = event_time(received_at)
            day = timezone.localtime(when).date()
            charge = Charge.objects.create(
                project_id=project_id,
                unit=None,
                fee_item=fee_item,
                amount=money,
                rate=money,
                description=description[:200],
                period_start=period_start or day,
                period_end=period_end or period_start or day,
                due_date=day,
                source=source,
                created_by=acting_user,
            )
            payment = Payment.objects.create(
                project_id=project_id,
                unit=None,
                method=method,
                amount=money,
                received_at=when,
                cashier=acting_user,
                idempotency_key=idempotency_key,
                reference=reference,
                payer=payer[:100],
                note=note[:200],
            )
            _allocate(charge, money, payment=payment)
            receipt = _issue_receipt(payment, acting_user)
            return PaymentResult(payment, receipt, allocated=money, credited=ZERO)
    except IntegrityError:
        # the same key committed by a concurrent request: answer with that first result
        if Payment.objects.filter(idempotency_key=idempotency_key).exists():
            return _replay(idempotency_key, unit=None, amount=money)
        raise
