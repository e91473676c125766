"""Reads of the occupancy procedures: what keeps a tenant exit or a transfer waiting, and how many
months of property fee a unit has paid ahead (both from billing's ledger)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from wuye.billing import selectors as billing
from wuye.billing.choices import ChargeBasis
from wuye.billing.models import Charge, CreditEntry, FeeItem
from wuye.billing.services.charges import rate_on
from wuye.core.money import to_money
from wuye.estate.models import Unit

ZERO = Decimal("0.00")
#: seed 000 §21: the new owner prepays at least half a year of property management fee
TRANSFER_PREPAID_MONTHS = 6


def settlement_outstanding(unit: Unit, as_of: dt.date) -> dict[str, list[str]]:
    """What is not clear up to `as_of` (billing's settlement, in words; see
    wuye.billing.selectors.settlement_outstanding)."""
    return billing.settlement_outstanding(unit, as_of)


def _monthly_items(unit: Unit):
    return FeeItem.objects.filter(
        project_id=unit.project_id,
        is_active=True,
        billed_in_runs=True,
        basis__in=[ChargeBasis.AREA_MONTH, ChargeBasis.FIXED_MONTH],
    )


def monthly_property_fee(unit: Unit, day: dt.date) -> Decimal:
    """One month of the unit's periodic fees (per m² × building area, fixed per month) at the
    rates in force on `day` — what a month of prepayment must cover."""
    total = ZERO
    for item in _monthly_items(unit):
        rate = rate_on(item, day, unit.use)
        if rate is None:
            continue
        quantity = (unit.building_area or ZERO) if item.basis == ChargeBasis.AREA_MONTH else Decimal(1)
        total += rate * quantity
    return to_money(total)


def prepaid_after(unit: Unit, day: dt.date) -> Decimal:
    """What the unit has paid ahead of `day`: its prepayment credit (预存, billing's CreditEntry
    balance) plus what is paid of its periodic charges for periods starting after `day`."""
    credit = CreditEntry.objects.filter(unit=unit).aggregate(s=Sum("amount"))["s"] or ZERO
    ahead = (
        Charge.objects.filter(unit=unit, fee_item__in=_monthly_items(unit), period_start__gt=day).aggregate(
            s=Sum("allocated")
        )["s"]
        or ZERO
    )
    return to_money(max(credit, ZERO) + ahead)


def prepayment_check(unit: Unit, day: dt.date, months: int = TRANSFER_PREPAID_MONTHS) -> dict:
    monthly = monthly_property_fee(unit, day)
    prepaid = prepaid_after(unit, day)
    required = to_money(monthly * months)
    return {"monthly": monthly, "prepaid": prepaid, "required": required, "enough": prepaid >= required}
