"""Temporary parking tariff: the spec's examples, both day rules, and Hypothesis properties."""

import datetime as dt
import math
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wuye.parking.tariff import DEFAULTS, Tariff, quote

SH = ZoneInfo("Asia/Shanghai")
D = Decimal
CAL = Tariff(2, D("2"), D("1"), D("6"), "calendar")
ROLL = Tariff(2, D("2"), D("1"), D("6"), "rolling")
T0 = dt.datetime(2026, 11, 26, 8, 0, tzinfo=SH)


def stay(tariff, minutes, start=T0):
    return quote(tariff, start, start + dt.timedelta(minutes=minutes))["amount"]


@pytest.mark.parametrize("tariff", [CAL, ROLL], ids=["calendar", "rolling"])
@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "0"),
        (1, "2"),
        (70, "2"),
        (120, "2"),
        (121, "3"),
        (180, "3"),
        (181, "4"),
        (300, "5"),
        (540, "6"),
        (900, "6"),
    ],
)
def test_spec_examples_within_a_day(tariff, minutes, expected):
    assert stay(tariff, minutes) == D(expected)


def test_thirty_hours_under_the_24_hour_rule():
    assert stay(ROLL, 30 * 60) == D("12")  # ¥6 + ¥6


@pytest.mark.parametrize(
    ("start", "minutes", "calendar", "rolling"),
    [
        (dt.datetime(2026, 11, 26, 23, 0, tzinfo=SH), 120, "2", "2"),  # over midnight: no second ¥2
        (dt.datetime(2026, 11, 26, 23, 0, tzinfo=SH), 180, "3", "3"),
        (
            dt.datetime(2026, 11, 26, 20, 0, tzinfo=SH),
            15 * 60,
            "10",
            "6",
        ),  # 20:00–11:00: ¥4 + ¥6 (capped) vs one 24 h
        (dt.datetime(2026, 11, 26, 8, 0, tzinfo=SH), 30 * 60, "12", "12"),
        (
            dt.datetime(2026, 11, 26, 8, 0, tzinfo=SH),
            50 * 60,
            "18",
            "14",
        ),  # three days started: 6+6+6 vs 6+6+2
        (dt.datetime(2026, 11, 26, 22, 0, tzinfo=SH), 26 * 60, "8", "8"),  # ends at midnight: 2 + 6
    ],
)
def test_multi_day_stays(start, minutes, calendar, rolling):
    assert stay(CAL, minutes, start) == D(calendar)
    assert stay(ROLL, minutes, start) == D(rolling)


def test_breakdown_shows_each_day():
    result = quote(
        CAL, dt.datetime(2026, 11, 26, 20, 0, tzinfo=SH), dt.datetime(2026, 11, 27, 11, 0, tzinfo=SH)
    )
    assert [d["charged"] for d in result["days"]] == [D("4"), D("6")]
    assert result["days"][1]["capped"] and result["minutes"] == 900


def test_project_settings_override():
    class P:
        settings = {"parking": {"temporary": {"first_fee": "5", "daily_cap": "20", "day_rule": "rolling"}}}

    tariff = Tariff.for_project(P)
    assert (tariff.first_fee, tariff.daily_cap, tariff.day_rule, tariff.hourly_fee) == (
        D("5"),
        D("20"),
        "rolling",
        D("1"),
    )
    assert DEFAULTS["daily_cap"] == "6.00"


durations = st.integers(min_value=0, max_value=7 * 24 * 60)
starts = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 12, 31)).map(
    lambda d: d.replace(tzinfo=SH)
)


@settings(max_examples=300, deadline=None)
@given(start=starts, minutes=durations, rule=st.sampled_from([CAL, ROLL]))
def test_never_negative_never_above_the_cap(start, minutes, rule):
    amount = stay(rule, minutes, start)
    assert amount >= 0
    exited = start + dt.timedelta(minutes=minutes)
    if rule is ROLL:
        days_started = max(1, math.ceil(minutes / (24 * 60)))
    else:
        days_started = (exited.date() - start.date()).days + (
            1 if exited.time() > dt.time(0) or minutes == 0 else 0
        )
        days_started = max(days_started, 1)
    assert amount <= rule.daily_cap * days_started


@settings(max_examples=300, deadline=None)
@given(
    start=starts,
    minutes=durations,
    extra=st.integers(min_value=0, max_value=3000),
    rule=st.sampled_from([CAL, ROLL]),
)
def test_never_decreases_when_the_exit_is_later(start, minutes, extra, rule):
    assert stay(rule, minutes + extra, start) >= stay(rule, minutes, start)
