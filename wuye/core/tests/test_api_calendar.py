"""API: the company calendar table (calendar-days) and calendar/check."""

import datetime as dt

import pytest
import time_machine

from wuye.accounts.choices import Role
from wuye.core.models import CalendarDay
from wuye.core.tests.factories import OwnershipFactory, ProjectFactory, resident_user, staff

pytestmark = pytest.mark.django_db

API = "/api/v1/"
ERROR_KEYS = {"code", "message", "fields"}
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def manager():
    return staff(Role.COMPANY_MANAGER, None)


@pytest.fixture
def day():
    return CalendarDay.objects.create(
        date=dt.date(2030, 1, 2), kind=CalendarDay.Kind.HOLIDAY, name="元旦调休"
    )


def assert_error(response, status, code, fields=()):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= ERROR_KEYS
    assert body["code"] == code
    for field in fields:
        assert field in body["fields"], body
        assert isinstance(body["fields"][field], list) and body["fields"][field]
    return body


def check(client, query: str) -> dict:
    response = client.get(API + "calendar/check/?" + query)
    assert response.status_code == 200, response.content
    return response.json()


# --- anonymous, wrong role -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "calendar-days/"),
        ("post", "calendar-days/"),
        ("delete", "calendar-days/{day}/"),
        ("get", "calendar/check/"),
    ],
)
def test_anonymous_gets_401(api_client, day, method, path):
    response = getattr(api_client, method)(API + path.format(day=day.pk), {}, format="json")
    body = assert_error(response, 401, "not_authenticated")
    assert body["fields"] == {}
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def _holder(role):
    if role == "owner":
        return resident_user(owner=OwnershipFactory().owner)
    return staff(role, ProjectFactory())


@pytest.mark.parametrize("role", [Role.ENGINEER, Role.CS_SUPERVISOR, Role.CASHIER, "owner"])
def test_roles_without_calendar_manage_get_403(login, day, role):
    client = login(_holder(role))
    response = client.post(API + "calendar-days/", {"date": "2030-01-03", "kind": "holiday"}, format="json")
    assert_error(response, 403, "permission_denied")
    assert_error(client.delete(API + f"calendar-days/{day.pk}/"), 403, "permission_denied")
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [day.date]


# --- calendar-days -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ENGINEER, "owner"])
def test_everyone_logged_in_reads_the_table(login, day, role):
    response = login(_holder(role)).get(API + "calendar-days/")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"id": day.pk, "date": "2030-01-02", "kind": "holiday", "name": "元旦调休"}
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["2029-12-29", "2030-01-02", "2030-02-02"]),
        ("date__year=2030", ["2030-01-02", "2030-02-02"]),
        ("kind=workday", ["2029-12-29", "2030-02-02"]),
        ("date__gte=2030-01-01&date__lte=2030-01-31", ["2030-01-02"]),
    ],
)
def test_calendar_day_filters(login, manager, day, query, expected):
    CalendarDay.objects.create(date=dt.date(2029, 12, 29), kind=CalendarDay.Kind.WORKDAY)
    CalendarDay.objects.create(date=dt.date(2030, 2, 2), kind=CalendarDay.Kind.WORKDAY)
    response = login(manager).get(API + "calendar-days/?" + query)
    assert [row["date"] for row in response.json()["results"]] == expected


def test_calendar_day_filter_bad_input(login, manager):
    assert_error(login(manager).get(API + "calendar-days/?kind=festival"), 400, "validation_error", ["kind"])


def test_calendar_day_create_overrides_the_package(login, manager):
    client = login(manager)
    # 2025-10-09 is a working Thursday in the statutory calendar.
    assert check(client, "date=2025-10-09") | {"uncovered_years": [], "coverage": []} == {
        "date": "2025-10-09",
        "is_workday": True,
        "source": "package",
        "uncovered_years": [],
        "coverage": [],
    }
    response = client.post(
        API + "calendar-days/", {"date": "2025-10-09", "kind": "holiday", "name": "公司假日"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["date"], body["kind"], body["name"]) == ("2025-10-09", "holiday", "公司假日")
    row = CalendarDay.objects.get(pk=body["id"])
    assert row.created_by == manager
    # The cache is invalidated at once: the table now wins.
    result = check(client, "date=2025-10-09")
    assert (result["is_workday"], result["source"]) == (False, "table")


def test_calendar_day_delete(login, manager, day):
    client = login(manager)
    assert check(client, "date=2030-01-02")["source"] == "table"
    response = client.delete(API + f"calendar-days/{day.pk}/")
    assert response.status_code == 204
    assert not CalendarDay.objects.exists()
    result = check(client, "date=2030-01-02")  # a Wednesday in a year known only by rule
    assert (result["is_workday"], result["source"]) == (True, "rule")
    assert_error(client.delete(API + f"calendar-days/{day.pk}/"), 404, "not_found")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date": "2030-01-03", "kind": "festival"}, "kind"),
        ({"date": "2030-02-30", "kind": "holiday"}, "date"),
        ({"kind": "holiday"}, "date"),
        ({"date": "2030-01-03"}, "kind"),
    ],
)
def test_calendar_day_create_bad_input(login, manager, day, data, field):
    response = login(manager).post(API + "calendar-days/", data, format="json")
    assert_error(response, 400, "validation_error", [field])
    assert list(CalendarDay.objects.values_list("date", "kind")) == [(day.date, "holiday")]


def test_posting_an_existing_date_changes_that_day(login, manager, day):
    response = login(manager).post(
        API + "calendar-days/", {"date": "2030-01-02", "kind": "workday"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert list(CalendarDay.objects.values_list("date", "kind")) == [(day.date, "workday")]


def test_calendar_days_are_not_edited_in_place(login, manager, day):
    response = login(manager).patch(API + f"calendar-days/{day.pk}/", {"kind": "workday"}, format="json")
    assert_error(response, 405, "method_not_allowed")


def test_calendar_day_list_query_count(login, manager, django_assert_max_num_queries):
    CalendarDay.objects.bulk_create(
        CalendarDay(date=dt.date(2030, 1, 1) + dt.timedelta(days=i), kind=CalendarDay.Kind.HOLIDAY)
        for i in range(20)
    )
    client = login(manager)
    with django_assert_max_num_queries(3):
        response = client.get(API + "calendar-days/")
    assert len(response.json()["results"]) == 20


# --- calendar/check ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "is_workday", "source"),
    [
        ("2025-10-01", False, "package"),  # National Day
        ("2025-09-28", True, "package"),  # an adjusted working Sunday
        ("2025-10-11", True, "package"),  # an adjusted working Saturday
        ("2025-10-13", True, "package"),  # an ordinary Monday
        ("2030-01-01", False, "rule"),  # New Year's Day in a year known only by rule
        ("2030-01-05", False, "rule"),  # a Saturday there
        ("2030-01-07", True, "rule"),
        ("2101-01-01", False, "fallback"),  # a Saturday in a year nobody covers
        ("2101-01-03", True, "fallback"),  # a Monday
    ],
)
def test_check_day(login, date, is_workday, source):
    result = check(login(staff(Role.ENGINEER, ProjectFactory())), f"date={date}")
    assert (result["date"], result["is_workday"], result["source"]) == (date, is_workday, source)
    assert "due_at" not in result


def test_check_company_table_covers_its_year(login, day):
    client = login(staff(Role.ENGINEER, ProjectFactory()))
    assert (check(client, "date=2030-01-02")["is_workday"], check(client, "date=2030-01-02")["source"]) == (
        False,
        "table",
    )
    # A year with table entries follows the weekday rule for the days it does not list.
    result = check(client, "date=2030-01-03")
    assert (result["is_workday"], result["source"]) == (True, "table")
    result = check(client, "date=2030-01-05")
    assert (result["is_workday"], result["source"]) == (False, "table")


@time_machine.travel(dt.datetime(2027, 6, 1, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_check_reports_uncovered_years_and_defaults_to_today(login, manager):
    client = login(manager)
    result = check(client, "")
    assert result["date"] == "2027-06-01"
    assert result["uncovered_years"] == [2027, 2028]
    response = client.post(API + "calendar-days/", {"date": "2027-10-01", "kind": "holiday"}, format="json")
    assert response.status_code == 201
    assert check(client, "")["uncovered_years"] == [2028]


@pytest.mark.parametrize(
    ("query", "due_at"),
    [
        # One working day after the eve of National Day is the first day back.
        ("start=2025-09-30T10:00:00%2B08:00&add=1&unit=working_days", "2025-10-09T10:00:00+08:00"),
        ("start=2025-09-30T10:00:00%2B08:00&add=1", "2025-10-09T10:00:00+08:00"),  # working days by default
        ("start=2025-09-30T10:00:00%2B08:00&add=0&unit=working_days", "2025-09-30T10:00:00+08:00"),
        ("start=2025-09-30T10:00:00%2B08:00&add=1&unit=days", "2025-10-01T10:00:00+08:00"),
        ("start=2025-09-30T10:00:00%2B08:00&add=90&unit=minutes", "2025-09-30T11:30:00+08:00"),
        ("start=2025-09-30T10:00:00%2B08:00&add=26&unit=hours", "2025-10-01T12:00:00+08:00"),
        # Office hours 8:30–17:30: 4 working hours from 15:30 end at 10:30 on the next working day.
        ("start=2025-09-30T15:30:00%2B08:00&add=4&unit=working_hours", "2025-10-09T10:30:00+08:00"),
    ],
)
def test_check_adds_durations(login, query, due_at):
    result = check(login(staff(Role.ENGINEER, ProjectFactory())), query)
    assert result["due_at"] == due_at


def test_check_add_respects_company_table(login, manager):
    client = login(manager)
    query = "start=2030-01-08T10:00:00%2B08:00&add=1&unit=working_days"  # a Tuesday
    assert check(client, query)["due_at"] == "2030-01-09T10:00:00+08:00"
    response = client.post(API + "calendar-days/", {"date": "2030-01-09", "kind": "holiday"}, format="json")
    assert response.status_code == 201
    assert check(client, query)["due_at"] == "2030-01-10T10:00:00+08:00"


def test_check_add_skips_rule_holidays(login):
    # Thursday before Spring Festival 2027: 除夕 02-05 to the 补假 days 02-09 and 02-10 are off.
    query = "start=2027-02-04T10:00:00%2B08:00&add=1&unit=working_days"
    assert (
        check(login(staff(Role.ENGINEER, ProjectFactory())), query)["due_at"] == "2027-02-11T10:00:00+08:00"
    )


def _coverage(year, source):
    return {
        "year": year,
        "source": source,
        "holidays_known": source != "fallback",
        "adjusted_weekends_known": source in ("package", "table"),
    }


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_check_reports_the_source_of_each_year(login, manager):
    client = login(manager)
    result = check(client, "date=2101-03-01")
    assert result["coverage"] == [
        _coverage(2025, "package"),
        _coverage(2026, "package"),
        _coverage(2027, "rule"),
        _coverage(2028, "rule"),
        _coverage(2101, "fallback"),
    ]
    assert result["uncovered_years"] == [2027]
    response = client.post(API + "calendar-days/", {"date": "2027-02-20", "kind": "workday"}, format="json")
    assert response.status_code == 201
    result = check(client, "")
    assert [(row["year"], row["source"]) for row in result["coverage"]] == [
        (2025, "package"),
        (2026, "package"),
        (2027, "table"),
        (2028, "rule"),
    ]
    assert result["uncovered_years"] == []


@time_machine.travel(dt.datetime(2025, 9, 30, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_check_add_starts_now_by_default(login):
    result = check(login(staff(Role.ENGINEER, ProjectFactory())), "add=1")
    assert result["due_at"] == "2025-10-09T10:00:00+08:00"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date=2025-02-30", "date"),
        ("date=tomorrow", "date"),
        ("add=1&unit=fortnights", "unit"),
        ("add=-1", "add"),
        ("add=3651", "add"),
        ("add=many", "add"),
        ("start=noon&add=1", "start"),
    ],
)
def test_check_bad_input(login, query, field):
    response = login(staff(Role.ENGINEER, ProjectFactory())).get(API + "calendar/check/?" + query)
    assert_error(response, 400, "validation_error", [field])


def test_a_start_before_1901_is_refused_not_answered_in_local_mean_time(login, manager):
    # schemathesis found this: Asia/Shanghai before 1901 is +08:05:43, which no RFC 3339 date-time holds
    client = login(manager)
    response = client.get(API + "calendar/check/?unit=hours&start=0656-08-31T05:30:27Z&add=186")
    assert_error(response, 400, "validation_error", fields=("start",))
    ok = client.get(API + "calendar/check/?unit=hours&start=1901-01-01T00:00:00Z&add=1")
    assert ok.status_code == 200 and ok.json()["due_at"].endswith("+08:00")
