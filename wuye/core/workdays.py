"""The working-day calendar every deadline is computed through.

Sources, in order of precedence:
1. the company's own table (`CalendarDay`): holidays and adjusted working weekends that managers
   enter or import; it wins over everything else and covers years the package does not know;
2. the `chinese-calendar` package (mainland statutory calendar with the State Council's adjusted
   working weekends; 1.11.0 knows 2004–2026 and raises NotImplementedError for later years);
3. for a year chinese-calendar does not know: the statutory holidays by rule from the `holidays`
   package (元旦, 春节 with 除夕, 清明, 劳动节, 端午, 中秋, 国庆, and the 补假 weekdays the holiday
   regulation grants when one falls on a weekend). The adjusted working weekends (调休) of such a
   year come only with the State Council's yearly notice, so until managers enter it every other
   day follows Monday–Friday and `coverage_warnings()` keeps reporting the year;
4. a year no source knows (past the rule's range): Monday–Friday, reported the same way.

The table overrides only the days it lists. A year chinese-calendar does not know counts as
covered once the table holds at least one entry for it (the table is filled from the State
Council's yearly holiday notice, a whole year at a time); its unlisted days follow the rule's
holidays and Monday–Friday.

Caching: the company table is kept per year in the shared cache (settings.CACHES["default"]: a
database table by default, Redis when configured) under a version key that every change bumps
after commit, so an edit reaches every worker at once. Each process also remembers the version for
MEMO_SECONDS, so a loop over many deadlines does not ask the shared cache each time: another worker
sees an edit at most MEMO_SECONDS later; the worker that made it sees it at once.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
import holidays
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone, translation

_CACHE_VERSION_KEY = "wuye:workdays:version"
_TABLE_TIMEOUT = 24 * 3600  # a year's table; a new version makes the old keys unreachable anyway
MEMO_SECONDS = 5.0  # how long a process trusts the version it read (the bound for other workers)

# Where a day's (or a year's) answer comes from, in order of precedence.
TABLE = "table"  # the company table
PACKAGE = "package"  # chinese-calendar: statutory holidays and adjusted working weekends
RULE = "rule"  # statutory holidays by rule (`holidays`); adjusted working weekends unknown
FALLBACK = "fallback"  # nothing known: Monday–Friday


@dataclass(frozen=True)
class DaySource:
    workday: bool
    source: str  # TABLE, PACKAGE, RULE or FALLBACK


class UncoveredYear(int):
    """A year `coverage_warnings()` reports: equal to and printed as the year, and says what is known.

    `source` is RULE (statutory holidays known by rule, adjusted working weekends unknown) or
    FALLBACK (nothing known, Monday–Friday). Being an int keeps `== [2027]` and `join` working.
    """

    source: str

    def __new__(cls, year: int, source: str = FALLBACK) -> UncoveredYear:  # default: unpickling
        obj = super().__new__(cls, year)
        obj.source = source
        return obj

    @property
    def holidays_known(self) -> bool:
        return self.source == RULE


def _shared_cache():
    return caches["default"]


_clock = time.monotonic


class _Memo:
    """This process's short memory: the version read at `checked` and the year tables read under it."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.checked = 0.0
        self.tables: dict[int, dict[dt.date, bool]] = {}


_memo = _Memo()
# A thread that changed the table in a transaction not committed yet reads the table itself (its own
# uncommitted rows must never reach the shared cache, and a rollback must leave nothing behind).
_pending = threading.local()


def forget_local() -> None:
    """Drop this process's memo (the next read asks the shared cache)."""
    global _memo
    _memo = _Memo()
    _pending.edit = False


def _new_version() -> int:
    return time.time_ns()  # never reuses the keys of a version the cache has lost


def _cache_version() -> int:
    cache = _shared_cache()
    version = cache.get(_CACHE_VERSION_KEY)
    if version is None:
        cache.add(_CACHE_VERSION_KEY, _new_version(), None)
        version = cache.get(_CACHE_VERSION_KEY)
    return version


def table_changed() -> None:
    """Called by the calendar services on every change to the company table, inside its transaction."""
    forget_local()
    if connection.in_atomic_block:
        _pending.edit = True
        transaction.on_commit(invalidate_cache)
    else:
        invalidate_cache()


def invalidate_cache() -> None:
    """Make every process read the company table afresh (after commit)."""
    cache = _shared_cache()
    try:
        cache.incr(_CACHE_VERSION_KEY)
    except ValueError:
        cache.set(_CACHE_VERSION_KEY, _new_version(), None)
    forget_local()


def _read_table(year: int) -> dict[dt.date, bool]:
    from wuye.core.models import CalendarDay

    return {
        row.date: row.kind == CalendarDay.Kind.WORKDAY
        for row in CalendarDay.objects.filter(date__year=year).only("date", "kind")
    }


def _table_for_year(year: int) -> dict[dt.date, bool]:
    if getattr(_pending, "edit", False):
        if connection.in_atomic_block:
            return _read_table(year)
        _pending.edit = False  # the transaction ended without commit (a commit bumps the version)
    memo, now = _memo, _clock()
    if memo.version is None or now - memo.checked >= MEMO_SECONDS:
        version = _cache_version()
        if version != memo.version:
            memo.version, memo.tables = version, {}
        memo.checked = now
    table = memo.tables.get(year)
    if table is None:
        cache = _shared_cache()
        key = f"wuye:workdays:{memo.version}:{year}"
        table = cache.get(key)
        if table is None:
            table = _read_table(year)
            cache.set(key, table, _TABLE_TIMEOUT)
        memo.tables[year] = table
    return table


@lru_cache(maxsize=8192)
def _package_workday(day: dt.date) -> bool | None:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def _package_covers(year: int) -> bool:
    return _package_workday(dt.date(year, 6, 1)) is not None


@lru_cache(maxsize=64)
def _rule_holidays(year: int, language: str = "zh_CN") -> dict[dt.date, str] | None:
    """Statutory days off of `year` by rule (weekends included), or None outside the rule's years."""
    rule = holidays.country_holidays("CN", language=language)
    if not rule.start_year <= year <= rule.end_year:
        return None
    return dict(holidays.country_holidays("CN", years=year, language=language))


def day_source(day: dt.date) -> DaySource:
    table = _table_for_year(day.year)
    if day in table:
        return DaySource(table[day], TABLE)
    package = _package_workday(day)
    if package is not None:
        return DaySource(package, PACKAGE)
    rule = _rule_holidays(day.year)
    if rule is not None and day in rule:
        return DaySource(False, RULE)
    # Otherwise Monday–Friday; the year counts as covered once the table has entries.
    return DaySource(day.weekday() < 5, TABLE if table else RULE if rule is not None else FALLBACK)


def is_workday(day: dt.date) -> bool:
    return day_source(day).workday


def year_coverage(year: int) -> str:
    """Where a year's calendar comes from: PACKAGE, TABLE (entered by managers), RULE or FALLBACK."""
    if _package_covers(year):
        return PACKAGE
    if _table_for_year(year):
        return TABLE
    return RULE if _rule_holidays(year) is not None else FALLBACK


def year_is_covered(year: int) -> bool:
    """Holidays and adjusted working weekends both known (RULE and FALLBACK years are not)."""
    return year_coverage(year) in (PACKAGE, TABLE)


def coverage_warnings(today: dt.date | None = None, years_ahead: int = 1) -> list[UncoveredYear]:
    """Years (this year and the next `years_ahead`) whose adjusted working weekends are unknown.

    Each says whether its statutory holidays are at least known by rule (`holidays_known`) or
    deadlines there count Monday–Friday only.
    """
    today = today or timezone.localdate()
    years = range(today.year, today.year + years_ahead + 1)
    return [UncoveredYear(y, source) for y in years if (source := year_coverage(y)) in (RULE, FALLBACK)]


def rule_holidays(year: int) -> dict[dt.date, str]:
    """The rule's statutory days off of `year` named in the active language (empty outside its years)."""
    language = "en_US" if (translation.get_language() or "").startswith("en") else "zh_CN"
    return dict(sorted((_rule_holidays(year, language) or {}).items()))


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
    day = (
        timezone.localtime(start).date()
        if is_datetime and timezone.is_aware(start)
        else (start.date() if is_datetime else start)
    )
    day = next_workday(day)
    for _ in range(days):
        day = next_workday(day, include_self=False)
    if not is_datetime:
        return day
    local = timezone.localtime(start) if timezone.is_aware(start) else start
    result = dt.datetime.combine(day, local.time().replace(tzinfo=None))
    return (
        timezone.make_aware(result, timezone.get_current_timezone()) if timezone.is_aware(start) else result
    )


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
