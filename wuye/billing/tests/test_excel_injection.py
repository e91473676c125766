"""Issue 10: a fee item named like a formula stays text in the arrears export, and in the dunning list."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from wuye.billing.tests.factories import Books

pytestmark = pytest.mark.django_db
ATTACK = "=cmd|' /C calc'!A0"


def test_a_formula_named_fee_item_is_text_in_the_arrears_export(client):
    books = Books()
    books.mgmt.name = ATTACK
    books.mgmt.save(update_fields=["name"])
    books.unit()
    books.run(start=dt.date(2026, 10, 1))
    client.force_login(books.cashier)
    export = client.get("/billing/arrears/", {"format": "xlsx"})
    assert export.status_code == 200
    cells = [c for row in load_workbook(io.BytesIO(export.content)).active.iter_rows() for c in row]
    named = [c for c in cells if c.value == ATTACK]
    assert named, "the fee item’s row is in the export"
    assert all(c.data_type == "s" and c.quotePrefix for c in named)
    assert not any(c.data_type == "f" for c in cells)
