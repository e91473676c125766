"""Many payments of one project taken at once: a bank collection file (银行托收), a payment
channel's statement, the takings entered from a day of paper receipts.

Each row is what `payment_create` takes for a unit, and it ends the same way (the unit's oldest
open charges paid first, the rest kept as prepayment credit, one receipt each, numbered on from
the project's receipts of the year). The work is set-based: the units are locked together, their
open charges read in one query and the payments, allocations, credit entries and receipts written
in bulk, so a file of thousands of rows costs a few dozen queries, not a dozen per row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.models import Allocation, Charge, CreditEntry, Payment, Receipt
from wuye.billing.services.credit import save_allocated
from wuye.billing.services.payments import check_payment
from wuye.core import access
from wuye.core.audit import event_time
from wuye.core.db import lock_rows
from wuye.core.errors import BusinessRuleError
from wuye.core.money import to_money
from wuye.core.sequences import next_value
from wuye.estate.models import Unit

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Project

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PaymentRow:
    """One payment of a batch (the arguments of `payment_create` for a unit's charges)."""

    unit_id: int
    method: str
    amount: Decimal | str
    idempotency_key: str
    received_at: dt.datetime | None = None
    reference: str = ""
    payer: str = ""
    note: str = ""


@dataclass
class BatchResult:
    paid: int = 0
    already_recorded: int = 0  # rows whose idempotency key was recorded before: nothing paid twice
    total: Decimal = ZERO
    allocated: Decimal = ZERO
    credited: Decimal = ZERO
    payments: list[Payment] = field(default_factory=list)


def payment_batch_create(*, project: Project, rows: list[PaymentRow], acting_user: User) -> BatchResult:
    """Take the payments of `rows` for units of `project`, all or none.

    Every row is checked as `payment_create` checks one payment, and the batch is refused with
    the messages of every bad row ("row N": …). A row whose idempotency key is already recorded
    (the same file imported twice) pays nothing again; the same key for another unit or amount is
    refused. The payments are taken in the order of their time received."""
    access.require_perm(acting_user, "billing.take_payment", project.pk)
    now = timezone.now()
    checked = _check_rows(project, rows, now)
    try:
        with transaction.atomic():
            return _take_all(project, checked, acting_user, now)
    except IntegrityError:
        # a key committed meanwhile by a concurrent request: that row is now a replay
        with transaction.atomic():
            return _take_all(project, checked, acting_user, now)


def _check_rows(project, rows: list[PaymentRow], now) -> list[tuple[PaymentRow, Decimal, dt.datetime]]:
    errors: dict[str, list[str]] = {}
    units = set(
        Unit.objects.filter(project=project, pk__in={r.unit_id for r in rows}).values_list("pk", flat=True)
    )
    seen: set[str] = set()
    checked = []
    for number, row in enumerate(rows, start=1):
        row_errors: dict[str, list[str]] = {}
        money = check_payment(
            method=row.method,
            amount=row.amount,
            idempotency_key=row.idempotency_key,
            reference=(row.reference or "").strip(),
            errors=row_errors,
        )
        if row.unit_id not in units:
            row_errors["unit"] = [_("Not a unit of this project.")]
        if row.idempotency_key in seen:
            row_errors["idempotency_key"] = [_("Repeated in this batch.")]
        seen.add(row.idempotency_key)
        try:
            when = event_time(row.received_at, now=now)
        except BusinessRuleError as error:
            row_errors["received_at"] = [error.message]
            when = now
        if row_errors:
            errors[f"row {number}"] = [
                f"{name}: {msg}" for name, messages in row_errors.items() for msg in messages
            ]
        checked.append((row, money, when))
    if errors:
        raise ValidationError(errors)
    if not checked:
        raise ValidationError({"rows": [_("There are no payments to take.")]})
    return checked


def _take_all(project, checked, acting_user, now) -> BatchResult:
    result = BatchResult()
    recorded = {
        p.idempotency_key: p
        for p in Payment.objects.filter(idempotency_key__in=[row.idempotency_key for row, _m, _w in checked])
    }
    todo = []
    for row, money, when in checked:
        earlier = recorded.get(row.idempotency_key)
        if earlier is None:
            todo.append((row, money, when))
        elif earlier.unit_id != row.unit_id or earlier.amount != money:
            raise BusinessRuleError(
                "idempotency_key_reused",
                _("This idempotency key was already used for a different payment."),
                {"idempotency_key": [_("Already used for a different payment.")]},
            )
        else:
            result.already_recorded += 1
    if not todo:
        return result
    todo.sort(key=lambda item: item[2])  # stable: rows of the same moment keep their order
    unit_ids = {row.unit_id for row, _m, _w in todo}
    lock_rows(Unit, unit_ids)  # as payment_create: one payment per unit at a time
    open_charges: dict[int, list[Charge]] = defaultdict(list)
    for charge in (
        Charge.objects.select_for_update()
        .filter(unit_id__in=unit_ids, allocated__lt=F("amount"))
        .order_by("unit_id", "period_start", "id")
        .only("id", "unit_id", "amount", "allocated")
    ):
        open_charges[charge.unit_id].append(charge)  # type: ignore[index]  # unit_id filtered above

    payments = Payment.objects.bulk_create(
        [
            Payment(
                project=project,
                unit_id=row.unit_id,
                method=row.method,
                amount=money,
                received_at=when,
                cashier=acting_user,
                idempotency_key=row.idempotency_key,
                reference=(row.reference or "").strip(),
                payer=row.payer,
                note=row.note,
            )
            for row, money, when in todo
        ]
    )
    allocations: list[Allocation] = []
    credits: list[CreditEntry] = []
    changed: dict[int, Charge] = {}
    for payment in payments:
        unit_id = payment.unit_id
        assert unit_id is not None  # every row names a unit
        remaining = payment.amount
        charges = open_charges[unit_id]
        while remaining > 0 and charges:
            charge = charges[0]
            part = min(remaining, charge.amount - charge.allocated)
            allocations.append(Allocation(charge=charge, payment=payment, amount=part))
            charge.allocated = to_money(charge.allocated + part)  # in Decimal: SQLite would drift in SQL
            changed[charge.pk] = charge
            remaining -= part
            result.allocated += part
            if charge.allocated >= charge.amount:
                charges.pop(0)
        if remaining > 0:
            credits.append(
                CreditEntry(
                    project=project,
                    unit_id=unit_id,
                    amount=remaining,
                    payment=payment,
                    note=_("Prepayment"),
                )
            )
            result.credited += remaining
        result.total += payment.amount
    Allocation.objects.bulk_create(allocations, batch_size=500)
    CreditEntry.objects.bulk_create(credits, batch_size=500)
    save_allocated(list(changed.values()))
    year = timezone.localtime(now).year
    last = next_value(f"receipt:{project.pk}:{year}", count=len(payments))
    Receipt.objects.bulk_create(
        [
            Receipt(
                project=project,
                year=year,
                number=number,
                payment=payment,
                issued_at=now,
                issued_by=acting_user,
            )
            for number, payment in enumerate(payments, start=last - len(payments) + 1)
        ],
        batch_size=500,
    )
    result.paid = len(payments)
    result.payments = payments
    return result
