"""Payment notices for a period and the dunning list."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from wuye.accounts.choices import Role
from wuye.billing.notices import dunning_list, dunning_workbook, payment_notices, payment_notices_pdf
from wuye.billing.tests.factories import Books
from wuye.core.tests.factories import OwnerFactory, OwnershipFactory, staff

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def books():
    books = Books()
    books.a = books.unit(area="100.00")
    books.b = books.unit(area="50.00")
    owner = OwnerFactory(project=books.project, name="王芳", mobile="13812345678")
    OwnershipFactory(unit=books.a, owner=owner)
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    books.pay(books.b, "135.00", key="b-oct")  # b paid October
    return books


def test_notice_lists_the_period_and_earlier_arrears(books):
    notices = {
        n["unit"].code: n
        for n in payment_notices(
            project=books.project, period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 11, 30)
        )
    }
    a, b = notices[books.a.code], notices[books.b.code]
    assert (a["period_total"], a["arrears"], a["total_due"]) == (D("260.00"), D("260.00"), D("520.00"))
    assert (b["period_total"], b["arrears"], b["total_due"]) == (D("135.00"), D("0.00"), D("135.00"))
    assert [o.name for o in a["owners"]] == ["王芳"] and a["due_date"] == dt.date(2026, 11, 15)


def test_notice_pdf_has_a_page_per_unit(books):
    notices = payment_notices(
        project=books.project, period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 11, 30)
    )
    data = payment_notices_pdf(
        project=books.project,
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30),
        notices=notices,
    )
    assert data.startswith(b"%PDF") and b"/Count 2" in data
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        assert "缴费通知单" in text and books.a.code in text and "伍佰贰拾元整" in text


def test_dunning_list_and_excel(books):
    cashier_rows = dunning_list(project=books.project, as_of=dt.date(2026, 12, 20), user=books.cashier)
    assert [(r["unit"], r["overdue"], r["days_overdue"]) for r in cashier_rows] == [
        (books.a.code, D("520.00"), 66),
        (books.b.code, D("135.00"), 35),
    ]
    assert cashier_rows[0]["mobiles"] == "13812345678"
    engineer = staff(Role.ENGINEER, books.project)
    assert (
        dunning_list(project=books.project, as_of=dt.date(2026, 12, 20), user=engineer)[0]["mobiles"]
        == "138****5678"
    )
    grace = dunning_list(
        project=books.project, as_of=dt.date(2026, 12, 20), user=books.cashier, grace_days=40
    )
    assert [r["unit"] for r in grace] == [books.a.code]
    sheet = load_workbook(
        io.BytesIO(dunning_workbook(project=books.project, as_of=dt.date(2026, 12, 20), rows=cashier_rows))
    ).active
    values = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert values[0][0] == books.a.code and values[0][3] == 520 and values[-1][3] == 655


def test_api_and_console(books, client, api_client):
    api_client.force_authenticate(books.cashier)
    rows = api_client.get(
        "/api/v1/payment-notices/", {"project": books.project.pk, "period_start": "2026-11-01"}
    ).json()
    assert {r["unit"]: r["total_due"] for r in rows} == {books.a.code: "520.00", books.b.code: "135.00"}
    pdf = api_client.get(
        "/api/v1/payment-notices/",
        {"project": books.project.pk, "period_start": "2026-11-01", "format": "pdf"},
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    dunning = api_client.get(
        "/api/v1/reports/dunning-list/", {"project": books.project.pk, "as_of": "2026-12-20"}
    )
    assert [r["unit"] for r in dunning.json()] == [books.a.code, books.b.code]
    xlsx = api_client.get(
        "/api/v1/reports/dunning-list/",
        {"project": books.project.pk, "as_of": "2026-12-20", "format": "xlsx"},
    )
    assert load_workbook(io.BytesIO(xlsx.content)).active["A3"].value == books.a.code
    assert api_client.get("/api/v1/payment-notices/", {"project": books.project.pk}).status_code == 400
    api_client.force_authenticate(staff(Role.ENGINEER, books.project))
    assert api_client.get("/api/v1/reports/dunning-list/", {"project": books.project.pk}).status_code == 403
    client.force_login(books.cashier)
    page = client.get("/billing/dunning/", {"as_of": "2026-12-20"})
    assert page.status_code == 200 and books.a.code in page.content.decode()
    assert client.get("/billing/notices/", {"month": "2026-11", "months": 1}).status_code == 200
    assert (
        client.get("/billing/notices/", {"month": "2026-11", "format": "pdf"})["Content-Type"]
        == "application/pdf"
    )


def test_a_quarter_billed_in_advance_is_not_arrears_before_it_falls_due(books):
    """A bill of an earlier period that is not yet due is a current line of the notice, not a debt."""
    from wuye.billing import services

    c = books.unit(area="100.00")
    services.charge_create(
        unit=c,
        fee_item=books.mgmt,
        amount="780.00",
        description="物业费 2026-10～12",
        acting_user=books.manager,
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 12, 31),
        due_date=dt.date(2026, 11, 5),
    )
    notices = {
        n["unit"].code: n
        for n in payment_notices(
            project=books.project,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30),
            unit_ids=[c.pk],
        )
    }
    assert (notices[c.code]["arrears"], notices[c.code]["period_total"]) == (D("0.00"), D("780.00"))
    notices = {
        n["unit"].code: n
        for n in payment_notices(
            project=books.project,
            period_start=dt.date(2026, 12, 1),
            period_end=dt.date(2026, 12, 31),
            unit_ids=[c.pk],
        )
    }
    assert notices[c.code]["arrears"] == D("780.00")  # due 11-05, unpaid by December: now a debt


def test_a_new_charge_is_paid_from_prepaid_credit_at_once(books):
    """Credit pays a meter or one-off charge when it is made, not only after the next charge run."""
    from wuye.billing import services
    from wuye.billing.services.payments import credit_balance

    books.pay(books.b, "500.00", key="b-prepay")  # pays b's November 135.00, 365.00 left as credit
    charge = services.charge_create(
        unit=books.b,
        fee_item=books.fixed,
        amount="40.00",
        description="大件垃圾清运",
        acting_user=books.manager,
    )
    assert charge.allocated == D("40.00") and credit_balance(books.b.pk) == D("325.00")
    rows = dunning_list(project=books.project, as_of=dt.date(2026, 12, 20), user=books.cashier)
    assert books.b.code not in [r["unit"] for r in rows]
