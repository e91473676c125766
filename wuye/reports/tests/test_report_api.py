"""GET /api/v1/reports/three-rates/: permissions, parameters, figures, Excel, query count."""

import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from wuye.accounts.choices import Role
from wuye.core.tests.factories import resident_user, staff
from wuye.reports.excel import FIGURE_COLUMNS
from wuye.reports.tests import scenario
from wuye.reports.tests.scenario import NOVEMBER, NOVEMBER_BY_DEPARTMENT, NOW, nov
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/three-rates/"
KPI_KEYS = ["satisfaction", "timeliness", "return_visit", "repair_quality", "complaint_handling"]


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def built(clock):
    return scenario.build()


def pairs(figures: dict) -> dict:
    return {key: (f["numerator"], f["denominator"]) for key, f in figures.items()}


def get(api_client, user, **params):
    if user is not None:
        api_client.force_authenticate(user)
    return api_client.get(URL, params)


# --- permissions -----------------------------------------------------------------------------


def test_anonymous_is_401(api_client, clock):
    desk = Desk()
    response = api_client.get(URL, {"project": desk.project.pk})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("supervisor", 200),
        ("manager", 200),
        ("lead", 200),  # cs_supervisor, project_manager, engineering_lead
        ("engineer", 403),
        ("assistant", 403),
        ("security", 403),
    ],
)
def test_role_matrix(api_client, clock, who, status):
    desk = Desk()
    assert get(api_client, getattr(desk, who), project=desk.project.pk).status_code == status


def test_other_project_is_404(api_client, clock):
    mine, other = Desk(), Desk()
    response = get(api_client, mine.supervisor, project=other.project.pk)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert get(api_client, mine.supervisor, project=999999).status_code == 404


def test_resident_is_403(api_client, clock):
    desk = Desk()
    owner = resident_user(owner=desk.owner)
    assert get(api_client, owner, project=desk.project.pk).status_code == 403
    assert get(api_client, owner).status_code == 403


def test_without_project_staff_get_their_projects_and_managers_all(api_client, clock):
    a, b = Desk(), Desk()
    data = get(api_client, a.supervisor).json()
    assert {row["project"] for row in data["rows"]} == {a.project.pk}
    assert data["rows"][0]["level"] == "project"
    boss = staff(Role.COMPANY_MANAGER, None)
    data = get(api_client, boss).json()
    assert data["rows"][0]["level"] == "all" and data["rows"][0]["project"] is None
    assert {row["project"] for row in data["rows"][1:]} == {a.project.pk, b.project.pk}
    assert get(api_client, boss, project=b.project.pk).json()["rows"][0]["project"] == b.project.pk


def test_engineer_without_report_view_anywhere_is_403(api_client, clock):
    desk = Desk()
    assert get(api_client, desk.engineer).status_code == 403


# --- figures ---------------------------------------------------------------------------------


def test_month_figures_and_departments(api_client, built):
    desk = built["desk"]
    response = get(api_client, desk.supervisor, project=desk.project.pk, period="month", date="2026-11-15")
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {
        "kind": "month",
        "label": "2026-11",
        "start": "2026-11-01",
        "end": "2026-12-01",
        "last_day": "2026-11-30",
    }
    assert [k["key"] for k in data["kpis"]] == KPI_KEYS
    assert pairs(data["rows"][0]["figures"]) == NOVEMBER
    assert {r["department"]: pairs(r["figures"]) for r in data["rows"][1:]} == NOVEMBER_BY_DEPARTMENT
    satisfaction = data["rows"][0]["figures"]["satisfaction"]
    assert satisfaction == {"numerator": 7, "denominator": 8, "rate": 0.875, "target": 0.85, "met": True}
    security = next(r for r in data["rows"] if r["department"] == "security")
    assert security["figures"]["satisfaction"] == {  # S1's return visit (security matters get one)
        "numerator": 1,
        "denominator": 1,
        "rate": 1.0,
        "target": 0.85,
        "met": True,
    }
    assert security["figures"]["repair_quality"] == {  # no repairs: no rate, not "0 %"
        "numerator": 0,
        "denominator": 0,
        "rate": None,
        "target": security["figures"]["repair_quality"]["target"],
        "met": None,
    }
    assert [p["period"]["label"] for p in data["trend"]] == [
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
        "2026-10",
        "2026-11",
    ]
    assert pairs(data["trend"][-1]["figures"]) == NOVEMBER


def test_week_explicit_range_department_as_of_and_trend(api_client, built):
    desk = built["desk"]
    user, pk = desk.supervisor, desk.project.pk
    week = get(api_client, user, project=pk, period="week", date="2026-11-04", trend=2).json()
    assert week["period"]["label"] == "2026-W45" and week["period"]["start"] == "2026-11-02"
    assert [p["period"]["start"] for p in week["trend"]] == ["2026-10-26", "2026-11-02"]
    assert pairs(week["rows"][0]["figures"])["timeliness"] == (3, 5)
    span = get(api_client, user, project=pk, start="2026-11-01", end="2026-12-01", trend=0).json()
    assert span["period"]["kind"] == "custom" and span["trend"] == []
    assert pairs(span["rows"][0]["figures"]) == NOVEMBER
    engineering = get(api_client, user, project=pk, department="engineering").json()
    assert [r["department"] for r in engineering["rows"]] == ["engineering"]
    assert engineering["department"] == "engineering"
    later = get(api_client, user, project=pk, as_of="2026-11-26T18:10:00+08:00").json()
    assert pairs(later["rows"][0]["figures"])["timeliness"] == (6, 10)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "2026-13-01"}, "date"),
        ({"start": "2026-11-01"}, "end"),
        ({"end": "2026-11-01"}, "start"),
        ({"start": "yesterday", "end": "2026-11-01"}, "start"),
        ({"start": "2026-11-10", "end": "2026-11-01"}, "end"),
        ({"start": "2024-01-01", "end": "2026-01-01"}, "end"),
        ({"as_of": "soon"}, "as_of"),
        ({"period": "year"}, "period"),
        ({"trend": "99"}, "trend"),
        ({"department": "kitchen"}, "department"),
        ({"project": "abc"}, "project"),
    ],
)
def test_bad_parameters_are_400_with_field_errors(api_client, clock, params, field):
    desk = Desk()
    response = get(api_client, desk.supervisor, **{"project": desk.project.pk, **params})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error" and list(body["fields"]) == [field]


def test_query_count_does_not_grow(api_client, built, django_assert_max_num_queries):
    desk = built["desk"]
    api_client.force_authenticate(desk.supervisor)
    with CaptureQueriesContext(connection) as before:
        assert api_client.get(URL, {"project": desk.project.pk, "trend": 12}).status_code == 200
    queries_before = len(before.captured_queries)  # now: the next request empties the query log
    for i in range(8):
        ticket = scenario.handle(
            desk,
            desk.repair(at=nov(18, 9, i)),
            nov(18, 9, i),
            handler=desk.engineer,
            department="engineering",
        )
        scenario.visit(desk, ticket, nov(18, 12, i), "very_satisfied")
    other = Desk()  # another project's data changes nothing either
    scenario.handle(
        other, other.repair(at=nov(18)), nov(18), handler=other.engineer, department="engineering"
    )
    api_client.force_authenticate(desk.supervisor)
    with django_assert_max_num_queries(7), CaptureQueriesContext(connection) as after:
        response = api_client.get(URL, {"project": desk.project.pk, "trend": 12})
    assert len(after.captured_queries) == queries_before == 7  # project + 6 (roles cached on the user)
    assert pairs(response.json()["rows"][0]["figures"])["satisfaction"] == (15, 16)


def test_company_wide_query_count(api_client, clock, django_assert_max_num_queries):
    desks = [Desk() for _ in range(4)]
    for desk in desks:
        scenario.handle(
            desk, desk.repair(at=nov(18)), nov(18), handler=desk.engineer, department="engineering"
        )
    boss = staff(Role.COMPANY_MANAGER, None)
    api_client.force_authenticate(boss)
    # roles, projects, then 6 queries for the year (twelve whole months) and its trend
    with django_assert_max_num_queries(8):
        data = api_client.get(URL, {"start": "2026-01-01", "end": "2027-01-01", "trend": 12}).json()
    assert pairs(data["rows"][0]["figures"])["repair_quality"] == (4, 4)
    assert len([r for r in data["rows"] if r["level"] == "project"]) == 4


# --- Excel -----------------------------------------------------------------------------------


def read_sheet_figures(ws, first_row: int) -> list[tuple[str, dict]]:
    rows = []
    for r in range(first_row, ws.max_row + 1):
        label = ws.cell(row=r, column=1).value
        figures = {}
        for i, key in enumerate(KPI_KEYS):
            col = 2 + i * FIGURE_COLUMNS
            num, den, rate, target, met = (
                ws.cell(row=r, column=col + j).value for j in range(FIGURE_COLUMNS)
            )
            figures[key] = {
                "numerator": num,
                "denominator": den,
                "rate": None if rate == "—" else rate,
                "target": target,
                "met": {"✓": True, "✗": False, "—": None}[met],
            }
        rows.append((label, figures))
    return rows


def test_excel_matches_json(api_client, built):
    desk = built["desk"]
    api_client.force_authenticate(desk.supervisor)
    data = api_client.get(URL, {"project": desk.project.pk}).json()
    response = api_client.get(URL, {"project": desk.project.pk, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    sheet, trend = wb.worksheets
    rows = read_sheet_figures(sheet, 7)
    assert [label.strip() for label, _f in rows] == [r["label"] for r in data["rows"]]
    for (_label, figures), row in zip(rows, data["rows"], strict=True):
        for key in KPI_KEYS:
            got, want = figures[key], row["figures"][key]
            assert (got["numerator"], got["denominator"], got["met"]) == (
                want["numerator"],
                want["denominator"],
                want["met"],
            )
            assert got["target"] == pytest.approx(want["target"])
            assert (got["rate"] is None) == (want["rate"] is None)
            if want["rate"] is not None:
                assert got["rate"] == pytest.approx(want["numerator"] / want["denominator"])
                assert round(got["rate"], 4) == want["rate"]
    rate_cell = sheet.cell(row=7, column=2 + 2)
    assert rate_cell.number_format == "0.0%"
    # Chinese-first headers (the default language), through gettext
    assert sheet.cell(row=5, column=2).value == "客户满意度"
    trend_rows = read_sheet_figures(trend, 3)
    assert [label for label, _f in trend_rows] == [p["period"]["label"] for p in data["trend"]]
    assert {k: (v["numerator"], v["denominator"]) for k, v in trend_rows[-1][1].items()} == NOVEMBER


def test_excel_errors_stay_json(api_client, clock):
    desk = Desk()
    api_client.force_authenticate(desk.supervisor)
    response = api_client.get(URL, {"project": desk.project.pk, "format": "xlsx", "start": "bad", "end": "x"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert set(response.json()["fields"]) == {"start", "end"}
