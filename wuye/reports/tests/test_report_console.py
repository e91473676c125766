"""The console page /reports/three-rates/: access, filters, table, chart, Excel export, nav link."""

import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from wuye.reports.tests import scenario
from wuye.reports.tests.scenario import NOVEMBER, NOW, nov
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db

URL = "/reports/three-rates/"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def built(clock):
    return scenario.build()


def test_anonymous_goes_to_login(client, clock):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_role_without_report_view_is_403_and_has_no_nav_link(client, clock):
    desk = Desk()
    client.force_login(desk.engineer)
    assert client.get(URL).status_code == 403
    home = client.get("/").content.decode()
    assert URL not in home


def test_supervisor_sees_table_chart_and_nav_link(client, built):
    client.force_login(built["desk"].supervisor)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{URL}"' in html  # nav link
    assert "2026-11" in html and "<svg" in html and "<polyline" in html
    row = html[html.index('<tr class="project">') :]
    row = row[: row.index("</tr>")]
    counts = re.findall(r"(\d+)/(\d+)</td>", row)
    assert [(int(n), int(d)) for n, d in counts] == list(NOVEMBER.values())
    assert "87.5%" in row and "66.7%" in row
    assert "?date=2026-11-26&amp;period=month&amp;format=xlsx" in html
    assert "period=month&amp;date=2026-10-01" in html or "date=2026-10-01" in html  # previous month


def test_week_department_and_bad_date(client, built):
    client.force_login(built["desk"].supervisor)
    html = client.get(
        URL, {"period": "week", "date": "2026-11-04", "department": "engineering"}
    ).content.decode()
    assert "2026-W45" in html and "2026-11-02 – 2026-11-08" in html
    assert html.count('<tr class="department">') == 1
    response = client.get(URL, {"date": "2026-02-30"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    response = client.get(URL, {"start": "2026-11-10", "end": "2026-11-01"})
    assert response.status_code == 400


def test_excel_export_from_the_page(client, built):
    client.force_login(built["desk"].supervisor)
    response = client.get(URL, {"period": "month", "date": "2026-11-26", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="three-rates-')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.cell(row=7, column=1).value == built["desk"].project.name
    for i, (num, den) in enumerate(NOVEMBER.values()):
        col = 2 + i * 5
        assert (sheet.cell(row=7, column=col).value, sheet.cell(row=7, column=col + 1).value) == (num, den)
        assert sheet.cell(row=7, column=col + 2).number_format == "0.0%"


def test_page_query_count_does_not_grow(client, built):
    desk = built["desk"]
    client.force_login(desk.supervisor)
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    queries_before = len(before.captured_queries)  # now: the next request empties the query log
    for i in range(5):
        scenario.handle(
            desk,
            desk.repair(at=nov(19, 9, i)),
            nov(19, 9, i),
            handler=desk.engineer,
            department="engineering",
        )
    with CaptureQueriesContext(connection) as after:
        client.get(URL)
    assert len(after.captured_queries) == queries_before
