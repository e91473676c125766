"""Issue 10: the dunning list (催缴名单) shows the owners' mobiles as the owner record does — in
full to the cashier (personal-data access), masked to the company manager, who reads the report
without it — in the JSON and in the Excel file alike."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from wuye.accounts.choices import Role
from wuye.billing.tests.factories import Books
from wuye.core.tests.factories import OwnerFactory, OwnershipFactory, staff

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/dunning-list/"
FULL = "13812345678"


@pytest.fixture
def books():
    books = Books()
    unit = books.unit(area="100.00")
    OwnershipFactory(unit=unit, owner=OwnerFactory(project=books.project, mobile=FULL))
    books.run(start=dt.date(2026, 10, 1))
    return books


@pytest.mark.parametrize(("role", "shown"), [(Role.CASHIER, FULL), (Role.COMPANY_MANAGER, "138****5678")])
def test_dunning_list_and_its_excel_show_mobiles_as_the_role_may_see_them(login, books, role, shown):
    api = login(books.cashier if role == Role.CASHIER else staff(role, books.project))
    query = {"project": books.project.pk, "as_of": "2026-12-20"}
    assert [row["mobiles"] for row in api.get(URL, query).json()] == [shown]
    sheet = load_workbook(io.BytesIO(api.get(URL, {**query, "format": "xlsx"}).content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert shown in cells
    if shown != FULL:
        assert FULL not in "".join(cells)
