"""Working-day calendar: statutory holidays, adjusted weekends, the company table, 2027 by rule, fallback."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from wuye.accounts.choices import Role
from wuye.core import services, workdays
from wuye.core.errors import PermissionDeniedError
from wuye.core.tests.factories import ProjectFactory, staff

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=SH)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 9, 28), True),  # Sunday, adjusted working day before National Day
        (dt.date(2025, 10, 1), False),  # National Day
        (dt.date(2025, 10, 8), False),  # last day of the 2025 National Day / Mid-Autumn break
        (dt.date(2025, 10, 9), True),
        (dt.date(2025, 10, 11), True),  # Saturday, adjusted working day
        (dt.date(2026, 2, 14), True),  # Saturday before Spring Festival, adjusted working day
        (dt.date(2026, 2, 15), False),  # Spring Festival break
        (dt.date(2026, 2, 23), False),
        (dt.date(2026, 2, 24), True),
        (dt.date(2026, 2, 28), True),  # Saturday, adjusted working day
        (dt.date(2026, 10, 7), False),
        (dt.date(2026, 11, 28), False),  # ordinary Saturday
        (dt.date(2026, 11, 26), True),  # ordinary Thursday
    ],
)
def test_statutory_calendar(day, expected):
    assert workdays.is_workday(day) is expected
    assert workdays.day_source(day).source == "package"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (at(2025, 9, 30), 1, at(2025, 10, 9)),  # over National Day
        (at(2025, 9, 26, 17, 30), 1, at(2025, 9, 28, 17, 30)),  # Friday → adjusted Sunday
        (at(2026, 2, 13, 15), 1, at(2026, 2, 14, 15)),  # Friday → adjusted Saturday
        (at(2026, 2, 13, 15), 2, at(2026, 2, 24, 15)),  # over Spring Festival
        (at(2026, 2, 16, 9), 1, at(2026, 2, 25, 9)),  # received during the holiday: counts from the 24th
        (at(2026, 11, 28), 1, at(2026, 12, 1)),  # Saturday request: Monday is the receiving day
        (at(2026, 11, 26), 0, at(2026, 11, 26)),
        (at(2026, 11, 26), 5, at(2026, 12, 3)),
    ],
)
def test_add_working_days(start, days, due):
    assert workdays.add_working_days(start, days) == due


@pytest.mark.django_db
def test_add_working_days_on_dates():
    assert workdays.add_working_days(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (at(2026, 11, 26, 9), 2, at(2026, 11, 26, 11)),
        (at(2026, 11, 27, 16, 30), 2, at(2026, 11, 30, 9, 30)),  # Friday evening → Monday morning
        (at(2026, 2, 13, 16, 30), 2, at(2026, 2, 14, 9, 30)),  # → adjusted Saturday
        (at(2026, 11, 26, 7, 0), 1, at(2026, 11, 26, 9, 30)),  # before opening counts from 08:30
        (at(2026, 11, 26, 20, 0), 9, at(2026, 11, 27, 17, 30)),  # a whole working day
    ],
)
def test_add_working_hours(start, hours, due):
    assert workdays.add_working_hours(start, hours) == due


@pytest.mark.django_db
def test_add_duration_units():
    start = at(2026, 11, 26)
    assert workdays.add_duration(start, 30, "minutes") == at(2026, 11, 26, 10, 30)
    assert workdays.add_duration(start, 2, "hours") == at(2026, 11, 26, 12)
    assert workdays.add_duration(start, 7, "days") == at(2026, 12, 3)
    assert workdays.add_duration(start, 1, "working_days") == at(2026, 11, 27)
    with pytest.raises(ValueError):
        workdays.add_duration(start, 1, "fortnights")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2027, 1, 1), False),  # 元旦, a Friday
        (dt.date(2027, 1, 4), True),  # an ordinary Monday
        (dt.date(2027, 2, 5), False),  # 除夕 (holiday since the 2024 revision), a Friday
        (dt.date(2027, 2, 8), False),  # 春节 day 3
        (dt.date(2027, 2, 9), False),  # 补假 for 春节 days falling on the weekend
        (dt.date(2027, 2, 10), False),
        (dt.date(2027, 2, 11), True),
        (dt.date(2027, 5, 3), False),  # 劳动节 补假
        (dt.date(2027, 10, 5), False),  # 国庆 补假
        (dt.date(2027, 10, 6), True),
    ],
)
def test_statutory_holidays_by_rule_for_a_year_chinese_calendar_does_not_know(day, expected):
    # chinese-calendar 1.11.0 raises for 2027; the `holidays` package knows its holidays by rule.
    assert workdays._package_workday(day) is None
    assert workdays.day_source(day) == workdays.DaySource(expected, "rule")


@pytest.mark.django_db
def test_deadlines_skip_spring_festival_2027_by_rule():
    # Thursday before 除夕: the break runs Friday 02-05 to Wednesday 02-10.
    assert workdays.add_working_days(at(2027, 2, 4, 15), 1) == at(2027, 2, 11, 15)
    assert workdays.add_working_days(at(2027, 2, 4, 15), 2) == at(2027, 2, 12, 15)
    assert workdays.add_working_hours(at(2027, 2, 4, 16, 30), 2) == at(2027, 2, 11, 9, 30)
    # a deadline set in late December skips New Year's Day 2027
    assert workdays.add_working_days(at(2026, 12, 31), 1) == at(2027, 1, 4)


@pytest.mark.django_db
def test_rule_year_warns_that_adjusted_weekends_are_unknown():
    assert workdays.year_coverage(2027) == "rule"
    assert workdays.year_is_covered(2027) is False
    warnings = workdays.coverage_warnings(today=dt.date(2026, 11, 26))
    assert warnings == [2027]
    assert (warnings[0].source, warnings[0].holidays_known) == ("rule", True)
    assert str(warnings[0]) == "2027"
    # without entries, a Saturday the State Council may later make a working day stays off
    assert workdays.is_workday(dt.date(2027, 2, 20)) is False
    assert workdays.coverage_warnings(today=dt.date(2025, 6, 1)) == []


@pytest.mark.django_db
def test_chinese_calendar_still_decides_the_years_it_knows():
    assert workdays.year_coverage(2026) == "package"
    assert workdays.year_is_covered(2026) is True
    # 2026-01-04 is a Sunday made a working day by the State Council: only chinese-calendar knows
    assert workdays.day_source(dt.date(2026, 1, 4)) == workdays.DaySource(True, "package")
    assert workdays.day_source(dt.date(2026, 1, 1)) == workdays.DaySource(False, "package")


@pytest.mark.django_db
def test_year_nobody_covers_falls_back_to_weekdays_and_warns(monkeypatch):
    monkeypatch.setattr(workdays, "_rule_holidays", lambda year, language="zh_CN": None)
    assert workdays.is_workday(dt.date(2027, 1, 1)) is True  # a Friday
    assert workdays.is_workday(dt.date(2027, 1, 2)) is False  # a Saturday
    assert workdays.day_source(dt.date(2027, 1, 1)).source == "fallback"
    assert workdays.year_coverage(2027) == "fallback"
    warnings = workdays.coverage_warnings(today=dt.date(2026, 11, 26))
    assert warnings == [2027]
    assert (warnings[0].source, warnings[0].holidays_known) == ("fallback", False)
    # a deadline set in late December reaches into 2027 without failing
    assert workdays.add_working_days(at(2026, 12, 31), 2) == at(2027, 1, 4)


@pytest.mark.django_db
def test_rule_range_ends_where_the_holidays_package_stops():
    assert workdays.year_coverage(2100) == "rule"
    assert workdays.year_coverage(2101) == "fallback"
    assert workdays.day_source(dt.date(2101, 1, 3)) == workdays.DaySource(True, "fallback")  # a Monday


@pytest.mark.django_db
def test_company_table_beats_the_rule():
    manager = staff(Role.COMPANY_MANAGER, None)
    # the notice lengthens the break, makes a Saturday a working day, and moves a 补假 day
    services.calendar_day_set(date=dt.date(2027, 2, 11), kind="holiday", name="春节", acting_user=manager)
    services.calendar_day_set(date=dt.date(2027, 2, 12), kind="holiday", name="春节", acting_user=manager)
    services.calendar_day_set(date=dt.date(2027, 2, 20), kind="workday", name="春节调休", acting_user=manager)
    services.calendar_day_set(date=dt.date(2027, 10, 5), kind="workday", name="测试", acting_user=manager)
    assert workdays.day_source(dt.date(2027, 2, 11)) == workdays.DaySource(False, "table")
    assert workdays.day_source(dt.date(2027, 2, 20)) == workdays.DaySource(True, "table")
    assert workdays.day_source(dt.date(2027, 10, 5)) == workdays.DaySource(True, "table")
    # rule holidays the table does not list still count in a year the table covers
    assert workdays.day_source(dt.date(2027, 2, 9)) == workdays.DaySource(False, "rule")
    assert workdays.day_source(dt.date(2027, 1, 1)) == workdays.DaySource(False, "rule")
    assert workdays.day_source(dt.date(2027, 2, 15)) == workdays.DaySource(True, "table")
    assert workdays.add_working_days(at(2027, 2, 4, 15), 1) == at(2027, 2, 15, 15)
    assert workdays.add_working_days(at(2027, 2, 4, 15), 6) == at(2027, 2, 20, 15)  # the working Saturday
    # the year counts as entered: no more warning
    assert workdays.year_coverage(2027) == "table"
    assert workdays.coverage_warnings(today=dt.date(2026, 11, 26)) == []


@pytest.mark.django_db
def test_rule_holidays_are_named_in_the_active_language():
    from django.utils import translation

    with translation.override("zh-hans"):
        names = workdays.rule_holidays(2027)
    assert names[dt.date(2027, 1, 1)] == "元旦"
    assert names[dt.date(2027, 2, 6)] == "春节"
    assert list(names) == sorted(names)
    with translation.override("en"):
        assert workdays.rule_holidays(2027)[dt.date(2027, 1, 1)] == "New Year's Day"
    assert workdays.rule_holidays(2101) == {}


@pytest.mark.django_db
def test_company_table_covers_new_year_and_overrides_package():
    project = ProjectFactory()
    manager = staff(Role.COMPANY_MANAGER, None)
    services.calendar_day_set(date=dt.date(2027, 1, 1), kind="holiday", name="元旦", acting_user=manager)
    assert workdays.is_workday(dt.date(2027, 1, 1)) is False
    assert workdays.day_source(dt.date(2027, 1, 1)).source == "table"
    assert workdays.coverage_warnings(today=dt.date(2026, 11, 26)) == []
    assert workdays.add_working_days(at(2026, 12, 31), 1) == at(2027, 1, 4)
    # the table wins over the package: make an ordinary Thursday a day off, a Saturday a working day
    services.calendar_day_set(date=dt.date(2026, 12, 3), kind="holiday", name="测试", acting_user=manager)
    services.calendar_day_set(date=dt.date(2026, 12, 5), kind="workday", name="测试调休", acting_user=manager)
    assert workdays.is_workday(dt.date(2026, 12, 3)) is False
    assert workdays.is_workday(dt.date(2026, 12, 5)) is True
    assert workdays.is_workday(dt.date(2026, 12, 4)) is True
    # one entry does not switch the package off for the rest of its year: National Day stays a holiday
    assert workdays.is_workday(dt.date(2026, 10, 1)) is False
    assert workdays.day_source(dt.date(2026, 10, 1)).source == "package"
    # in a year only the table covers, unlisted days follow the rule's holidays and Monday–Friday
    assert (
        workdays.is_workday(dt.date(2027, 1, 4)) is True and workdays.is_workday(dt.date(2027, 1, 9)) is False
    )
    assert workdays.is_workday(dt.date(2027, 10, 4)) is False
    # removing an entry takes effect at once
    from wuye.core.models import CalendarDay

    services.calendar_day_remove(day=CalendarDay.objects.get(date=dt.date(2026, 12, 3)), acting_user=manager)
    assert workdays.is_workday(dt.date(2026, 12, 3)) is True
    assert project  # the manager is company-wide; the project only proves assignments exist


@pytest.mark.django_db
def test_calendar_csv_import_all_or_nothing():
    manager = staff(Role.COMPANY_MANAGER, None)
    from django.core.exceptions import ValidationError

    from wuye.core.models import CalendarDay

    with pytest.raises(ValidationError):
        services.calendar_import_csv(text="2027-01-01,休,元旦\nnot-a-date,休,x\n", acting_user=manager)
    assert not CalendarDay.objects.exists()
    n = services.calendar_import_csv(
        text="date,kind,name\n2027-01-01,休,元旦\n2027-02-06,班,春节调休\n", acting_user=manager
    )
    assert n == 2
    assert workdays.is_workday(dt.date(2027, 2, 6)) is True  # a Saturday made a working day


@pytest.mark.django_db
def test_only_managers_edit_the_calendar():
    project = ProjectFactory()
    with pytest.raises(PermissionDeniedError):
        services.calendar_day_set(
            date=dt.date(2027, 1, 1), kind="holiday", acting_user=staff(Role.CS_ASSISTANT, project)
        )


@pytest.mark.django_db
def test_project_manager_may_edit_the_company_calendar():
    project = ProjectFactory()
    services.calendar_day_set(
        date=dt.date(2027, 1, 1), kind="holiday", acting_user=staff(Role.PROJECT_MANAGER, project)
    )
    assert workdays.is_workday(dt.date(2027, 1, 1)) is False
