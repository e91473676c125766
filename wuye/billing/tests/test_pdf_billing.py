"""Printable billing papers: the receipt (收据, customer copy and stub) and 《押金退还备忘表》, in
Chinese with reportlab's STSong-Light; amounts in capitals as receipts write them."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest

from wuye.billing import services
from wuye.billing.models import Deposit
from wuye.billing.pdf import receipt_lines, receipt_pdf, refund_memo_pdf, refund_memo_rows, rmb_upper
from wuye.billing.services.deposits import deposit_held
from wuye.billing.tests.factories import Books

D = Decimal
needs_pdftotext = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed"
)


def text_of(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0", "零元整"),
        ("0.50", "伍角"),
        ("0.05", "伍分"),
        ("15", "壹拾伍元整"),
        ("250.00", "贰佰伍拾元整"),
        ("100.05", "壹佰元零伍分"),
        ("1005", "壹仟零伍元整"),
        ("1234.50", "壹仟贰佰叁拾肆元伍角"),
        ("10000", "壹万元整"),
        ("100500", "壹拾万零伍佰元整"),
        ("10010000", "壹仟零壹万元整"),
        ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
        ("-3.20", "负叁元贰角"),
    ],
)
def test_amount_in_capitals(amount, expected):
    assert rmb_upper(D(amount)) == expected


@pytest.mark.django_db
@needs_pdftotext
def test_receipt_pdf_has_number_title_lines_and_both_copies():
    books = Books()
    unit = books.unit(area="100.00")
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    receipt = books.pay(unit, "600.00", key="pdf-1", payer="王先生").receipt
    lines = receipt_lines(receipt)
    assert [line["kind"] for line in lines] == ["charge"] * 4 + ["prepayment"]
    assert sum(line["amount"] for line in lines) == D("600.00")
    data = receipt_pdf(receipt)
    assert data.startswith(b"%PDF") and b"/Count 1" in data  # one page: the copy and the stub
    text = text_of(data)
    assert "收  据" in text or "收 据" in text
    assert text.count(f"No. {receipt.display_number}") == 2
    assert "收据联" in text and "存根联" in text
    assert "陆佰元整" in text and "¥600.00" in text and "预存款" in text and "物业管理服务费" in text
    assert "王先生" in text and unit.code in text and "现金" in text


@pytest.mark.django_db
@needs_pdftotext
def test_voided_and_replacement_receipts_say_so():
    books = Books()
    unit = books.unit()
    wrong = books.pay(unit, "50.00", key="wrong").receipt
    services.receipt_void(receipt=wrong, reason="金额错误", acting_user=books.cashier)
    wrong.refresh_from_db()
    assert "作" in text_of(receipt_pdf(wrong)) and "金额错误" in text_of(receipt_pdf(wrong))
    again = services.payment_create(
        unit=unit,
        method="cash",
        amount=D("5.00"),
        idempotency_key="again",
        acting_user=books.cashier,
        replaces=wrong,
    ).receipt
    assert f"原收据 No. {wrong.display_number}" in text_of(receipt_pdf(again))


@pytest.mark.django_db
@needs_pdftotext
def test_deposit_receipt_and_refund_memo():
    books = Books()
    unit = books.unit()
    books.run()
    payment = books.pay(unit, "2000.00", key="zx", deposit_purpose="renovation", reference="ZX-9").payment
    assert "装修押金" in text_of(receipt_pdf(payment.receipt))
    deposit = payment.deposit
    blank = text_of(refund_memo_pdf(deposit, deposit_held(deposit)))
    assert "押金退还备忘表" in blank and "领款人签字" in blank and "2,000.00" in blank
    charge = unit.charges.get(fee_item=books.mgmt)
    services.deposit_refund_request(
        deposit=deposit,
        acting_user=books.cashier,
        via_procedure=True,  # a renovation deposit: as the renovation procedure requests it
        deductions=[
            {"reason": "墙体拆改违约金", "amount": "300"},
            {"reason": "物业费", "amount": "250", "charge": charge.pk},
        ],
    )
    deposit = Deposit.objects.get(pk=deposit.pk)  # with its refund
    rows = dict(refund_memo_rows(deposit, deposit_held(deposit)))
    assert (
        rows["房号"] == unit.code
        and rows["收据号"] == payment.receipt.display_number
        and rows["卡号/凭证号"] == "ZX-9"
    )
    text = text_of(refund_memo_pdf(deposit, deposit_held(deposit)))
    assert "墙体拆改违约金" in text and f"#{charge.pk}" in text and "550.00" in text and "1,450.00" in text
    assert "待审批" in text and "壹仟肆佰伍拾元整" in text
