"""The monthly report's figures come from the recorded status changes (seed 000 §22): units by
status per building at the month's end, and the month's changes."""

import pytest
import time_machine

from wuye.census import selectors
from wuye.census.choices import ChangeKind
from wuye.census.months import census_due, parse_month, report_due
from wuye.census.tests.factories import Estate, at
from wuye.estate.choices import OccupancyStatus as S

pytestmark = pytest.mark.django_db

OCT, NOV = parse_month("2026-10"), parse_month("2026-11")


@pytest.fixture
def estate():
    with time_machine.travel(at(2026, 12, 2), tick=False):
        yield Estate()


def _row(figures, building):
    return next(r for r in figures["buildings"] if r["building"] == building.pk)


def test_a_unit_handed_over_and_moved_in_during_the_month_shows_in_changes_and_counts(estate):
    b1, b2 = estate.buildings
    u1, u2, _u3 = estate.units["1"]
    estate.hand_over(u1, at(2026, 10, 5))  # before November: counted vacant → owner-occupied later
    estate.hand_over(u2, at(2026, 11, 10))
    estate.move_in(u2, at(2026, 11, 20), S.RENTED)
    estate.move_in(u1, at(2026, 11, 25))

    figures = selectors.compute_figures(project=estate.project, month=NOV)
    row = _row(figures, b1)
    assert row["counts"][S.NOT_HANDED_OVER] == 1
    assert row["counts"][S.RENTED] == 1
    assert row["counts"][S.OWNER_OCCUPIED] == 1
    assert row["total"] == 3
    assert [(c["unit_code"], c["kind"]) for c in row["changes"]] == [
        (u2.code, ChangeKind.HANDED_OVER),
        (u2.code, ChangeKind.MOVED_IN),
        (u1.code, ChangeKind.MOVED_IN),
    ]
    assert row["change_counts"][ChangeKind.HANDED_OVER] == 1
    assert row["change_counts"][ChangeKind.MOVED_IN] == 2
    assert _row(figures, b2)["counts"][S.NOT_HANDED_OVER] == 3
    assert _row(figures, b2)["changes"] == []
    assert figures["counts"][S.NOT_HANDED_OVER] == 4 and figures["total"] == 6


def test_the_month_end_counts_ignore_later_changes_and_earlier_months_changes(estate):
    b1 = estate.buildings[0]
    u1, u2, _u3 = estate.units["1"]
    estate.hand_over(u1, at(2026, 10, 5))
    estate.hand_over(u2, at(2026, 11, 3))  # after October's end: October still counts it not handed over
    estate.change(u1, S.RENOVATING, at(2026, 11, 4))

    october = _row(selectors.compute_figures(project=estate.project, month=OCT), b1)
    assert october["counts"][S.VACANT] == 1
    assert october["counts"][S.NOT_HANDED_OVER] == 2
    assert october["counts"][S.RENOVATING] == 0
    assert [c["unit_code"] for c in october["changes"]] == [u1.code]

    november = _row(selectors.compute_figures(project=estate.project, month=NOV), b1)
    assert november["counts"][S.VACANT] == 1 and november["counts"][S.RENOVATING] == 1
    assert [c["kind"] for c in november["changes"]] == [ChangeKind.HANDED_OVER, ChangeKind.RENOVATION_STARTED]


def test_a_change_in_the_last_minute_of_the_month_belongs_to_it(estate):
    u1 = estate.units["1"][0]
    estate.hand_over(u1, at(2026, 11, 30, 23).replace(minute=59))
    nov = _row(selectors.compute_figures(project=estate.project, month=NOV), estate.buildings[0])
    assert nov["counts"][S.VACANT] == 1 and len(nov["changes"]) == 1
    dec = selectors.compute_figures(project=estate.project, month=parse_month("2026-12"))
    assert _row(dec, estate.buildings[0])["changes"] == []


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        (S.NOT_HANDED_OVER, S.VACANT, ChangeKind.HANDED_OVER),
        (S.VACANT, S.OWNER_OCCUPIED, ChangeKind.MOVED_IN),
        (S.RENOVATING, S.OFFICE, ChangeKind.MOVED_IN),
        (S.RENTED, S.VACANT, ChangeKind.MOVED_OUT),
        (S.VACANT, S.RENOVATING, ChangeKind.RENOVATION_STARTED),
        (S.RENOVATING, S.VACANT, ChangeKind.RENOVATION_FINISHED),
    ],
)
def test_change_kinds(before, after, kind):
    assert selectors.change_kind(before, after) == kind


@pytest.mark.parametrize(
    ("month", "census", "report"),
    [
        ("2026-11", "2026-11-30", "2026-12-03"),
        ("2027-02", "2027-02-28", "2027-03-03"),
        ("2026-12", "2026-12-30", "2027-01-03"),
    ],
)
def test_deadlines(month, census, report):
    first = parse_month(month)
    assert census_due(first).isoformat() == census
    assert report_due(first).isoformat() == report


@pytest.mark.parametrize("text", ["2026-13", "2026-1", "11/2026", "", "1800-01", "2026-00"])
def test_an_invalid_month_is_refused(text):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        parse_month(text)
    assert "month" in exc.value.message_dict
