"""Pure billing arithmetic: proration by day, versioned tariffs, the one rounding rule.

Rounding rule (documented once, applied once per charge): amounts are computed exactly with
Decimal and rounded to the fen (0.01 yuan) half-up only when the charge amount is final —
never per day or per month, so a quarter billed at once equals the sum of its exact parts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from decimal import Decimal

from wuye.core.money import to_money

ONE_DAY = dt.timedelta(days=1)


def month_slices(start: dt.date, end: dt.date):
    """(slice_start, slice_end, days_in_month) for each calendar month touched by [start, end]."""
    current = start
    while current <= end:
        days_in_month = calendar.monthrange(current.year, current.month)[1]
        month_end = current.replace(day=days_in_month)
        yield current, min(month_end, end), days_in_month
        current = month_end + ONE_DAY


class RateTable:
    """Tariff versions of one fee item for one unit use: the rate in force on any day."""

    def __init__(self, versions: list[tuple[dt.date, Decimal]]):
        versions = sorted(versions)
        self.dates = [d for d, _ in versions]
        self.rates = [r for _, r in versions]

    def rate_on(self, day: dt.date) -> Decimal | None:
        index = bisect_right(self.dates, day) - 1
        return self.rates[index] if index >= 0 else None

    def segments(self, start: dt.date, end: dt.date):
        """(seg_start, seg_end, rate) pieces of [start, end] with one rate each (None: no tariff yet)."""
        cuts = [d for d in self.dates if start < d <= end]
        bounds = [start, *cuts]
        for i, seg_start in enumerate(bounds):
            seg_end = (bounds[i + 1] - ONE_DAY) if i + 1 < len(bounds) else end
            yield seg_start, seg_end, self.rate_on(seg_start)


def monthly_factor(table: RateTable, start: dt.date, end: dt.date) -> Decimal:
    """Σ over the days of [start, end] of (monthly rate ÷ days in that month): the exact, unrounded
    multiplier of a per-month fee for that stretch (× area for per-m² fees)."""
    total = Decimal(0)
    for slice_start, slice_end, days_in_month in month_slices(start, end):
        for seg_start, seg_end, rate in table.segments(slice_start, slice_end):
            if rate is None:
                continue
            days = (seg_end - seg_start).days + 1
            total += rate * days / days_in_month
    return total


def billable_start(period_start: dt.date, billing_start: dt.date | None) -> dt.date | None:
    """Billing starts on the handover date (spec 03); None when the unit is not handed over."""
    if billing_start is None:
        return None
    return max(period_start, billing_start)


def charge_amount(factor: Decimal, quantity: Decimal = Decimal(1)) -> Decimal:
    return to_money(factor * quantity)
