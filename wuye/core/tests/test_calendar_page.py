"""Console: the calendar page and the banner say where each year's working days come from."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.translation import gettext

from wuye.accounts.choices import Role
from wuye.core import workdays
from wuye.core.tests.factories import ProjectFactory, staff

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=SH)
RULE_BANNER = (
    "%(year)s: statutory holidays are counted by rule, but the adjusted working weekends are unknown "
    "until you enter the State Council holiday notice."
)
NOTHING_BANNER = (
    "The working-day calendar does not cover %(years)s: deadlines there count Monday–Friday only. "
    "Import the State Council holiday notice on the calendar page."
)
RULE_STATUS = "statutory holidays known by rule; adjusted working weekends unknown until entered"


@pytest.fixture
def manager(client):
    user = staff(Role.PROJECT_MANAGER, ProjectFactory())
    client.force_login(user)
    return user


@time_machine.travel(NOW, tick=False)
def test_banner_and_page_say_holidays_are_known_by_rule(client, manager):
    page = client.get("/calendar/")
    html = page.content.decode()
    assert page.context["calendar_uncovered_years"] == [2027]
    assert gettext(RULE_BANNER) % {"year": "2027"} in html
    assert gettext(NOTHING_BANNER) % {"years": "2027"} not in html
    assert page.context["coverage"] == {2025: "package", 2026: "package", 2027: "rule", 2028: "rule"}
    assert gettext(RULE_STATUS) in html
    assert page.context["rule_days"] == []  # 2026 comes from chinese-calendar

    page = client.get("/calendar/?year=2027")
    rule_days = dict(page.context["rule_days"])
    assert rule_days[dt.date(2027, 1, 1)] == "元旦"
    assert dt.date(2027, 2, 9) in rule_days  # a 补假 day
    assert "2027-02-09" in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_entering_the_notice_ends_the_warning(client, manager):
    response = client.post(
        "/calendar/", {"import": "1", "csv_text": "2027-01-01,休,元旦\n2027-02-20,班,春节调休"}
    )
    assert response.status_code == 302
    page = client.get("/calendar/?year=2027")
    html = page.content.decode()
    assert page.context["calendar_uncovered_years"] == []
    assert gettext(RULE_BANNER) % {"year": "2027"} not in html
    assert page.context["coverage"][2027] == "table"
    # the entered day is listed once, as an entry; the rule's other days are still shown
    rule_days = dict(page.context["rule_days"])
    assert dt.date(2027, 1, 1) not in rule_days and dt.date(2027, 2, 6) in rule_days


@time_machine.travel(NOW, tick=False)
def test_banner_says_nothing_is_known_without_the_rule(client, manager, monkeypatch):
    monkeypatch.setattr(workdays, "_rule_holidays", lambda year, language="zh_CN": None)
    page = client.get("/calendar/?year=2027")
    html = page.content.decode()
    assert gettext(NOTHING_BANNER) % {"years": "2027"} in html
    assert gettext(RULE_BANNER) % {"year": "2027"} not in html
    assert page.context["coverage"][2027] == "fallback"
    assert page.context["rule_days"] == []


def test_out_of_range_year_shows_this_year(client, manager):
    page = client.get("/calendar/?year=99999")
    assert page.status_code == 200
    assert page.context["year"] == dt.date.today().year
