"""Printable billing papers in Chinese: the receipt (收据) and the deposit refund memo
(《押金退还备忘表》).

Same approach as the repair order (wuye/servicedesk/pdf.py): reportlab's built-in CID font
STSong-Light, referenced rather than embedded, so no font file ships with Wuye.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from wuye.billing.choices import DepositPurpose, PaymentMethod, RefundStatus
from wuye.billing.models import Allocation, Receipt

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# The papers are Chinese whatever the user's language (they go to customers and the archive).
METHOD_ZH = {
    PaymentMethod.CASH: "现金", PaymentMethod.WECHAT: "微信支付", PaymentMethod.ALIPAY: "支付宝",
    PaymentMethod.POS: "POS刷卡", PaymentMethod.BANK: "银行托收", PaymentMethod.TRANSFER: "转账",
    PaymentMethod.DEPOSIT: "押金抵扣",
}
PURPOSE_ZH = {
    DepositPurpose.RENOVATION: "装修押金", DepositPurpose.IC_CARD: "IC卡押金", DepositPurpose.KEY: "钥匙押金",
    DepositPurpose.OTHER: "其他押金",
}
REFUND_STATUS_ZH = {RefundStatus.REQUESTED: "待审批", RefundStatus.APPROVED: "已批准并退还",
                    RefundStatus.REJECTED: "已驳回"}
RECEIPT_COPIES = ("收据联（交款人）", "存根联（财务留存）")
MAX_LINES = 8

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_POSITIONS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def rmb_upper(amount) -> str:
    """Amount in Chinese capital numerals as written on receipts: 1234.50 → 壹仟贰佰叁拾肆元伍角;
    250 → 贰佰伍拾元整; 100.05 → 壹佰元零伍分; 0 → 零元整."""
    value = Decimal(amount).quantize(Decimal("0.01"))
    sign = "负" if value < 0 else ""
    fen_total = int(abs(value) * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    out, zero = "", False
    groups = []
    number = yuan
    while number:
        groups.append(number % 10000)
        number //= 10000
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero = bool(out)
            continue
        for pos in range(3, -1, -1):
            digit = group // 10**pos % 10
            if digit == 0:
                zero = zero or bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[digit] + _POSITIONS[pos]
        out += _GROUPS[index]
    if out:
        out += "元"
    if jiao == 0 and fen == 0:
        return f"{sign}{out}整"
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif out:
        out += "零"
    if fen:
        out += _DIGITS[fen] + "分"
    return sign + out


def money(value) -> str:
    return f"{Decimal(value):,.2f}"


def _period(charge) -> str:
    if charge.period_start == charge.period_end:
        return f"{charge.period_start:%Y-%m-%d}"
    return f"{charge.period_start:%Y-%m-%d}～{charge.period_end:%Y-%m-%d}"


def receipts_with_lines():
    """Receipts with everything the paper shows (unit, lines, people) in a fixed number of queries."""
    return Receipt.objects.select_related(
        "project", "payment__unit", "issued_by", "voided_by", "replaces", "replaced_by"
    ).prefetch_related(
        Prefetch("payment__allocations", queryset=Allocation.objects.select_related("charge__fee_item")),
        "payment__credit_entries",
    )


def receipt_lines(receipt) -> list[dict]:
    """What the payment of a receipt paid: charges, prepayment credit, a deposit. Reads the
    prefetched `payment.allocations` (with charge and fee item) and `payment.credit_entries`; a
    voided receipt keeps its original lines (the reversals are separate rows)."""
    payment = receipt.payment
    lines = []
    for allocation in payment.allocations.all():
        if allocation.reverses_id is not None or allocation.amount <= 0:
            continue
        charge = allocation.charge
        lines.append({"kind": "charge", "label": charge.fee_item.name, "period": _period(charge),
                      "charge": charge.pk, "amount": allocation.amount})
    credited = sum((c.amount for c in payment.credit_entries.all() if c.amount > 0), Decimal("0.00"))
    if credited:
        lines.append({"kind": "prepayment", "label": _("Prepayment"), "period": "", "charge": None,
                      "amount": credited})
    if payment.for_deposit:
        label = _("Deposit: %(purpose)s") % {"purpose": DepositPurpose(payment.for_deposit).label}
        lines.append({"kind": "deposit", "label": label, "period": payment.reference, "charge": None,
                      "amount": payment.amount})
    return lines


def _zh_label(line, payment) -> str:
    if line["kind"] == "prepayment":
        return "预存款"
    if line["kind"] == "deposit":
        return PURPOSE_ZH.get(payment.for_deposit, "押金")
    return line["label"]


def _local(value, fmt="%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


def _fit(pdf, text: str, size: float, width: float) -> str:
    """Cut `text` so it fits `width` points (CJK text does not wrap on its own)."""
    text = text or ""
    while text and pdf.stringWidth(text, FONT, size) > width:
        text = text[:-2] + "…" if len(text) > 2 else ""
    return text


def _receipt_copy(pdf, receipt, lines, copy: str, top: float) -> None:
    width = A4[0]
    left, right = 18 * mm, width - 18 * mm
    payment = receipt.payment
    y = top
    pdf.setFont(FONT, 11)
    pdf.drawCentredString(width / 2, y, receipt.project.name)
    y -= 9 * mm
    pdf.setFont(FONT, 20)
    pdf.drawCentredString(width / 2, y, "收  据")
    pdf.setFont(FONT, 9)
    pdf.drawRightString(right, y + 6 * mm, copy)
    pdf.setFont(FONT, 11)
    pdf.drawRightString(right, y, f"No. {receipt.display_number}")
    y -= 9 * mm
    pdf.setFont(FONT, 10.5)
    pdf.drawString(left, y, f"房号：{payment.unit.code}")
    pdf.drawString(left + 55 * mm, y, f"交款人：{_fit(pdf, payment.payer, 10.5, 45 * mm) or '—'}")
    pdf.drawRightString(right, y, f"收款日期：{_local(payment.received_at, '%Y-%m-%d')}")
    y -= 4 * mm
    # table: item | period | amount
    columns = (left, left + 62 * mm, right - 38 * mm, right)
    row_height = 6.5 * mm
    shown = lines[:MAX_LINES]
    if len(lines) > MAX_LINES:
        rest = lines[MAX_LINES - 1:]
        shown = lines[: MAX_LINES - 1] + [{"kind": "charge", "label": f"其他 {len(rest)} 项", "period": "",
                                              "amount": sum((r["amount"] for r in rest), Decimal(0))}]
    rows = max(len(shown), 3)
    table_top, table_bottom = y, y - row_height * (rows + 1)
    pdf.setLineWidth(0.6)
    pdf.rect(left, table_bottom, right - left, table_top - table_bottom)
    for i in range(1, rows + 1):
        pdf.line(left, table_top - row_height * i, right, table_top - row_height * i)
    for x in columns[1:-1]:
        pdf.line(x, table_top, x, table_bottom)
    text_y = table_top - row_height + 2 * mm
    pdf.drawString(columns[0] + 2 * mm, text_y, "收费项目")
    pdf.drawString(columns[1] + 2 * mm, text_y, "所属期间 / 摘要")
    pdf.drawRightString(columns[3] - 2 * mm, text_y, "金额（元）")
    for i, line in enumerate(shown, start=2):
        text_y = table_top - row_height * i + 2 * mm
        pdf.drawString(columns[0] + 2 * mm, text_y, _fit(pdf, _zh_label(line, payment), 10.5, 58 * mm))
        pdf.drawString(columns[1] + 2 * mm, text_y, _fit(pdf, line["period"], 10.5, columns[2] - columns[1] - 4 * mm))
        pdf.drawRightString(columns[3] - 2 * mm, text_y, money(line["amount"]))
    y = table_bottom - 7 * mm
    pdf.drawString(left, y, f"合计人民币（大写）：{rmb_upper(payment.amount)}")
    pdf.drawRightString(right, y, f"（小写）¥{money(payment.amount)}")
    y -= 7 * mm
    notes = [f"收款方式：{METHOD_ZH.get(payment.method, payment.method)}"]
    if payment.reference:
        notes.append(f"凭证号：{payment.reference}")
    if receipt.replaces_id:
        notes.append(f"补开，原收据 No. {receipt.replaces.display_number} 已作废")
    pdf.drawString(left, y, _fit(pdf, "    ".join(notes), 10.5, right - left))
    if payment.note:
        y -= 6 * mm
        pdf.drawString(left, y, _fit(pdf, f"备注：{payment.note}", 10.5, right - left))
    y -= 10 * mm
    pdf.drawString(left, y, "收款单位（盖章）：")
    pdf.drawString(left + 70 * mm, y, f"收款人：{receipt.issued_by}")
    pdf.drawString(left + 120 * mm, y, "交款人签字：__________")
    pdf.setFont(FONT, 8)
    pdf.drawString(left, y - 7 * mm, f"开具时间 {_local(receipt.issued_at)} · 本收据连续编号，作废须注明原因，不得撕毁")
    if receipt.voided_at:
        pdf.setFont(FONT, 10.5)
        pdf.setFillColorRGB(0.73, 0.11, 0.11)
        reason = _fit(pdf, f"已作废（{_local(receipt.voided_at)}）：{receipt.void_reason}", 10.5, right - left)
        pdf.drawString(left, y - 13 * mm, reason)
        pdf.saveState()
        pdf.setFont(FONT, 64)
        pdf.setFillColorRGB(0.85, 0.2, 0.2, alpha=0.35)
        pdf.translate(width / 2, top - 60 * mm)
        pdf.rotate(20)
        pdf.drawCentredString(0, 0, "作 废")
        pdf.restoreState()
        pdf.setFillColorRGB(0, 0, 0)


def receipt_pdf(receipt) -> bytes:
    """One A4 page: the customer's copy above, the cashier's stub below a cutting line."""
    lines = receipt_lines(receipt)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"收据 {receipt.display_number}")
    width, height = A4
    _receipt_copy(pdf, receipt, lines, RECEIPT_COPIES[0], height - 18 * mm)
    pdf.setDash(3, 3)
    pdf.line(10 * mm, height / 2, width - 10 * mm, height / 2)
    pdf.setDash()
    pdf.setFont(FONT, 8)
    pdf.drawCentredString(width / 2, height / 2 + 1.5 * mm, "沿此线裁开")
    _receipt_copy(pdf, receipt, lines, RECEIPT_COPIES[1], height / 2 - 14 * mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def refund_memo_rows(deposit, held) -> list[tuple[str, str]]:
    receipt = getattr(deposit.payment, "receipt", None)
    return [
        ("项目", deposit.project.name),
        ("房号", deposit.unit.code),
        ("押金类别", PURPOSE_ZH.get(deposit.purpose, deposit.purpose)),
        ("押金金额（元）", money(deposit.amount)),
        ("收取日期", _local(deposit.received_at, "%Y-%m-%d")),
        ("收据号", receipt.display_number if receipt else ""),
        ("卡号/凭证号", deposit.reference),
        ("现存押金（元）", money(held)),
    ]


def refund_memo_pdf(deposit, held) -> bytes:
    """《押金退还备忘表》: the deposit, itemised deductions, the refund and the signatures. Without a
    refund request yet, the deduction rows are left blank to be filled in by hand."""
    refund = getattr(deposit, "refund", None)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"押金退还备忘表 {deposit.unit.code}")
    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    y = height - 25 * mm
    pdf.setFont(FONT, 18)
    pdf.drawCentredString(width / 2, y, "押金退还备忘表")
    pdf.setFont(FONT, 9)
    pdf.drawRightString(right, y - 7 * mm, f"编号：DEP-{deposit.pk:06d}")
    y -= 17 * mm
    pdf.setFont(FONT, 11)
    for i, (label, value) in enumerate(refund_memo_rows(deposit, held)):
        x = left if i % 2 == 0 else left + 88 * mm
        pdf.drawString(x, y, f"{label}：{value or '—'}")
        if i % 2 == 1:
            y -= 7.5 * mm
    y -= 4 * mm
    pdf.drawString(left, y, "扣除明细（违约金、未缴费用等）")
    y -= 3 * mm
    deductions = list(refund.deductions) if refund else []
    rows = max(len(deductions), 5)
    row_height = 7 * mm
    columns = (left, left + 14 * mm, left + 110 * mm, right - 32 * mm, right)
    table_top = y
    table_bottom = y - row_height * (rows + 1)
    pdf.setLineWidth(0.6)
    pdf.rect(left, table_bottom, right - left, table_top - table_bottom)
    for i in range(1, rows + 1):
        pdf.line(left, table_top - row_height * i, right, table_top - row_height * i)
    for x in columns[1:-1]:
        pdf.line(x, table_top, x, table_bottom)
    text_y = table_top - row_height + 2.3 * mm
    pdf.drawString(columns[0] + 2 * mm, text_y, "序号")
    pdf.drawString(columns[1] + 2 * mm, text_y, "扣除事由")
    pdf.drawString(columns[2] + 2 * mm, text_y, "关联费用")
    pdf.drawRightString(columns[4] - 2 * mm, text_y, "金额（元）")
    for i, item in enumerate(deductions, start=1):
        text_y = table_top - row_height * (i + 1) + 2.3 * mm
        pdf.drawString(columns[0] + 2 * mm, text_y, str(i))
        pdf.drawString(columns[1] + 2 * mm, text_y, _fit(pdf, item.get("reason", ""), 11, 92 * mm))
        pdf.drawString(columns[2] + 2 * mm, text_y, f"#{item['charge']}" if item.get("charge") else "")
        pdf.drawRightString(columns[4] - 2 * mm, text_y, money(item.get("amount") or 0))
    y = table_bottom - 8 * mm
    if refund:
        pdf.drawString(left, y, f"扣除合计：¥{money(refund.deduction_total)}")
        pdf.drawString(left + 70 * mm, y, f"应退金额：¥{money(refund.refund_amount)}（{rmb_upper(refund.refund_amount)}）")
        y -= 7.5 * mm
        if refund.shortfall_charge_id:
            shortfall = refund.shortfall_charge.amount
        elif refund.status == RefundStatus.REQUESTED:
            shortfall = max(refund.deduction_total - held, Decimal(0))
        else:
            shortfall = Decimal(0)
        if shortfall > 0:
            pdf.drawString(left, y, f"押金不足抵扣部分 ¥{money(shortfall)} 另行收取")
            y -= 7.5 * mm
        pdf.drawString(left, y, f"状态：{REFUND_STATUS_ZH.get(refund.status, refund.status)}")
        pdf.drawString(left + 70 * mm, y, f"申请：{refund.requested_by} {_local(refund.requested_at)}")
        y -= 7.5 * mm
        if refund.decided_at:
            pdf.drawString(left, y, f"审批：{refund.decided_by} {_local(refund.decided_at)}")
            y -= 7.5 * mm
        if refund.comment:
            pdf.drawString(left, y, _fit(pdf, f"意见：{refund.comment}", 11, right - left))
            y -= 7.5 * mm
    else:
        pdf.drawString(left, y, "扣除合计：¥__________        应退金额：¥__________（大写：____________________）")
        y -= 7.5 * mm
    y -= 10 * mm
    pdf.drawString(left, y, "经办人（收银员）：__________")
    pdf.drawString(left + 85 * mm, y, "审批人（项目经理）：__________")
    y -= 12 * mm
    pdf.drawString(left, y, "领款人签字：__________")
    pdf.drawString(left + 85 * mm, y, "身份证号：____________________")
    y -= 12 * mm
    pdf.drawString(left, y, "日期：______年____月____日")
    pdf.setFont(FONT, 8)
    pdf.drawString(left, 12 * mm, f"打印时间 {timezone.localtime():%Y-%m-%d %H:%M} · 退还押金须凭原收据，扣除项目须逐项列明")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
