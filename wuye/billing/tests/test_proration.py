"""Golden tests: proration by day, tariffs changing mid-period, the rounding rule."""

import datetime as dt
from decimal import Decimal

import pytest

from wuye.billing.calc import RateTable, charge_amount, monthly_factor
from wuye.core.money import to_money

D = Decimal
FLAT = RateTable([(dt.date(2020, 1, 1), D("2.50"))])


@pytest.mark.parametrize(
    ("table", "start", "end", "area", "expected"),
    [
        (FLAT, dt.date(2026, 11, 1), dt.date(2026, 11, 30), "100", "250.00"),  # whole month
        (FLAT, dt.date(2026, 11, 16), dt.date(2026, 11, 30), "100", "125.00"),  # handover on the 16th: 15/30
        (FLAT, dt.date(2026, 2, 10), dt.date(2026, 2, 28), "100", "169.64"),  # 19/28 of February
        (FLAT, dt.date(2026, 10, 1), dt.date(2026, 12, 31), "100", "750.00"),  # a quarter
        (
            FLAT,
            dt.date(2026, 11, 1),
            dt.date(2026, 12, 31),
            "100",
            "500.00",
        ),  # quarter from a November handover
        (
            FLAT,
            dt.date(2026, 10, 20),
            dt.date(2026, 12, 31),
            "89.55",
            "534.41",
        ),  # 12/31 Oct + Nov + Dec, rounded once
        (
            RateTable([(dt.date(2020, 1, 1), D("2.50")), (dt.date(2026, 11, 16), D("3.00"))]),
            dt.date(2026, 11, 1),
            dt.date(2026, 11, 30),
            "100",
            "275.00",
        ),  # tariff changes mid-month: 15 days at 2.50, 15 at 3.00
        (
            RateTable([(dt.date(2020, 1, 1), D("2.50")), (dt.date(2026, 12, 1), D("2.80"))]),
            dt.date(2026, 10, 1),
            dt.date(2026, 12, 31),
            "100",
            "780.00",
        ),  # tariff changes mid-quarter
        (
            RateTable([(dt.date(2026, 11, 11), D("3.00"))]),
            dt.date(2026, 11, 1),
            dt.date(2026, 11, 30),
            "100",
            "200.00",
        ),
        # no tariff before the 11th: nothing charged for those days
    ],
)
def test_golden(table, start, end, area, expected):
    assert charge_amount(monthly_factor(table, start, end), D(area)) == D(expected)


def test_october_slice_is_exact():
    # 89.55 m² × 2.50 × (12/31 + 1 + 1) = 534.4112… → 534.41 (rounded once, not per month)
    factor = monthly_factor(FLAT, dt.date(2026, 10, 20), dt.date(2026, 12, 31))
    assert abs(factor * D("89.55") - D("2.50") * D("89.55") * (D(12) / D(31) + 2)) < D("1e-20")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("210.4425", "210.44"),
        ("210.4895", "210.49"),
        ("2.5025", "2.50"),
        ("0.125", "0.13"),
        ("0.135", "0.14"),
        ("-0.125", "-0.13"),
    ],
)
def test_rounding_is_half_up_to_the_fen(value, expected):
    assert to_money(D(value)) == D(expected)


def test_money_refuses_float():
    with pytest.raises(TypeError):
        to_money(0.1)
