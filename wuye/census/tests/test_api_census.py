"""The census API: GET /api/v1/reports/occupancy/, POST /api/v1/occupancy-census/{id}/confirm/,
POST /api/v1/reports/occupancy/sign-off/ — anonymous 401, wrong project 404, wrong role 403, happy
path, bad input 400 with field errors."""

import pytest
import time_machine
from django.urls import reverse

from wuye.census import services
from wuye.census.models import BuildingCensus
from wuye.census.months import parse_month
from wuye.census.tests.factories import Estate, at
from wuye.core.roles import Role
from wuye.core.tests.factories import OwnerFactory, resident_user, staff
from wuye.estate.choices import OccupancyStatus as S

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/occupancy/"
SIGN_OFF = "/api/v1/reports/occupancy/sign-off/"
NOV = parse_month("2026-11")


@pytest.fixture
def clock():
    with time_machine.travel(at(2026, 11, 28), tick=False) as traveller:
        yield traveller


@pytest.fixture
def estate(clock):
    estate = Estate()
    estate.hand_over(estate.units["1"][0], at(2026, 11, 10))
    services.census_month_open(project=estate.project, month=NOV, acting_user=estate.supervisor)
    estate.censuses = {c.building.number: c for c in BuildingCensus.objects.filter(project=estate.project)}
    return estate


def _confirm_url(census) -> str:
    return f"/api/v1/occupancy-census/{census.pk}/confirm/"


def test_the_paths_are_the_contract():
    assert reverse("api-occupancy-report") == URL
    assert reverse("api-occupancy-report-sign-off") == SIGN_OFF
    assert reverse("occupancy-census-confirm", kwargs={"pk": 7}) == "/api/v1/occupancy-census/7/confirm/"
    # the reports app's own paths under reports/ still resolve to it
    assert reverse("api-report-three-rates") == "/api/v1/reports/three-rates/"


def test_the_report_per_building(estate, login):
    response = login(estate.security).get(URL, {"project": estate.project.pk, "month": "2026-11"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (
        body["month"] == "2026-11"
        and body["census_due"] == "2026-11-30"
        and body["report_due"] == "2026-12-03"
    )
    assert body["month_over"] is False and body["signed"] is False
    first = body["buildings"][0]
    assert first["counts"][S.VACANT] == 1 and first["counts"][S.NOT_HANDED_OVER] == 2
    assert first["change_counts"]["handed_over"] == 1
    assert first["changes"][0]["unit_code"] == estate.units["1"][0].code
    assert first["census"]["status"] == "open" and first["census"]["assistant"] == estate.assistant.pk
    assert body["report"]["status"] == "draft" and body["report"]["signed_by"] is None
    assert body["total"] == 6


def test_the_report_as_excel(estate, login):
    response = login(estate.manager).get(
        URL, {"project": estate.project.pk, "month": "2026-11", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][2] == "2026-11"
    assert any(row[0] == "1#" for row in rows)
    changes = list(book.worksheets[1].iter_rows(values_only=True))
    assert changes[1][1] == estate.units["1"][0].code


def test_a_month_not_yet_started_shows_no_census(estate, login):
    response = login(estate.manager).get(URL, {"project": estate.project.pk, "month": "2026-10"})
    assert response.status_code == 200
    assert response.json()["report"] is None and response.json()["buildings"][0]["census"] is None


@pytest.mark.parametrize("month", ["2026-13", "202611", "", "nov"])
def test_an_invalid_month_answers_400(estate, login, month):
    response = login(estate.manager).get(URL, {"project": estate.project.pk, "month": month})
    assert response.status_code == 400
    assert "month" in response.json()["fields"]


def test_report_permissions(estate, login, api_client):
    query = {"project": estate.project.pk, "month": "2026-11"}
    assert api_client.get(URL, query).status_code == 401
    assert login(staff(Role.ENGINEER, estate.project)).get(URL, query).status_code == 403
    owner = resident_user(owner=OwnerFactory(project=estate.project))
    assert login(owner).get(URL, query).status_code == 403
    other = Estate()
    assert login(other.manager).get(URL, query).status_code == 404


def test_confirm_by_the_assigned_assistant(estate, login):
    response = login(estate.assistant).post(
        _confirm_url(estate.censuses["1"]), {"remarks": "已核实"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed" and response.json()["counts"][S.VACANT] == 1
    assert response.json()["confirmed_by"] == estate.assistant.pk


def test_confirm_refusals(estate, login, api_client):
    url = _confirm_url(estate.censuses["1"])
    assert api_client.post(url, {}, format="json").status_code == 401
    wrong = login(estate.assistant2).post(url, {}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "not_assigned_assistant"
    assert login(estate.manager).post(url, {}, format="json").status_code == 403
    assert login(Estate().assistant).post(url, {}, format="json").status_code == 404
    too_long = login(estate.assistant).post(url, {"remarks": "x" * 2001}, format="json")
    assert too_long.status_code == 400 and "remarks" in too_long.json()["fields"]


def test_sign_off(estate, login, clock):
    services.census_confirm(census=estate.censuses["1"], acting_user=estate.assistant)
    body = {"project": estate.project.pk, "month": "2026-11"}
    early = login(estate.manager).post(SIGN_OFF, body, format="json")
    assert early.status_code == 400 and early.json()["code"] == "census_not_confirmed"
    services.census_confirm(census=estate.censuses["2"], acting_user=estate.assistant2)
    clock.move_to(at(2026, 12, 1))
    assert login(estate.supervisor).post(SIGN_OFF, body, format="json").status_code == 403
    # another project's manager: the project "does not exist" for them, on the field (as in every body)
    outside = login(Estate().manager).post(SIGN_OFF, body, format="json")
    assert outside.status_code == 400 and "project" in outside.json()["fields"]
    bad = login(estate.manager).post(
        SIGN_OFF, {"project": estate.project.pk, "month": "2026/11"}, format="json"
    )
    assert bad.status_code == 400 and "month" in bad.json()["fields"]
    response = login(estate.manager).post(SIGN_OFF, body, format="json")
    assert response.status_code == 200, response.content
    report = response.json()["report"]
    assert report["status"] == "distributed" and report["signed_by"] == estate.manager.pk
    assert response.json()["signed"] is True
    assert all(b["census"]["status"] == "confirmed" for b in response.json()["buildings"])


def test_the_report_query_count_does_not_grow_with_buildings(estate, login, django_assert_max_num_queries):
    client = login(estate.manager)
    with django_assert_max_num_queries(14):
        assert client.get(URL, {"project": estate.project.pk, "month": "2026-11"}).status_code == 200
