"""Report periods: ISO weeks (Monday first) and calendar months, in local time, as [start, end).

Every boundary is local midnight in Asia/Shanghai, so "November" means 11-01 00:00 to 12-01 00:00
Beijing time whatever the server's clock zone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuye.core.days import local_midnight

WEEK, MONTH, CUSTOM = "week", "month", "custom"
KIND_CHOICES = [(WEEK, gettext_lazy("Week")), (MONTH, gettext_lazy("Month"))]
MAX_TREND = 24
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    kind: str
    first_day: dt.date
    end_day: dt.date  # exclusive

    @property
    def start(self) -> dt.datetime:
        return local_midnight(self.first_day)

    @property
    def end(self) -> dt.datetime:
        return local_midnight(self.end_day)

    @property
    def last_day(self) -> dt.date:
        return self.end_day - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.first_day:%Y-%m}"
        if self.kind == WEEK:
            year, week, _day = self.first_day.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.first_day:%Y-%m-%d}–{self.last_day:%Y-%m-%d}"

    @property
    def short_label(self) -> str:
        """For chart axes: 2026-11 for months, the Monday (11-23) for weeks."""
        if self.kind == WEEK:
            return f"{self.first_day:%m-%d}"
        return self.label

    def previous(self) -> Period:
        return period_of(self.kind, self.first_day - dt.timedelta(days=1))


def period_of(kind: str, day: dt.date) -> Period:
    """The week (Monday–Sunday) or calendar month containing `day`."""
    if kind == WEEK:
        first = day - dt.timedelta(days=day.weekday())
        return Period(WEEK, first, first + dt.timedelta(days=7))
    if kind == MONTH:
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return Period(MONTH, first, following)
    raise ValueError(f"unknown period kind {kind!r}")


def custom(first_day: dt.date, end_day: dt.date) -> Period:
    return Period(CUSTOM, first_day, end_day)


def series(kind: str, last_day: dt.date, count: int) -> list[Period]:
    """`count` consecutive periods of `kind`, oldest first, the last one containing `last_day`."""
    if count <= 0:
        return []
    periods = [period_of(kind, last_day)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


def tiling(kind: str, period: Period) -> list[Period] | None:
    """The weeks or months of `kind` that exactly make up `period`, or None if it cuts across one."""
    if period.kind == kind:
        return [period]
    tiles = [period_of(kind, period.first_day)]
    if tiles[0].first_day != period.first_day:
        return None
    while tiles[-1].end_day < period.end_day:
        tiles.append(period_of(kind, tiles[-1].end_day))
    return tiles if tiles[-1].end_day == period.end_day else None


def resolve(*, kind: str | None, day: dt.date | None, start: dt.date | None, end: dt.date | None) -> Period:
    """The period a request asks for: explicit `start`/`end` (end exclusive), else the `kind`
    (week or month, default month) containing `day` (default today). Field errors as a dict."""
    if start is not None or end is not None:
        if start is None:
            raise ValidationError({"start": [_("Give both the start and the end date.")]})
        if end is None:
            raise ValidationError({"end": [_("Give both the start and the end date.")]})
        if end <= start:
            raise ValidationError({"end": [_("The end date must be after the start date.")]})
        if (end - start).days > MAX_DAYS:
            raise ValidationError({"end": [_("A report covers at most %(days)s days.") % {"days": MAX_DAYS}]})
        return custom(start, end)
    return period_of(kind or MONTH, day or timezone.localdate())


MONTH_PATTERN = r"\d{4}-\d{2}"


def month_of(text: str | None) -> Period:
    """The calendar month written YYYY-MM (empty: this month). A ValidationError names `month`."""
    text = (text or "").strip()
    if not text:
        return period_of(MONTH, timezone.localdate())
    try:
        if not re.fullmatch(MONTH_PATTERN, text):
            raise ValueError(text)
        year, month = (int(part) for part in text.split("-"))
        first = dt.date(year, month, 1)
    except ValueError as exc:
        raise ValidationError({"month": [_("Enter a month as YYYY-MM, e.g. 2026-11.")]}) from exc
    return period_of(MONTH, first)
