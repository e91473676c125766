"""The billing papers built from flowables: labels in Chinese from the catalogue, long texts wrap
instead of being cut, the amount in capitals, and another language when the caller asks for it."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest

from wuye.billing import services
from wuye.billing.models import Deposit
from wuye.billing.notices import payment_notices, payment_notices_pdf
from wuye.billing.pdf import receipt_pdf, refund_memo_pdf
from wuye.billing.services.deposits import deposit_held
from wuye.billing.tests.factories import Books

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed"),
]
D = Decimal
NOTE = "业主要求把十月和十一月的物业管理服务费一并开在同一张收据上余款转入预存款下月自动抵扣" * 4 + "完"


def text_of(data: bytes, layout: bool = False) -> str:
    args = ["pdftotext", "-layout", "-", "-"] if layout else ["pdftotext", "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_receipt_labels_amount_in_capitals_and_a_long_note_on_both_copies():
    books = Books()
    unit = books.unit(area="100.00")
    books.run(start=dt.date(2026, 11, 1))
    receipt = services.payment_create(
        unit=unit,
        method="wechat",
        amount=D("1234.50"),
        idempotency_key="long",
        acting_user=books.cashier,
        payer="王先生",
        reference="WX-4200001",
        note=NOTE,
    ).receipt
    data = receipt_pdf(receipt)
    assert b"/Count 1" in data  # the copy and the stub stay on one sheet however long the note
    text = text_of(data, layout=True)
    for label in ("房号", "交款人", "收费项目", "金额（元）", "收银员", "凭证号", "备注"):
        assert text.count(label) >= 2, label  # on the payer's copy and on the stub
    assert text.count("壹仟贰佰叁拾肆元伍角") == 2 and text.count("¥1,234.50") == 2
    assert "微信支付" in text and "WX-4200001" in text and "物业管理服务费" in text
    assert squeezed(text_of(data)).count(NOTE) == 2  # wrapped onto more lines, not cut with "…"


def test_receipt_prints_in_another_language_when_asked():
    books = Books()
    unit = books.unit()
    receipt = books.pay(unit, "15.00", key="en").receipt
    text = text_of(receipt_pdf(receipt, language="en"), layout=True)
    assert "Receipt copy (payer)" in text and "Unit code" in text and "Cash" in text
    assert "壹拾伍元整" in text  # the amount in capitals is Chinese on any receipt
    assert "现金" in text_of(receipt_pdf(receipt))


def test_refund_memo_wraps_a_long_reason_and_shows_the_refund():
    books = Books()
    unit = books.unit()
    payment = books.pay(unit, "2000.00", key="zx", deposit_purpose="renovation", reference="ZX-9").payment
    reason = "墙体拆改违约金未经审批擅自拆除非承重隔墙按装修管理协议第七条处理" * 3 + "止"
    services.deposit_refund_request(
        deposit=payment.deposit,
        acting_user=books.cashier,
        deductions=[{"reason": reason, "amount": "300"}],
        via_procedure=True,  # a renovation deposit: as the renovation procedure requests it
    )
    deposit = Deposit.objects.get(pk=payment.deposit.pk)
    data = refund_memo_pdf(deposit, deposit_held(deposit))
    assert b"/Count 1" in data
    text = text_of(data)
    assert reason in squeezed(text)
    for label in ("项目", "房号", "应退金额", "状态", "日期", "金额（元）"):
        assert label in text, label
    assert "1,700.00" in text and "壹仟柒佰元整" in text and "ZX-9" in text
    english = text_of(refund_memo_pdf(deposit, deposit_held(deposit), language="en"))
    assert "Deposit type" in english and "Unit code" in english and "Awaiting approval" in english


def test_payment_notice_labels_capitals_and_a_long_fee_name():
    books = Books()
    unit = books.unit(area="100.00")
    books.mgmt.name = "物业管理服务费（含公共区域保洁、绿化养护、秩序维护、共用设施设备日常运行维护）"
    books.mgmt.save()
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    notices = payment_notices(
        project=books.project, period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 11, 30)
    )
    data = payment_notices_pdf(
        project=books.project,
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30),
        notices=notices,
    )
    text = text_of(data)
    for label in ("收费项目", "数量", "金额（元）", "本期应缴", "往期欠费", "合计应缴", "业主"):
        assert label in text, label
    assert unit.code in text and "520.00" in text and "伍佰贰拾元整" in text
    assert books.mgmt.name in squeezed(text)  # the whole name, wrapped in its column
    assert "There are no charges" in text_of(
        payment_notices_pdf(
            project=books.project,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30),
            notices=[],
            language="en",
        )
    )
