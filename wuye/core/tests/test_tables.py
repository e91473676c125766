"""The one list mechanism (wuye.core.tables): sorting from a whitelist, filter-keeping links and
pagination, and the .xlsx export of the whole filtered list, masked and scoped like the page."""

import io
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import RequestFactory
from django.utils.translation import gettext
from openpyxl import load_workbook

from wuye.accounts.choices import Role
from wuye.core.tables import Column, ListTable
from wuye.core.tests.factories import BuildingFactory, OwnershipFactory, UnitFactory, staff
from wuye.estate.choices import OccupancyStatus
from wuye.estate.models import Unit

pytestmark = pytest.mark.django_db

COLUMNS = [
    Column("code", "Code", sort="code"),
    Column("floor", "Floor", sort="floor"),
    Column("area", "Area", "building_area"),
]


def table_for(query: str = "", rows=None, **kwargs) -> ListTable:
    request = RequestFactory().get(f"/units/?{query}")
    rows = Unit.objects.order_by("code") if rows is None else rows
    return ListTable(request, rows, COLUMNS, title="单元", **kwargs)


def codes(table) -> list[str]:
    return [u.code for u in table.page.object_list]


def workbook(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def data_rows(ws, first_header: str):
    """The rows under the header row whose first cell is `first_header`."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    return rows[start + 1 :], start + 1


def test_sort_ascending_descending_and_pk_breaks_ties():
    building = BuildingFactory()
    b = UnitFactory(building=building, code="B", floor=3)
    a = UnitFactory(building=building, code="A", floor=7)
    c = UnitFactory(building=building, code="C", floor=3)
    assert codes(table_for("sort=floor")) == ["B", "C", "A"]  # B and C tie on floor: pk decides
    assert codes(table_for("sort=-floor")) == ["A", "C", "B"]
    assert codes(table_for("sort=-code")) == ["C", "B", "A"]
    assert b.pk < c.pk and a.floor == 7


@pytest.mark.parametrize("sort", ["id_number", "-owner__mobile", "area", "floor;drop", "--code", ""])
def test_unknown_or_unsortable_keys_are_ignored(sort):
    building = BuildingFactory()
    for code, floor in (("B", 1), ("A", 2), ("C", 0)):
        UnitFactory(building=building, code=code, floor=floor)
    table = table_for(f"sort={quote(sort)}")
    assert codes(table) == ["A", "B", "C"]  # the view's own order
    assert table.sort_key is None and all(h.direction is None for h in table.headers)


def test_headers_toggle_direction_and_keep_other_parameters():
    table = table_for("q=12&status=vacant&page=3&sort=floor")
    floor = next(h for h in table.headers if h.label == "Floor")
    code = next(h for h in table.headers if h.label == "Code")
    area = next(h for h in table.headers if h.label == "Area")
    assert (floor.direction, floor.aria_sort) == ("asc", "ascending")
    assert parse_qs(urlsplit(floor.url).query) == {"q": ["12"], "status": ["vacant"], "sort": ["-floor"]}
    assert (code.direction, code.aria_sort) == (None, "none") and "sort=code" in code.url
    assert area.url is None  # not declared sortable
    desc = table_for("sort=-floor")
    assert next(h for h in desc.headers if h.label == "Floor").url == "?sort=floor"
    assert parse_qs(urlsplit(table.export_url).query) == {
        "q": ["12"],
        "status": ["vacant"],
        "sort": ["floor"],
        "export": ["xlsx"],
    }


def test_a_list_of_dicts_sorts_by_the_column_value_with_blanks_last():
    rows = [{"code": "B", "floor": 2}, {"code": "A", "floor": None}, {"code": "C", "floor": 1}]
    assert [r["code"] for r in table_for("sort=floor", rows=rows).page] == ["C", "B", "A"]
    assert [r["code"] for r in table_for("sort=-floor", rows=rows).page] == ["B", "C", "A"]


def test_export_cap_writes_a_note():
    building = BuildingFactory()
    for i in range(7):
        UnitFactory(building=building, code=f"X-{i}")
    response = table_for(max_export_rows=5).export_response()
    ws = workbook(response)
    rows, _ = data_rows(ws, "Code")
    codes_out = [r[0] for r in rows if r and r[0] and str(r[0]).startswith("X-")]
    assert codes_out == [f"X-{i}" for i in range(5)]
    assert response["X-Export-Rows"] == "5"
    note = gettext("Only the first %(n)s rows were exported; narrow the filters to export the rest.") % {
        "n": 5
    }
    assert [r[0] for r in rows if r and r[0]][-1] == note
    everything = workbook(table_for(max_export_rows=7).export_response())
    assert [r[0] for r in data_rows(everything, "Code")[0]] == [
        f"X-{i}" for i in range(7)
    ]  # no note at the cap


@pytest.fixture
def many_units():
    building = BuildingFactory()
    for i in range(1, 66):
        UnitFactory(building=building, code=f"7-{i:03d}", floor=i % 5, status="vacant")
    for i in range(1, 6):
        UnitFactory(building=building, code=f"8-{i:03d}", status="rented")
    UnitFactory(code="7-999", status="vacant")  # another project: never shown
    return building.project


def test_pagination_links_keep_filters_and_sort(client, many_units):
    client.force_login(staff(Role.CS_ASSISTANT, many_units))
    response = client.get("/units/", {"status": "vacant", "q": "7-", "sort": "-code", "page": "1"})
    page = response.content.decode()
    assert response.context["page"].paginator.count == 65
    next_link = next(part for part in page.split('href="')[1:] if 'rel="next"' in part).split('"')[0]
    query = parse_qs(urlsplit(next_link.replace("&amp;", "&")).query)
    assert query == {"status": ["vacant"], "q": ["7-"], "sort": ["-code"], "page": ["2"]}
    assert 'aria-sort="descending"' in page
    assert "export=xlsx" in page and "status=vacant" in page


def test_export_has_the_same_rows_as_the_filtered_list_across_pages(client, many_units):
    client.force_login(staff(Role.CS_ASSISTANT, many_units))
    params = {"status": "vacant", "q": "7-", "sort": "-floor"}
    shown = []
    for number in (1, 2):
        shown += [
            u.code for u in client.get("/units/", {**params, "page": number}).context["page"].object_list
        ]
    response = client.get("/units/", {**params, "page": "2", "export": "xlsx"})
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert (
        disposition.startswith("attachment;") and "filename*=UTF-8''" + quote(gettext("Units")) in disposition
    )
    ws = workbook(response)
    rows, header_row = data_rows(ws, gettext("Unit code"))
    assert [r[0] for r in rows] == shown and len(shown) == 65  # every page, same order, no other project
    assert "7-999" not in [r[0] for r in rows]
    assert ws.cell(row=header_row, column=1).font.b
    assert ws.freeze_panes == f"A{header_row + 1}"
    top = " ".join(str(r[0]) for r in ws.iter_rows(max_row=header_row - 1, values_only=True) if r and r[0])
    assert (
        "7-" in top and str(OccupancyStatus.VACANT.label) in top
    )  # the filters applied are written above the table


@pytest.mark.parametrize(("role", "masked"), [(Role.ENGINEER, True), (Role.ARCHIVIST, False)])
def test_owner_export_masks_phones_like_the_page(client, role, masked):
    ownership = OwnershipFactory(owner__mobile="13812345678")
    OwnershipFactory(owner__mobile="13900000000")  # another project
    client.force_login(staff(role, ownership.unit.project))
    page = client.get("/owners/").content.decode()
    ws = workbook(client.get("/owners/", {"export": "xlsx"}))
    rows, _ = data_rows(ws, gettext("Name"))
    assert [r[0] for r in rows] == [ownership.owner.name]
    mobile = rows[0][2]
    assert mobile == ("138****5678" if masked else "13812345678")
    assert mobile in page
    assert "13900000000" not in str(rows)


def test_export_query_count_is_bounded(client, django_assert_max_num_queries):
    first = OwnershipFactory()
    project = first.unit.project
    for _i in range(150):
        OwnershipFactory(unit__building=first.unit.building, owner__project=project)
    client.force_login(staff(Role.ARCHIVIST, project))
    with django_assert_max_num_queries(14):
        response = client.get("/owners/", {"export": "xlsx"})
    rows, _ = data_rows(workbook(response), gettext("Name"))
    assert len(rows) == 151
