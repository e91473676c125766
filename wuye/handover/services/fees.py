"""The fees prepaid at handover: six months of the monthly fees from the handover day (seed 000 §1:
计算收费起始时间和预交半年费用), computed with billing's own arithmetic and tariffs."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from wuye.billing import calc
from wuye.billing.choices import ChargeBasis
from wuye.billing.models import FeeItem, Tariff
from wuye.core.errors import BusinessRuleError
from wuye.core.money import to_money
from wuye.handover.choices import PREPAID_MONTHS


@dataclass
class PrepaidFees:
    start: dt.date
    end: dt.date
    lines: list[dict] = field(default_factory=list)  # {"fee_item", "name", "quantity", "amount"}

    @property
    def total(self) -> Decimal:
        return to_money(sum((Decimal(line["amount"]) for line in self.lines), Decimal(0)))


def prepaid_period(start: dt.date, months: int = PREPAID_MONTHS) -> tuple[dt.date, dt.date]:
    """From the handover day for `months` months: 2026-12-05 → 2027-06-04."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = year + start.year, month + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start, dt.date(year, month, day) - dt.timedelta(days=1)


def prepaid_fees(*, unit, start: dt.date) -> PrepaidFees:
    """The monthly fees (the items the charge run bills: per m² and fixed per month) of the unit
    for six months from `start`, prorated by day like the charge run. Refused when the project has
    no such fee in force for the unit, or an area fee meets a unit without its building area."""
    period_start, period_end = prepaid_period(start)
    result = PrepaidFees(start=period_start, end=period_end)
    items = FeeItem.objects.filter(
        project_id=unit.project_id,
        is_active=True,
        billed_in_runs=True,
        basis__in=[ChargeBasis.AREA_MONTH, ChargeBasis.FIXED_MONTH],
    )
    for item in items:
        versions: dict[str, list] = {}
        for use, since, rate in Tariff.objects.filter(fee_item=item).values_list(
            "unit_use", "effective_from", "rate"
        ):
            versions.setdefault(use, []).append((since, rate))
        rows = versions.get(unit.use) or versions.get("")
        if not rows:
            continue
        factor = calc.monthly_factor(calc.RateTable(rows), period_start, period_end)
        if item.basis == ChargeBasis.AREA_MONTH:
            if not unit.building_area:
                msg = _("The unit has no building area; the area-based fees cannot be computed.")
                raise BusinessRuleError("unit_without_area", msg, {"unit": [msg]})
            quantity = unit.building_area
        else:
            quantity = Decimal(1)
        amount = calc.charge_amount(factor, quantity)
        if amount > 0:
            result.lines.append(
                {"fee_item": item.pk, "name": item.name, "quantity": str(quantity), "amount": str(amount)}
            )
    if not result.lines:
        msg = _("The project has no monthly fee in force for this unit; set its fee schedule first.")
        raise BusinessRuleError("no_fee_schedule", msg, {"step": [msg]})
    return result
