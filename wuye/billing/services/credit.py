"""Prepayment credit paying open charges, a batch of units at a time."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from wuye.billing.models import (
    Allocation,
    Charge,
    CreditEntry,
)
from wuye.core.db import lock_rows
from wuye.core.money import to_money
from wuye.estate.models import Unit

if TYPE_CHECKING:
    from wuye.estate.models import Project

ZERO = Decimal("0.00")
CREDIT_BATCH = 500  # units per batch when prepayment credit pays a charge run


def apply_credit(
    *, project: Project, unit_ids: list[int] | None = None, batch_size: int | None = None
) -> Decimal:
    """Prepayment credit pays open charges, oldest first (called after each charge run).

    Set-based, a batch of units at a time: the units are locked together (in key order), their
    credit re-read under the lock, their open charges read and locked in one query, and the
    allocations and credit entries written in bulk — a charge run over a whole estate with many
    prepaid units costs a few queries per thousand units, not several per unit."""
    balances = CreditEntry.objects.filter(project=project)
    if unit_ids is not None:
        balances = balances.filter(unit_id__in=unit_ids)
    candidates = sorted(
        balances.values("unit_id").annotate(s=Sum("amount")).filter(s__gt=0).values_list("unit_id", flat=True)
    )
    total = ZERO
    batch_size = batch_size or CREDIT_BATCH
    for i in range(0, len(candidates), batch_size):
        total += _apply_credit_batch(project, candidates[i : i + batch_size])
    return total


def _apply_credit_batch(project, unit_ids: list[int]) -> Decimal:
    lock_rows(Unit, unit_ids)
    remaining = {  # re-read under the lock
        unit_id: to_money(balance)
        for unit_id, balance in CreditEntry.objects.filter(unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(s=Sum("amount"))
        .values_list("unit_id", "s")
    }
    payable = [unit_id for unit_id, balance in remaining.items() if balance > 0]
    charges = (
        Charge.objects.select_for_update()
        .filter(unit_id__in=payable, allocated__lt=F("amount"))
        .order_by("unit_id", "period_start", "id")
        .only("id", "unit_id", "amount", "allocated", "description")
    )
    allocations: list[Allocation] = []
    notes: list[tuple[int, Decimal, str]] = []
    changed: list[Charge] = []
    for charge in charges:
        if charge.unit_id is None:  # filtered on unit_id__in above: never a unit-less charge
            continue
        left = remaining[charge.unit_id]
        if left <= 0:
            continue
        part = min(left, charge.amount - charge.allocated)
        if part <= 0:
            continue
        allocations.append(Allocation(charge=charge, payment=None, from_credit=True, amount=part))
        notes.append((charge.unit_id, part, _("Applied to %(charge)s") % {"charge": charge.description}))
        charge.allocated = to_money(charge.allocated + part)  # in Decimal: SQLite would drift in SQL
        changed.append(charge)
        remaining[charge.unit_id] = left - part
    if not allocations:
        return ZERO
    Allocation.objects.bulk_create(allocations)
    CreditEntry.objects.bulk_create(
        [
            CreditEntry(project=project, unit_id=unit_id, amount=-part, allocation=allocation, note=note)
            for allocation, (unit_id, part, note) in zip(allocations, notes, strict=True)
        ]
    )
    save_allocated(changed)
    return to_money(sum((part for _unit, part, _note in notes), ZERO))


def save_allocated(charges: list[Charge]) -> None:
    """Write the new `allocated` of these charges (computed in Decimal by the caller). Those now
    paid in full are one UPDATE (`allocated = amount`); only the part-paid rest goes through
    `bulk_update`, whose CASE with a branch per row SQLite evaluates row by row (quadratic in the
    rows: the part of a charge run or payment batch that took longest)."""
    paid = [charge.pk for charge in charges if charge.allocated == charge.amount]
    for i in range(0, len(paid), 500):
        Charge.objects.filter(pk__in=paid[i : i + 500]).update(allocated=F("amount"))
    rest = [charge for charge in charges if charge.allocated != charge.amount]
    if rest:
        Charge.objects.bulk_update(rest, ["allocated"], batch_size=500)
