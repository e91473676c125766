"""A clock the demo sets to the moment of each record it enters after the fact.

Services take explicit event times (`at`, `received_at`, `entered_at`) for paper records, but
some stamp the current time themselves (a receipt's issue time, a charge run's rows, a card's
issue time, `auto_now_add` columns that the "as it stood on day D" reports read). time-machine
is a test dependency only, so the demo replaces `django.utils.timezone.now` — which every one of
those calls goes through — for the duration of a `with frozen(at):` block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.db import connection
from django.utils import timezone


@contextmanager
def frozen(at: dt.datetime) -> Iterator[dt.datetime]:
    """Django's "now" is `at` inside the block (never later than the real now)."""
    at = min(at, timezone.now())
    with mock.patch.object(timezone, "now", lambda: at):
        yield at


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware local time on `day`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def month_start(day: dt.date, months_back: int = 0) -> dt.date:
    """The first day of the month `months_back` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` months after `day`'s month."""
    return month_start(day, -months)


@contextmanager
def quiet() -> Iterator[None]:
    """Drop the notifications the services queue (`transaction.on_commit`) inside the block.

    A history entered after the fact alerts nobody today: without this, staff would find a
    hundred "return visit due" messages about tickets closed months ago. Relies on Django's list
    of pending on-commit callbacks (`connection.run_on_commit`)."""
    pending = len(connection.run_on_commit)
    try:
        yield
    finally:
        del connection.run_on_commit[pending:]
