"""The working-day calendar every deadline is computed through.

Sources, in order of precedence:
1. the company's own table (`CalendarDay`): holidays and adjusted working weekends that managers
   enter or import; it wins over everything else and covers years the package does not know;
2. the `chinese-calendar` package (mainland statutory calendar; 1.11.0 knows 2004–2026 and
   raises NotImplementedError for later years);
3. for a year neither covers: Monday–Friday, and `coverage_warnings()` reports the year so the
   console can show managers a visible warning instead of failing.

The table overrides only the days it lists. A year the package does not know counts as covered
once the table holds at least one entry for it (the table is filled from the State Council's
yearly holiday notice, a whole year at a time); its unlisted days follow Monday–Friday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
from django.core.cache import cache
from django.utils import timezone

_CACHE_VERSION_KEY = "wuye:workdays:version"


@dataclass(frozen=True)
class DaySource:
    workday: bool
    source: str  # "table", "package" or "fallback"


def _cache_version() -> int:
    version = cache.get(_CACHE_VERSION_KEY)
    if version is None:
        version = 1
        cache.set(_CACHE_VERSION_KEY, version, None)
    return version


def invalidate_cache() -> None:
    """Called by the calendar services after every change to the company table."""
    try:
        cache.incr(_CACHE_VERSION_KEY)
    except ValueError:
        cache.set(_CACHE_VERSION_KEY, 2, None)


def _table_for_year(year: int) -> dict[dt.date, bool]:
    key = f"wuye:workdays:{_cache_version()}:{year}"
    table = cache.get(key)
    if table is None:
        from wuye.core.models import CalendarDay

        table = {
            row.date: row.kind == CalendarDay.Kind.WORKDAY
            for row in CalendarDay.objects.filter(date__year=year).only("date", "kind")
        }
        cache.set(key, table, 300)
    return table


@lru_cache(maxsize=8192)
def _package_workday(day: dt.date) -> bool | None:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def day_source(day: dt.date) -> DaySource:
    table = _table_for_year(day.year)
    if day in table:
        return DaySource(table[day], "table")
    package = _package_workday(day)
    if package is not None:
        return DaySource(package, "package")
    # Neither lists the day: Monday–Friday; the year counts as covered once the table has entries.
    return DaySource(day.weekday() < 5, "table" if table else "fallback")


def is_workday(day: dt.date) -> bool:
    return day_source(day).workday


def year_is_covered(year: int) -> bool:
    if _table_for_year(year):
        return True
    return _package_workday(dt.date(year, 6, 1)) is not None


def coverage_warnings(today: dt.date | None = None, years_ahead: int = 1) -> list[int]:
    """Years (this year and the next `years_ahead`) for which deadlines fall back to Monday–Friday."""
    today = today or timezone.localdate()
    return [y for y in range(today.year, today.year + years_ahead + 1) if not year_is_covered(y)]


def next_workday(day: dt.date, *, include_self: bool = True) -> dt.date:
    current = day if include_self else day + dt.timedelta(days=1)
    while not is_workday(current):
        current += dt.timedelta(days=1)
    return current


def add_working_days(start: dt.datetime | dt.date, days: int):
    """`days` working days after `start`, keeping the time of day of `start`.

    Counting starts from the day after `start`; a start on a day off counts as if made on the
    next working day's morning, so a Saturday request with a 1-working-day limit is due on
    Tuesday (Monday counts as the receiving day). `days == 0` returns the start unchanged.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    if days == 0:
        return start
    is_datetime = isinstance(start, dt.datetime)
    day = timezone.localtime(start).date() if is_datetime and timezone.is_aware(start) else (
        start.date() if is_datetime else start
    )
    day = next_workday(day)
    for _ in range(days):
        day = next_workday(day, include_self=False)
    if not is_datetime:
        return day
    local = timezone.localtime(start) if timezone.is_aware(start) else start
    result = dt.datetime.combine(day, local.time().replace(tzinfo=None))
    return timezone.make_aware(result, timezone.get_current_timezone()) if timezone.is_aware(start) else result


def add_working_hours(
    start: dt.datetime,
    hours: float | int,
    *,
    day_start: dt.time = dt.time(8, 30),
    day_end: dt.time = dt.time(17, 30),
) -> dt.datetime:
    """`hours` of office time after `start`, counting only working days between day_start and day_end."""
    if hours < 0:
        raise ValueError("hours must not be negative")
    tz = timezone.get_current_timezone()
    current = timezone.localtime(start, tz)
    remaining = dt.timedelta(hours=hours)
    while True:
        day = current.date()
        open_at = timezone.make_aware(dt.datetime.combine(day, day_start), tz)
        close_at = timezone.make_aware(dt.datetime.combine(day, day_end), tz)
        if not is_workday(day) or current >= close_at:
            nxt = next_workday(day, include_self=False)
            current = timezone.make_aware(dt.datetime.combine(nxt, day_start), tz)
            continue
        if current < open_at:
            current = open_at
        available = close_at - current
        if remaining <= available:
            return current + remaining
        remaining -= available
        current = close_at


def add_duration(start: dt.datetime, amount: int, unit: str) -> dt.datetime:
    """One entry point for deadline settings: unit is seconds, minutes, hours, days, working_days or working_hours."""
    if unit == "seconds":
        return start + dt.timedelta(seconds=amount)
    if unit == "minutes":
        return start + dt.timedelta(minutes=amount)
    if unit == "hours":
        return start + dt.timedelta(hours=amount)
    if unit == "days":
        return start + dt.timedelta(days=amount)
    if unit == "working_days":
        return add_working_days(start, amount)
    if unit == "working_hours":
        return add_working_hours(start, amount)
    raise ValueError(f"unknown duration unit: {unit}")
