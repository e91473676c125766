"""Working-day calendar: statutory holidays, adjusted weekends, the company table, 2027 fallback."""

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
def test_year_nobody_covers_falls_back_to_weekdays_and_warns():
    # chinese-calendar 1.11.0 raises for 2027; we must not.
    assert workdays.is_workday(dt.date(2027, 1, 1)) is True  # a Friday
    assert workdays.is_workday(dt.date(2027, 1, 2)) is False  # a Saturday
    assert workdays.day_source(dt.date(2027, 1, 1)).source == "fallback"
    assert workdays.coverage_warnings(today=dt.date(2026, 11, 26)) == [2027]
    # a deadline set in late December reaches into 2027 without failing
    assert workdays.add_working_days(at(2026, 12, 31), 2) == at(2027, 1, 4)


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
    # in a year only the table covers, unlisted days follow Monday–Friday
    assert workdays.is_workday(dt.date(2027, 1, 4)) is True and workdays.is_workday(dt.date(2027, 1, 9)) is False
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
    n = services.calendar_import_csv(text="date,kind,name\n2027-01-01,休,元旦\n2027-02-06,班,春节调休\n", acting_user=manager)
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
