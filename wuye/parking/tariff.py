"""Temporary parking tariff (spec 03, seed 000 §17), all figures per-project settings.

Default: ¥2 for up to 2 hours; ¥1 for each further hour or part of one; at most ¥6 per day.
The fee accrues continuously from entry: f(d) = 0 for no time, first_fee up to first_hours, then
+hourly_fee per started hour. Each day (calendar day, or 24 h from entry — a project setting) is
charged what accrued during it, capped at the daily cap. So a stay over midnight does not pay the
first-two-hours fee again, a multi-day stay is capped per day, and the fee never decreases when
the exit moves later.
Examples: 1 h 10 min → ¥2; 2 h → ¥2; 2 h 01 min → ¥3; 5 h → ¥5; 9 h → ¥6; 30 h (24 h rule) → ¥12.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from wuye.core.days import local_midnight

DEFAULTS = {
    "first_hours": 2,
    "first_fee": "2.00",
    "hourly_fee": "1.00",
    "daily_cap": "6.00",
    "day_rule": "calendar",  # "calendar" (midnight to midnight) or "rolling" (24 h from entry)
    "free_minutes": 0,
}


@dataclass(frozen=True)
class Tariff:
    first_hours: int
    first_fee: Decimal
    hourly_fee: Decimal
    daily_cap: Decimal
    day_rule: str
    free_minutes: int = 0

    @classmethod
    def for_project(cls, project) -> Tariff:
        values = {**DEFAULTS, **(project.settings or {}).get("parking", {}).get("temporary", {})}
        return cls(
            first_hours=int(values["first_hours"]),
            first_fee=Decimal(str(values["first_fee"])),
            hourly_fee=Decimal(str(values["hourly_fee"])),
            daily_cap=Decimal(str(values["daily_cap"])),
            day_rule=values["day_rule"],
            free_minutes=int(values["free_minutes"]),
        )

    def accrued(self, seconds: float) -> Decimal:
        """f(d): the uncapped fee for `seconds` of parking from entry."""
        if seconds <= 0:
            return Decimal("0.00")
        first = self.first_hours * 3600
        if seconds <= first:
            return self.first_fee
        return self.first_fee + self.hourly_fee * math.ceil((seconds - first) / 3600)


def _day_bounds(entered: dt.datetime, exited: dt.datetime, rule: str):
    if rule == "rolling":
        start = entered
        while start < exited:
            end = min(start + dt.timedelta(hours=24), exited)
            yield start, end
            start = end
        return
    local = timezone.localtime(entered)
    start = entered
    midnight = local_midnight(local.date() + dt.timedelta(days=1))
    while start < exited:
        end = min(midnight, exited)
        yield start, end
        start, midnight = end, midnight + dt.timedelta(days=1)


def quote(tariff: Tariff, entered: dt.datetime, exited: dt.datetime) -> dict:
    """The amount and its breakdown per day."""
    if exited < entered:
        raise ValueError("exit before entry")
    total_seconds = (exited - entered).total_seconds()
    days = []
    if total_seconds > tariff.free_minutes * 60:
        for start, end in _day_bounds(entered, exited, tariff.day_rule):
            accrued = tariff.accrued((end - entered).total_seconds()) - tariff.accrued(
                (start - entered).total_seconds()
            )
            charged = min(accrued, tariff.daily_cap)
            days.append(
                {
                    "from": start,
                    "to": end,
                    "accrued": accrued,
                    "charged": charged,
                    "capped": accrued > tariff.daily_cap,
                }
            )
    amount = sum((d["charged"] for d in days), Decimal("0.00"))
    return {
        "amount": amount,
        "minutes": math.ceil(total_seconds / 60),
        "days": days,
        "day_rule": tariff.day_rule,
    }
