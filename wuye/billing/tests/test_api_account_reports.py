"""API: /api/v1/units/{id}/account/ and /settlement/, /api/v1/reports/arrears-ageing/ (JSON and
Excel) and /api/v1/reports/cashier-close/ — with the permission matrix."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from wuye.accounts.choices import Role
from wuye.billing import services
from wuye.billing.models import Meter
from wuye.billing.tests.conftest import assert_error
from wuye.core.tests.factories import OwnershipFactory, resident_user, staff
from wuye.servicedesk.tests.factories import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
D = Decimal
AGEING = "/api/v1/reports/arrears-ageing/"
CLOSE = "/api/v1/reports/cashier-close/"


def account_url(unit):
    return f"/api/v1/units/{unit.pk}/account/"


def settlement_url(unit):
    return f"/api/v1/units/{unit.pk}/settlement/"


# --- a unit's account ---------------------------------------------------------------------------


def test_unit_account(login, books):
    unit = books.unit(area="100.00")
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    books.pay(unit, "300.00", key="a")
    books.pay(unit, "50.00", key="ic", deposit_purpose="ic_card")
    body = login(books.cashier).get(account_url(unit)).json()
    assert body["unit"] == {"id": unit.pk, "code": unit.code, "project": books.project.pk}
    assert (body["charged"], body["paid"], body["outstanding"]) == ("520.00", "300.00", "220.00")
    assert (body["credit"], body["deposits_held"], body["balance"]) == ("0.00", "50.00", "-220.00")
    assert len(body["charges"]) == 4 and body["charges"][0]["period_start"] == "2026-11-01"
    assert sorted((p["amount"], p["receipt"]["number"]) for p in body["payments"]) == [
        ("300.00", "2026-000001"),
        ("50.00", "2026-000002"),
    ]
    assert body["deposits"][0]["purpose"] == "ic_card" and body["deposits"][0]["held"] == "50.00"


def test_account_permission_matrix(api_client, login, books, other):
    unit = books.unit()
    assert_error(api_client.get(account_url(unit)), 401, "not_authenticated")
    assert_error(api_client.get(settlement_url(unit)), 401)
    assert_error(login(other.cashier).get(account_url(unit)), 404, "not_found")
    assert_error(login(other.cashier).get(settlement_url(unit)), 404, "not_found")
    engineer = login(staff(Role.ENGINEER, books.project))
    assert_error(engineer.get(account_url(unit)), 403, "permission_denied")
    assert_error(engineer.get(settlement_url(unit)), 403, "permission_denied")
    assert login(staff(Role.CS_ASSISTANT, books.project)).get(account_url(unit)).status_code == 200
    assert_error(login(books.cashier).get("/api/v1/units/999999/account/"), 404)


def test_residents_read_their_own_account(login, books):
    mine, theirs = books.unit(), books.unit()
    ownership = OwnershipFactory(unit=mine)
    books.run()
    client = login(resident_user(owner=ownership.owner))
    assert client.get(account_url(mine)).json()["outstanding"] == "260.00"
    assert_error(client.get(account_url(theirs)), 404)
    assert_error(client.get(settlement_url(mine)), 403, "permission_denied")


def test_settlement(login, books):
    unit = books.unit(area="100.00")
    books.run()
    client = login(books.cashier)
    body = client.get(settlement_url(unit), {"as_of": "2026-11-30"}).json()
    assert (
        body["settled"] is False and body["outstanding_total"] == "260.00" and len(body["outstanding"]) == 2
    )
    books.pay(unit, "260.00", key="settle")
    body = client.get(settlement_url(unit), {"as_of": "2026-11-30"}).json()
    assert body["settled"] is True and body["outstanding"] == [] and body["unit"] == unit.code
    meter = Meter.objects.create(unit=unit, meter_type="water", installed_on=dt.date(2026, 1, 1))
    body = client.get(settlement_url(unit), {"as_of": "2026-11-30"}).json()
    assert body["settled"] is False and body["meters_not_read"] == [{"meter": "water", "last_read_on": None}]
    services.meter_reading_record(
        meter=meter, read_on=dt.date(2026, 11, 26), reading=D("0"), acting_user=books.cashier
    )
    body = client.get(settlement_url(unit), {"as_of": "2026-11-26"}).json()
    assert body["settled"] is True and body["as_of"] == "2026-11-26"
    later = client.get(settlement_url(unit), {"as_of": "2026-12-15"}).json()
    assert later["settled"] is False and {n["fee_item"] for n in later["not_billed"]} == {
        "物业管理服务费",
        "垃圾清运费",
    }
    assert client.get(settlement_url(unit)).json()["as_of"] == "2026-11-26"  # default today
    assert_error(client.get(settlement_url(unit), {"as_of": "30/11/2026"}), 400, "validation_error", "as_of")


def test_account_query_count(login, books, django_assert_max_num_queries):
    unit = books.unit()
    books.run(start=dt.date(2026, 10, 1))
    books.pay(unit, "10.00", key="q0")
    client = login(books.cashier)
    with django_assert_max_num_queries(10):
        assert client.get(account_url(unit)).status_code == 200
    books.run(start=dt.date(2026, 11, 1))
    for n in range(5):
        books.pay(unit, f"{n + 1}.00", key=f"q{n + 1}", deposit_purpose="key" if n % 2 else "")
    with django_assert_max_num_queries(10):
        body = client.get(account_url(unit)).json()
    assert len(body["payments"]) == 6 and len(body["charges"]) == 4


# --- arrears ageing -----------------------------------------------------------------------------


@pytest.fixture
def arrears(books):
    """Units owing for different ages at 2026-11-26 (due dates: the 15th of each month)."""
    first, second = books.unit(area="100.00", code="1-101"), books.unit(area="50.00", code="1-102")
    for month in (4, 7, 9, 10, 11):
        with time_machine.travel(at(2026, month, 2), tick=False):
            books.run(start=dt.date(2026, month, 1))
    books.pay(second, "135.00", key="second-april")  # pays the second unit's April (125.00 + 10.00)
    return first, second


def test_arrears_ageing_rows(login, books, arrears):
    first, second = arrears
    body = login(books.cashier).get(AGEING, {"project": books.project.pk, "as_of": "2026-11-26"}).json()
    assert body["as_of"] == "2026-11-26" and body["projects"] == [
        {"id": books.project.pk, "name": books.project.name}
    ]
    rows = {(r["unit_code"], r["fee_item"]): r for r in body["rows"]}
    mgmt = rows[("1-101", "物业管理服务费")]
    # due 04-15 (225 days), 07-15 (134), 09-15 (72), 10-15 (42), 11-15 (11)
    assert (
        mgmt["days_0_30"],
        mgmt["days_31_90"],
        mgmt["days_91_180"],
        mgmt["days_over_180"],
        mgmt["total"],
    ) == ("250.00", "500.00", "250.00", "250.00", "1250.00")
    assert rows[("1-102", "物业管理服务费")]["days_over_180"] == "0.00"  # paid
    assert body["totals"]["total"] == "1840.00"  # 5 × (250 + 10) + 5 × (125 + 10) − 135 paid
    assert sum(D(r["total"]) for r in body["rows"]) == D(body["totals"]["total"])


def test_arrears_ageing_excel_matches_the_json(login, books, arrears):
    client = login(books.cashier)
    params = {"project": books.project.pk, "as_of": "2026-11-26"}
    body = client.get(AGEING, params).json()
    response = client.get(AGEING, {**params, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(min_row=6, values_only=True) if row[0]]
    keys = ("days_0_30", "days_31_90", "days_91_180", "days_over_180", "total")
    expected = [(r["unit_code"], r["fee_item"], *(D(r[k]) for k in keys)) for r in body["rows"]]
    assert [(v[0], v[1], *(D(str(x)).quantize(D("0.01")) for x in v[2:7])) for v in values[:-1]] == expected
    total_row = values[-1]
    assert D(str(total_row[6])) == D(body["totals"]["total"])


def test_arrears_ageing_permissions(api_client, login, books, other, arrears):
    assert_error(api_client.get(AGEING), 401, "not_authenticated")
    assert_error(login(other.cashier).get(AGEING, {"project": books.project.pk}), 404, "not_found")
    assert_error(
        login(staff(Role.CS_ASSISTANT, books.project)).get(AGEING, {"project": books.project.pk}),
        403,
        "permission_denied",
    )
    assert_error(login(staff(Role.CS_ASSISTANT, books.project)).get(AGEING), 403, "permission_denied")
    assert_error(login(books.cashier).get(AGEING, {"as_of": "yesterday"}), 400, "validation_error", "as_of")
    # without a project: every project where the user may see billing reports
    company = login(staff(Role.COMPANY_MANAGER, None))
    body = company.get(AGEING, {"as_of": "2026-11-26"}).json()
    assert {p["id"] for p in body["projects"]} >= {books.project.pk, other.project.pk}
    assert company.get(AGEING, {"as_of": "2026-11-26", "format": "xlsx"}).status_code == 200


# --- cashier's close ----------------------------------------------------------------------------


def test_cashier_close(login, books):
    unit = books.unit(area="100.00")
    books.run()
    books.pay(unit, "300.00", key="c1")
    services.payment_create(
        unit=unit,
        method="pos",
        amount=D("50.00"),
        idempotency_key="c2",
        deposit_purpose="key",
        reference="POS-0001",
        acting_user=books.cashier,
    )
    wrong = books.pay(unit, "5.00", key="c3").receipt
    services.receipt_void(receipt=wrong, reason="收错", acting_user=books.cashier)
    body = login(books.cashier).get(CLOSE, {"project": books.project.pk, "date": "2026-11-26"}).json()
    assert {(m["method"], m["count"], m["total"]) for m in body["by_method"]} == {
        ("cash", 1, "300.00"),
        ("pos", 1, "50.00"),
    }
    assert body["takings"] == "350.00" and body["reconciles"] is True
    assert body["receipts_issued"] == ["2026-000001", "2026-000002", "2026-000003"]
    assert body["receipts_voided"] == [{"number": "2026-000003", "reason": "收错"}]
    assert body["ledger"] == {"allocated": "260.00", "prepayment_credit": "40.00", "deposits": "50.00"}
    assert body["by_method"][0]["method_label"]
    mine = login(books.cashier).get(CLOSE, {"project": books.project.pk, "cashier": books.manager.pk}).json()
    assert mine["takings"] == "0.00"


def test_cashier_close_permissions(api_client, login, books, other):
    assert_error(api_client.get(CLOSE, {"project": books.project.pk}), 401)
    assert_error(login(books.cashier).get(CLOSE), 400, "validation_error", "project")
    assert_error(login(other.cashier).get(CLOSE, {"project": books.project.pk}), 404, "not_found")
    assert_error(
        login(staff(Role.CS_SUPERVISOR, books.project)).get(CLOSE, {"project": books.project.pk}),
        403,
        "permission_denied",
    )
    assert login(books.manager).get(CLOSE, {"project": books.project.pk}).status_code == 200
    ownership = OwnershipFactory(unit=books.unit())
    assert_error(login(resident_user(owner=ownership.owner)).get(CLOSE, {"project": books.project.pk}), 403)
