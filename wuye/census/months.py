"""Census months and their deadlines (seed 000 §22): each building's census by the 30th (the
month's last day when it is shorter), the monthly occupancy report by the 3rd of the next month."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.validators import check_plausible_date

CENSUS_DAY = 30
REPORT_DAY = 3
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str | None, *, field: str = "month") -> dt.date:
    """The first day of the month written YYYY-MM; a ValidationError names `field` otherwise."""
    match = _MONTH.match((text or "").strip())
    message = _("Enter a month as YYYY-MM, e.g. 2026-11.")
    if not match:
        raise ValidationError({field: [message]})
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValidationError({field: [message]})
    first = dt.date(year, month, 1)
    check_plausible_date(first, field=field)
    return first


def month_label(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def previous_month(month: dt.date) -> dt.date:
    return dt.date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def census_due(month: dt.date) -> dt.date:
    """The 30th, or the month's last day in February."""
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=min(CENSUS_DAY, last))


def report_due(month: dt.date) -> dt.date:
    return next_month(month).replace(day=REPORT_DAY)


def month_cutoff(month: dt.date) -> dt.datetime:
    """The first instant after the month (local time): figures "at month end" are before it."""
    first = next_month(month)
    return timezone.make_aware(dt.datetime.combine(first, dt.time.min))


def month_start_at(month: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(month, dt.time.min))
