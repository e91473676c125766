"""Console: a unit's account, charge runs (preview, then commit), deposits (refund request and
decision, memo), meter readings, arrears with Excel export, the daily close, the nav link — each
renders for the cashier (or the role it is for), answers 403 to others and 404 outside the project,
and lists do not query per row."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from wuye.accounts.choices import Role
from wuye.billing.models import Charge, ChargeRun, DepositRefund, Meter, MeterReading
from wuye.billing.tests.factories import Books
from wuye.core.tests.factories import OwnershipFactory, resident_user, staff
from wuye.servicedesk.tests.factories import at

pytestmark = pytest.mark.django_db
D = Decimal
NOW = at(2026, 11, 26, 10)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def books():
    books = Books()
    books.home = books.unit(area="100.00", code="3-2-1201")
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    return books


PAGES = [
    "/billing/desk/",
    "/billing/charge-runs/",
    "/billing/deposits/",
    "/billing/meters/",
    "/billing/arrears/",
    "/billing/close/",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_for_the_cashier(client, books, path):
    client.force_login(books.cashier)
    response = client.get(path)
    assert response.status_code == 200
    assert 'class="tabs"' in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_pages_refuse_security_staff_and_residents(client, books, path):
    client.force_login(staff(Role.SECURITY, books.project))
    assert client.get(path).status_code == 403
    ownership = OwnershipFactory(unit=books.home)
    client.force_login(resident_user(owner=ownership.owner))
    assert client.get(path).status_code == 403


def test_which_roles_open_which_pages(client, books):
    expected = {
        Role.CS_ASSISTANT: {"/billing/charge-runs/", "/billing/deposits/"},
        Role.PROJECT_MANAGER: {
            "/billing/charge-runs/",
            "/billing/deposits/",
            "/billing/arrears/",
            "/billing/close/",
        },
        Role.ENGINEER: {"/billing/meters/"},
    }
    for role, allowed in expected.items():
        client.force_login(staff(role, books.project))
        assert {p for p in PAGES if client.get(p).status_code == 200} == allowed, role


def test_nav_link_and_billing_home(client, books):
    client.force_login(books.cashier)
    home = client.get("/").content.decode()
    assert 'href="/billing/desk/"' in home
    assert client.get("/billing/")["Location"] == "/billing/desk/"
    client.force_login(books.manager)
    assert client.get("/billing/")["Location"] == "/billing/charge-runs/"
    client.force_login(staff(Role.SECURITY, books.project))
    assert "/billing/" not in client.get("/").content.decode()
    assert client.get("/billing/").status_code == 403


# --- a unit's account ---------------------------------------------------------------------------


def test_unit_account_page(client, books):
    receipt = books.pay(books.home, "300.00", key="a").receipt
    books.pay(books.home, "50.00", key="ic", deposit_purpose="ic_card")
    url = f"/billing/units/{books.home.pk}/"
    client.force_login(books.cashier)
    response = client.get(url)
    account = response.context["account"]
    assert (account["outstanding"], account["deposits_held"]) == (D("220.00"), D("50.00"))
    page = response.content.decode()
    assert receipt.display_number in page and f"/billing/receipts/{receipt.pk}/pdf/" in page
    assert "/billing/desk/?unit=3-2-1201" in page
    assert len(client.get(url, {"open": "1"}).context["charges"].object_list) == 2  # November, one part-paid
    client.force_login(staff(Role.CS_ASSISTANT, books.project))
    assert client.get(url).status_code == 200
    client.force_login(staff(Role.ENGINEER, books.project))
    assert client.get(url).status_code == 403
    client.force_login(Books().cashier)
    assert client.get(url).status_code == 404


def test_residents_see_their_own_account_only(client, books):
    ownership = OwnershipFactory(unit=books.home)
    neighbour = books.unit()
    client.force_login(resident_user(owner=ownership.owner))
    assert client.get(f"/billing/units/{books.home.pk}/").status_code == 200
    assert client.get(f"/billing/units/{neighbour.pk}/").status_code == 404


def test_unit_account_query_count(client, books, django_assert_max_num_queries):
    client.force_login(books.cashier)
    url = f"/billing/units/{books.home.pk}/"
    client.get(url)
    with django_assert_max_num_queries(16):
        client.get(url)
    for n in range(6):
        books.pay(books.home, f"{n + 1}.00", key=f"q{n}", deposit_purpose="key" if n % 2 else "")
    books.run(start=dt.date(2026, 9, 1))
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


# --- charge runs --------------------------------------------------------------------------------


def test_preview_writes_nothing_then_commit(client, books):
    books.unit(area="50.00")
    client.force_login(books.manager)
    before = Charge.objects.count()
    response = client.get("/billing/charge-runs/", {"period": "2026-12", "months": "1"})
    preview = response.context["preview"]
    assert (preview.charge_count, preview.total_amount) == (4, D("395.00"))
    assert 'id="commit-form"' in response.content.decode()
    assert (
        Charge.objects.count() == before
        and not ChargeRun.objects.filter(period_start=dt.date(2026, 12, 1)).exists()
    )
    response = client.post("/billing/charge-runs/commit/", {"period": "2026-12", "months": "1"})
    assert response.status_code == 302
    run = ChargeRun.objects.get(period_start=dt.date(2026, 12, 1))
    assert run.total_amount == D("395.00")
    again = client.post("/billing/charge-runs/commit/", {"period": "2026-12", "months": "1"}, follow=True)
    assert [m.level_tag for m in again.context["messages"]][-1] == "info"
    assert ChargeRun.objects.filter(period_start=dt.date(2026, 12, 1)).count() == 1
    already = client.get("/billing/charge-runs/", {"period": "2026-12", "months": "1"})
    assert already.context["preview"].already_run and 'id="commit-form"' not in already.content.decode()


def test_console_preview_lists_the_paid_services_with_their_ticket_numbers(client, books):
    from wuye.billing.tests.factories import paid_ticket
    from wuye.servicedesk.tests.factories import Desk

    ticket = paid_ticket(books, Desk(), fee="50.00", completed_at=at(2026, 11, 20, 15), unit=books.home)
    client.force_login(books.manager)
    response = client.get("/billing/charge-runs/", {"period": "2026-12", "months": "1"})
    page = response.content.decode()
    assert (response.context["preview"].charge_count, response.context["preview"].total_amount) == (
        3,
        D("310.00"),
    )
    assert ticket.number in page and "310.00" in page
    client.post("/billing/charge-runs/commit/", {"period": "2026-12", "months": "1"})
    assert ChargeRun.objects.get(period_start=dt.date(2026, 12, 1)).total_amount == D("310.00")


def test_charge_run_bad_input_and_roles(client, books):
    client.force_login(books.manager)
    response = client.get("/billing/charge-runs/", {"period": "Dec", "months": "1"})
    assert response.context["preview"] is None and "period" in response.context["form"].errors
    response = client.post("/billing/charge-runs/commit/", {"period": "2027-12", "months": "1"})
    assert response.status_code == 400 and "period" in response.context["form"].errors  # too far ahead
    client.force_login(staff(Role.CS_ASSISTANT, books.project))  # sees the runs, does not run them
    page = client.get("/billing/charge-runs/")
    assert page.status_code == 200 and 'id="run-form"' not in page.content.decode()
    assert client.get("/billing/charge-runs/", {"period": "2026-12", "months": "1"}).status_code == 403
    assert (
        client.post("/billing/charge-runs/commit/", {"period": "2026-12", "months": "1"}).status_code == 403
    )
    assert not ChargeRun.objects.filter(period_start=dt.date(2026, 12, 1)).exists()


# --- deposits -----------------------------------------------------------------------------------


@pytest.fixture
def deposit(books):
    return books.pay(books.home, "3000.00", key="dep", deposit_purpose="other").payment.deposit


def refund_post(charge=None, **rows):
    data = {
        "d-TOTAL_FORMS": "4",
        "d-INITIAL_FORMS": "0",
        "d-MIN_NUM_FORMS": "0",
        "d-MAX_NUM_FORMS": "20",
        "d-0-reason": "违规拆改违约金",
        "d-0-amount": "500.00",
        "comment": "验收完毕",
    }
    if charge is not None:
        data.update(
            {"d-1-reason": "物业费未缴", "d-1-amount": str(charge.amount), "d-1-charge": str(charge.pk)}
        )
    data.update(rows)
    return data


def test_refund_request_then_approval_from_the_list(client, books, deposit):
    fee = Charge.objects.filter(unit=books.home).order_by("period_start", "id").first()
    client.force_login(books.cashier)
    page = client.get(f"/billing/deposits/{deposit.pk}/").content.decode()
    assert 'id="refund-form"' in page and 'id="decide-form"' not in page
    response = client.post(f"/billing/deposits/{deposit.pk}/refund/", refund_post(fee))
    assert response.status_code == 302
    refund = DepositRefund.objects.get()
    assert refund.deduction_total == D("750.00") and refund.refund_amount == D("2250.00")
    assert [d["reason"] for d in refund.deductions] == ["违规拆改违约金", "物业费未缴"]
    assert client.post(f"/billing/deposits/{deposit.pk}/decide/", {"decision": "approve"}).status_code == 403
    client.force_login(books.manager)
    listing = client.get("/billing/deposits/", {"state": "requested"})
    assert [d.pk for d in listing.context["page"].object_list] == [deposit.pk]
    assert f'action="/billing/deposits/{deposit.pk}/decide/"' in listing.content.decode()
    response = client.post(
        f"/billing/deposits/{deposit.pk}/decide/",
        {"decision": "approve", "comment": "同意", "next": "/billing/deposits/?state=requested"},
    )
    assert response.status_code == 302 and response["Location"] == "/billing/deposits/?state=requested"
    refund.refresh_from_db()
    assert refund.status == "approved" and refund.decided_by == books.manager
    fee.refresh_from_db()
    assert fee.allocated == fee.amount
    assert (
        client.get("/billing/deposits/", {"state": "closed"}).context["page"].object_list[0].pk == deposit.pk
    )


def test_refund_bad_input_and_rejection(client, books, deposit):
    client.force_login(books.cashier)
    response = client.post(f"/billing/deposits/{deposit.pk}/refund/", refund_post(**{"d-0-reason": ""}))
    assert response.status_code == 400 and not DepositRefund.objects.exists()
    fee = Charge.objects.filter(unit=books.home).first()
    response = client.post(
        f"/billing/deposits/{deposit.pk}/refund/",
        refund_post(**{"d-1-reason": "欠费", "d-1-amount": "99999", "d-1-charge": str(fee.pk)}),
    )
    assert response.status_code == 400 and response.context["request_form"].non_field_errors()
    assert client.post(f"/billing/deposits/{deposit.pk}/refund/", refund_post()).status_code == 302
    client.force_login(books.manager)
    assert client.post(f"/billing/deposits/{deposit.pk}/decide/", {"decision": "maybe"}).status_code == 400
    assert (
        client.post(
            f"/billing/deposits/{deposit.pk}/decide/", {"decision": "reject", "comment": "核实"}
        ).status_code
        == 302
    )
    assert DepositRefund.objects.get().status == "rejected"
    client.force_login(books.cashier)  # a rejected request is prepared again
    assert 'id="refund-form"' in client.get(f"/billing/deposits/{deposit.pk}/").content.decode()


def test_deposit_pages_roles_and_memo(client, books, deposit):
    client.force_login(staff(Role.ENGINEER, books.project))
    assert client.get(f"/billing/deposits/{deposit.pk}/").status_code == 403
    assert client.post(f"/billing/deposits/{deposit.pk}/decide/", {"decision": "approve"}).status_code == 403
    client.force_login(staff(Role.CS_ASSISTANT, books.project))
    assert client.post(f"/billing/deposits/{deposit.pk}/refund/", refund_post()).status_code == 403
    client.force_login(Books().manager)
    assert client.get(f"/billing/deposits/{deposit.pk}/").status_code == 404
    assert client.get(f"/billing/deposits/{deposit.pk}/memo/").status_code == 404
    client.force_login(books.cashier)
    memo = client.get(f"/billing/deposits/{deposit.pk}/memo/")
    assert memo.status_code == 200 and memo["Content-Type"] == "application/pdf"
    assert not DepositRefund.objects.exists()


def test_deposit_list_query_count(client, books, deposit, django_assert_max_num_queries):
    client.force_login(books.manager)
    client.get("/billing/deposits/")
    with django_assert_max_num_queries(10):
        client.get("/billing/deposits/")
    for n in range(8):
        books.pay(books.unit(), "50.00", key=f"ic{n}", deposit_purpose="ic_card")
    with django_assert_max_num_queries(10):
        assert len(client.get("/billing/deposits/").context["page"].object_list) == 9


# --- meters -------------------------------------------------------------------------------------


def test_a_round_of_readings(client, books):
    second = books.unit(code="3-2-1202")
    first_meter = Meter.objects.create(
        unit=books.home, meter_type="water", installed_on=dt.date(2026, 1, 1), initial_reading=D("100")
    )
    second_meter = Meter.objects.create(
        unit=second, meter_type="water", installed_on=dt.date(2026, 1, 1), initial_reading=D("50")
    )
    client.force_login(staff(Role.ENGINEER, books.project))
    page = client.get("/billing/meters/").content.decode()
    assert f'name="reading-{first_meter.pk}"' in page and f'name="reading-{second_meter.pk}"' in page
    response = client.post(
        "/billing/meters/",
        {"read_on": "2026-11-25", f"reading-{first_meter.pk}": "110", f"reading-{second_meter.pk}": "40"},
    )  # the second goes backwards
    assert response.status_code == 400
    assert list(MeterReading.objects.values_list("meter_id", "consumption")) == [(first_meter.pk, D("10.00"))]
    rows = {m.pk: m for m in response.context["page"].object_list}
    assert rows[second_meter.pk].row_error and rows[second_meter.pk].entered == "40"
    assert Charge.objects.get(meter_reading__meter=first_meter).amount == D("41.50")
    response = client.post("/billing/meters/", {"read_on": "2026-11-25", f"reading-{second_meter.pk}": "55"})
    assert response.status_code == 302 and MeterReading.objects.count() == 2
    assert client.post("/billing/meters/", {"read_on": "2026-11-25"}).status_code == 400  # nothing entered


def test_install_and_replace_a_meter(client, books):
    client.force_login(books.cashier)
    response = client.post(
        "/billing/meters/install/",
        {
            "unit_code": "3-2-1201",
            "meter_type": "electricity",
            "installed_on": "2026-11-01",
            "initial_reading": "0",
        },
    )
    assert response.status_code == 302
    meter = Meter.objects.get()
    again = client.post(
        "/billing/meters/install/",
        {
            "unit_code": "3-2-1201",
            "meter_type": "electricity",
            "installed_on": "2026-11-02",
            "initial_reading": "0",
        },
    )
    assert again.status_code == 400 and again.context["install_form"].non_field_errors()
    unknown = client.post(
        "/billing/meters/install/",
        {"unit_code": "9-9", "meter_type": "water", "installed_on": "2026-11-02", "initial_reading": "0"},
    )
    assert "unit_code" in unknown.context["install_form"].errors
    assert client.get(f"/billing/meters/{meter.pk}/replace/").status_code == 200
    bad = client.post(
        f"/billing/meters/{meter.pk}/replace/",
        {"replaced_on": "2026-10-01", "final_reading": "5", "new_initial_reading": "0"},
    )
    assert bad.status_code == 400 and "replaced_on" in bad.context["form"].errors
    response = client.post(
        f"/billing/meters/{meter.pk}/replace/",
        {"replaced_on": "2026-11-20", "final_reading": "0", "new_serial": "E-2", "new_initial_reading": "0"},
    )
    assert response.status_code == 302
    assert Meter.objects.filter(replaced_on__isnull=True).get().serial == "E-2"


def test_meter_pages_roles(client, books):
    meter = Meter.objects.create(unit=books.home, meter_type="gas", installed_on=dt.date(2026, 1, 1))
    client.force_login(staff(Role.CS_ASSISTANT, books.project))
    assert client.get("/billing/meters/").status_code == 403
    assert (
        client.post("/billing/meters/", {"read_on": "2026-11-25", f"reading-{meter.pk}": "5"}).status_code
        == 403
    )
    assert client.get(f"/billing/meters/{meter.pk}/replace/").status_code == 403
    client.force_login(Books().cashier)
    assert client.get(f"/billing/meters/{meter.pk}/replace/").status_code == 404
    assert not MeterReading.objects.exists()


def test_meter_page_query_count(client, books, django_assert_max_num_queries):
    client.force_login(books.cashier)
    for _ in range(3):
        Meter.objects.create(unit=books.unit(), meter_type="water", installed_on=dt.date(2026, 1, 1))
    client.get("/billing/meters/")
    with django_assert_max_num_queries(10):
        client.get("/billing/meters/")
    for _ in range(10):
        Meter.objects.create(unit=books.unit(), meter_type="water", installed_on=dt.date(2026, 1, 1))
    with django_assert_max_num_queries(10):
        assert len(client.get("/billing/meters/").context["page"].object_list) == 13


# --- reports ------------------------------------------------------------------------------------


def test_arrears_page_and_excel(client, books):
    client.force_login(books.cashier)
    response = client.get("/billing/arrears/", {"as_of": "2026-11-26"})
    report = response.context["report"]
    assert [(r["unit_code"], r["total"]) for r in report["rows"]] == [
        ("3-2-1201", D("20.00")),
        ("3-2-1201", D("500.00")),
    ]
    assert report["totals"]["days_31_90"] == D("260.00")  # October, due 10-15: 42 days
    assert "format=xlsx" in response.content.decode()
    export = client.get("/billing/arrears/", {"as_of": "2026-11-26", "format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0]]
    assert [(r[0], r[1], D(str(r[6]))) for r in rows[:-1]] == [
        (r["unit_code"], r["fee_item"], r["total"]) for r in report["rows"]
    ]
    assert D(str(rows[-1][6])) == D("520.00")
    client.force_login(staff(Role.CS_ASSISTANT, books.project))
    assert client.get("/billing/arrears/", {"format": "xlsx"}).status_code == 403


def test_daily_close_page(client, books):
    books.pay(books.home, "300.00", key="c1")
    wrong = books.pay(books.home, "5.00", key="c2").receipt
    from wuye.billing import services

    services.receipt_void(receipt=wrong, reason="收错", acting_user=books.cashier)
    client.force_login(books.cashier)
    response = client.get("/billing/close/", {"date": "2026-11-26"})
    report = response.context["report"]
    assert report["takings"] == D("300.00") and report["reconciles"]
    assert report["receipts_voided"] == [{"number": wrong.display_number, "reason": "收错"}]
    page = response.content.decode()
    assert wrong.display_number in page and "收错" in page
    other_cashier = staff(Role.CASHIER, books.project)
    assert client.get("/billing/close/", {"date": "2026-11-26", "cashier": other_cashier.pk}).context[
        "report"
    ]["takings"] == D("0.00")
    client.force_login(staff(Role.CS_SUPERVISOR, books.project))
    assert client.get("/billing/close/").status_code == 403
