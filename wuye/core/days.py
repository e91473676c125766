"""Local (Asia/Shanghai) day boundaries: the one place that turns a date into aware datetimes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_midnight(day: dt.date) -> dt.datetime:
    """00:00 of `day` in the project's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of `day`: its midnight and the next one (23 or 25 hours where clocks change)."""
    return local_midnight(day), local_midnight(day + dt.timedelta(days=1))


def end_of_local_day(moment: dt.datetime) -> dt.datetime:
    """The local midnight after `moment`."""
    return local_midnight(timezone.localtime(moment).date() + dt.timedelta(days=1))
