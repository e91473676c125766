"""No exported cell is a formula: text a user typed that starts with =, +, -, @, tab or CR is
written as text (issue 10: a fee item named =cmd|' /C calc'!A0 became a formula in an export)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from openpyxl import Workbook, load_workbook

from wuye.core.excel import FORMULA_PREFIXES, workbook_bytes
from wuye.core.tables import Column, ListTable
from wuye.core.tests.factories import BuildingFactory, UnitFactory

ATTACKS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']


def _cells(data: bytes):
    return [cell for row in load_workbook(io.BytesIO(data)).active.iter_rows() for cell in row]


def test_normal_workbooks_write_formula_like_text_as_text():
    wb = Workbook()
    ws = wb.active
    ws.append([*ATTACKS, "物业费", 12.5, Decimal("3.00"), dt.date(2026, 11, 1)])
    cells = _cells(workbook_bytes(wb))
    # shown as typed (XML turns a lone CR into a line feed)
    assert [c.value for c in cells[: len(ATTACKS)]] == [a.replace("\r", "\n") for a in ATTACKS]
    for cell in cells[: len(ATTACKS)]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    plain, number, money, day = cells[len(ATTACKS) :]
    assert (plain.data_type, plain.quotePrefix) == ("s", False)
    assert number.data_type == "n" and money.data_type == "n" and day.is_date
    assert set(FORMULA_PREFIXES) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.django_db
def test_list_exports_write_formula_like_text_as_text():
    building = BuildingFactory()
    for n, text in enumerate(ATTACKS[:4]):
        UnitFactory(building=building, code=text, floor=n + 1)
    request = RequestFactory().get("/units/")
    table = ListTable(
        request, building.units.order_by("floor"), [Column("code", "Code", sort="code")], title="单元"
    )
    data = b"".join(table.export_response().streaming_content)
    cells = [c for c in _cells(data) if c.value in ATTACKS]
    assert sorted(c.value for c in cells) == sorted(ATTACKS[:4])
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
