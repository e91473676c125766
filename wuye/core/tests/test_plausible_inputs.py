"""Issue 10: dates outside the plausible window and names with invisible or direction-changing
characters are refused with a validation error naming the field (wuye/core/validators.py)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wuye.core.audit import event_time
from wuye.core.errors import BusinessRuleError
from wuye.core.validators import check_name, check_names, check_period, check_plausible_date, plausible_years

TODAY = dt.date(2026, 11, 30)


def test_the_window_comes_from_the_settings(settings):
    assert plausible_years(TODAY) == (1996, 2036)
    settings.WUYE_PLAUSIBLE_YEARS_BACK, settings.WUYE_PLAUSIBLE_YEARS_AHEAD = 5, 1
    assert plausible_years(TODAY) == (2021, 2027)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (dt.date(1996, 1, 1), True),
        (dt.date(2036, 12, 31), True),
        (dt.date(1995, 12, 31), False),
        (dt.date(2037, 1, 1), False),
        (dt.date(1, 1, 1), False),
        (dt.date(9999, 12, 31), False),
        (dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC), False),  # past the calendar's end in Shanghai
        (dt.datetime(1995, 12, 31, 17, 0, tzinfo=dt.UTC), True),  # already 1996 in Shanghai
        (None, True),
    ],
)
def test_check_plausible_date(value, ok):
    if ok:
        check_plausible_date(value, field="paid_on", today=TODAY)
        return
    with pytest.raises(ValidationError) as exc:
        check_plausible_date(value, field="paid_on", today=TODAY)
    assert list(exc.value.message_dict) == ["paid_on"]
    assert "1996" in exc.value.message_dict["paid_on"][0]


def test_check_period_names_the_field():
    with pytest.raises(ValidationError) as exc:
        check_period(dt.date(2026, 5, 1), dt.date(2026, 4, 30))
    assert list(exc.value.message_dict) == ["period_end"]
    with pytest.raises(ValidationError) as exc:
        check_period(dt.date(1900, 1, 1), dt.date(2026, 4, 30), start_field="start_date")
    assert list(exc.value.message_dict) == ["start_date"]
    check_period(dt.date(2026, 4, 1), dt.date(2026, 4, 1))
    check_period(None, None)


def test_an_event_time_decades_ago_is_refused():
    """event_time serves payments (single, walk-in, batch), ticket intake and every ticket step."""
    with pytest.raises(BusinessRuleError) as exc:
        event_time(timezone.now() - dt.timedelta(days=365 * 40))
    assert exc.value.code == "implausible_date" and list(exc.value.fields) == ["at"]
    assert event_time(timezone.now() - dt.timedelta(days=365 * 2))


HIDDEN = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff"]
CONTROLS = ["\x00", "\x07", "\n", "\t", "\x1b", "\x7f", "\x85"]


@pytest.mark.parametrize("char", HIDDEN + CONTROLS)
def test_a_name_with_hidden_or_control_characters_is_refused(char):
    with pytest.raises(ValidationError) as exc:
        check_name(f"张{char}三", field="renter_name")
    assert list(exc.value.message_dict) == ["renter_name"]


@pytest.mark.parametrize(
    "name", ["张三", " 欧阳 娜娜 ", "Zoë O'Brien-Smith", "3-2-1201", "李·明", "阿卜杜拉·买买提"]
)
def test_ordinary_names_pass_stripped(name):
    assert check_name(name) == name.strip()


def test_check_names_reports_each_field_and_passes_non_text():
    keep = object()
    assert check_names(name=" 王五 ", number=keep) == {"name": "王五", "number": keep}
    with pytest.raises(ValidationError) as exc:
        check_names(name="a\u202eb", number="1\u200b", code="ok")
    assert set(exc.value.message_dict) == {"name", "number"}
