"""WeChat Pay and Alipay (收款码) at the cashier, and the payer's transaction reference that every
method but cash requires — in the service, the API, the desk form, the close and the receipt."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wuye.billing import services
from wuye.billing.choices import REFERENCE_REQUIRED_METHODS, PaymentMethod
from wuye.billing.models import Deposit, Payment
from wuye.billing.pdf import METHOD_ZH
from wuye.billing.reports import close_report
from wuye.billing.tests.conftest import assert_error, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
D = Decimal
PAYMENTS = "/api/v1/payments/"
DESK = "/billing/desk/"
NON_CASH = ["wechat", "alipay", "pos", "bank", "transfer"]


@pytest.fixture
def billed(books):
    unit = books.unit(area="100.00", code="3-2-1201")
    books.run(start=dt.date(2026, 11, 1))  # 260.00 due
    return unit


def take(books, unit, method, amount="100.00", key="k", **kwargs):
    return services.payment_create(
        unit=unit, method=method, amount=D(amount), idempotency_key=key, acting_user=books.cashier, **kwargs
    )


def test_the_methods_a_customer_pays_by_need_a_reference_cash_and_offsets_do_not():
    assert set(REFERENCE_REQUIRED_METHODS) == set(NON_CASH)
    assert {"wechat", "alipay"} <= set(PaymentMethod.values)


@pytest.mark.parametrize("method", NON_CASH)
@pytest.mark.parametrize("reference", ["", "   "])
def test_non_cash_without_reference_is_refused_on_the_reference_field(books, billed, method, reference):
    with pytest.raises(ValidationError) as exc:
        take(books, billed, method, reference=reference)
    assert list(exc.value.message_dict) == ["reference"]
    assert not Payment.objects.exists()


def test_cash_needs_no_reference(books, billed):
    assert take(books, billed, "cash").payment.reference == ""


@pytest.mark.parametrize("method", ["wechat", "alipay"])
def test_scan_to_pay_with_its_transaction_number(books, billed, method):
    result = take(books, billed, method, amount="260.00", reference=" 4200001234202611260001 ")
    payment = result.payment
    assert (payment.method, payment.reference, result.allocated) == (
        method,
        "4200001234202611260001",
        D("260.00"),
    )
    assert result.receipt.display_number == "2026-000001"


def test_a_deposit_keeps_its_card_number_apart_from_the_transaction_reference(books, billed):
    paid = take(
        books,
        billed,
        "alipay",
        amount="50.00",
        deposit_purpose="key",
        reference="2026112622001",
        deposit_reference="KEY-12",
    )
    assert (paid.payment.reference, paid.payment.deposit.reference) == ("2026112622001", "KEY-12")
    cash = take(books, billed, "cash", amount="50.00", key="k2", deposit_purpose="key", reference="KEY-13")
    assert cash.payment.deposit.reference == "KEY-13"  # one reference: it is the deposit's too
    with pytest.raises(ValidationError) as exc:
        take(books, billed, "cash", key="k3", deposit_reference="KEY-14")
    assert list(exc.value.message_dict) == ["deposit_reference"]
    assert Deposit.objects.count() == 2


def test_bank_collection_files_carry_their_reference(books, billed):
    text = f"unit_code,amount,bank_reference,paid_on\n{billed.code},260.00,B20261126000123,2026-11-25\n"
    assert services.bank_import(project=books.project, text=text, acting_user=books.cashier)["paid"] == 1
    assert Payment.objects.get().reference == "B20261126000123"


def test_the_close_counts_every_method_in_the_desk_order(books, billed):
    take(books, billed, "pos", amount="10.00", key="p", reference="POS-1")
    take(books, billed, "alipay", amount="20.00", key="a", reference="AL-1")
    take(books, billed, "wechat", amount="30.00", key="w1", reference="WX-1")
    take(books, billed, "wechat", amount="40.00", key="w2", reference="WX-2")
    take(books, billed, "cash", amount="5.00", key="c")
    report = close_report(project=books.project, day=dt.date(2026, 11, 26))
    assert [(r["method"], r["count"], r["total"]) for r in report["by_method"]] == [
        ("cash", 1, D("5.00")),
        ("wechat", 2, D("70.00")),
        ("alipay", 1, D("20.00")),
        ("pos", 1, D("10.00")),
    ]
    assert [r["method_label"] for r in report["by_method"]][1:3] == [
        PaymentMethod.WECHAT.label,
        PaymentMethod.ALIPAY.label,
    ]
    assert report["takings"] == D("105.00") and report["reconciles"]


def test_the_receipt_paper_names_every_method_in_chinese():
    assert set(METHOD_ZH) == set(PaymentMethod.values)
    assert (METHOD_ZH["wechat"], METHOD_ZH["alipay"]) == ("微信支付", "支付宝")


# --- API ----------------------------------------------------------------------------------------


def test_api_refuses_a_wechat_payment_without_reference(login, books, billed):
    client = login(books.cashier)
    data = {"unit": billed.pk, "method": "wechat", "amount": "260.00", "idempotency_key": "wx-1"}
    body = assert_error(post(client, PAYMENTS, data), 400, "validation_error", "reference")
    assert body["fields"]["reference"]
    assert not Payment.objects.exists()
    response = post(client, PAYMENTS, {**data, "reference": "4200001234202611260001"})
    assert response.status_code == 201, response.content
    payment = response.json()["payment"]
    assert (payment["method"], payment["reference"]) == ("wechat", "4200001234202611260001")
    assert payment["method_label"] in {"WeChat Pay", "微信支付"}
    assert response.json()["receipt"]["method"] == "wechat"
    assert [p["id"] for p in client.get(PAYMENTS, {"method": "wechat"}).json()["results"]] == [payment["id"]]
    assert client.get(PAYMENTS, {"method": "alipay"}).json()["count"] == 0


# --- the desk -----------------------------------------------------------------------------------


def desk_form(client, unit):
    page = client.get(DESK, {"unit": unit.code}).content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    return page, {"unit_id": unit.pk, "idempotency_key": key, "amount": "260.00"}


def test_desk_offers_the_scan_to_pay_methods_and_marks_the_reference(client, books, billed):
    client.force_login(books.cashier)
    page, _data = desk_form(client, billed)
    assert 'value="wechat"' in page and 'value="alipay"' in page
    assert 'data-required-for="alipay bank pos transfer wechat"' in page


def test_desk_alipay_without_reference_is_a_form_error_on_the_field(client, books, billed):
    client.force_login(books.cashier)
    _page, data = desk_form(client, billed)
    response = client.post(DESK, {**data, "method": "alipay"})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["reference"]
    assert not Payment.objects.exists()
    response = client.post(DESK, {**data, "method": "alipay", "reference": "2026112622001404"})
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.method, payment.reference, payment.amount) == ("alipay", "2026112622001404", D("260.00"))
    receipt_page = client.get(response["Location"]).content.decode()
    assert "Alipay" in receipt_page or "支付宝" in receipt_page
