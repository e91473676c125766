"""Billing lists on the shared table mechanism: deposits sort by amount and export every row of the
filtered list with amounts as numbers; charge runs export their columns."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.utils.translation import gettext
from openpyxl import load_workbook

from wuye.billing.tests.factories import Books
from wuye.servicedesk.tests.factories import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 11, 26, 10)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def sheet_rows(response, first_header):
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    return rows[start], rows[start + 1 :]


def test_deposits_sort_by_amount_and_export_the_filtered_rows(client):
    books = Books()
    home = books.unit(code="3-2-1201")
    for n, amount in enumerate(("300.00", "50.00", "1200.00")):
        books.pay(home, amount, key=f"d{n}", deposit_purpose="renovation")
    other = Books()
    other.pay(other.unit(code="9-9-0909"), "77.00", key="x", deposit_purpose="renovation")
    client.force_login(books.cashier)
    listing = client.get("/billing/deposits/", {"sort": "amount"})
    assert [d.amount for d in listing.context["page"]] == [
        Decimal("50.00"),
        Decimal("300.00"),
        Decimal("1200.00"),
    ]
    listing = client.get("/billing/deposits/", {"sort": "-amount"})
    assert [d.amount for d in listing.context["page"]] == [
        Decimal("1200.00"),
        Decimal("300.00"),
        Decimal("50.00"),
    ]
    header, rows = sheet_rows(
        client.get("/billing/deposits/", {"sort": "-amount", "q": "3-2", "export": "xlsx"}), gettext("Unit")
    )
    amounts = [row[header.index(gettext("Amount"))] for row in rows]
    assert amounts == [1200, 300, 50] and {row[0] for row in rows} == {"3-2-1201"}
    assert "9-9-0909" not in str(rows)


def test_charge_runs_export(client):
    books = Books()
    books.unit(code="1-1-0101")
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    client.force_login(books.manager)
    header, rows = sheet_rows(
        client.get("/billing/charge-runs/", {"sort": "period", "export": "xlsx"}), gettext("Period")
    )
    assert [row[0][:10] for row in rows] == ["2026-10-01", "2026-11-01"]
