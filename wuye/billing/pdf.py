"""Printable billing papers in Chinese: the receipt (收据, the payer's copy and the finance stub on
one A4 sheet with a cut line) and the deposit refund memo (《押金退还备忘表》).

Built from the shared flowables in wuye.core.pdf; every label comes from the translation catalogue
and the papers print in Chinese unless the caller asks for another language.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.platypus import KeepInFrame, Spacer, Table, TableStyle

from wuye.billing.choices import DepositPurpose, PaymentMethod, RefundStatus
from wuye.billing.models import Allocation, Receipt
from wuye.core import pdf as paper
from wuye.core.pdf import A4, mm

#: Payment method → its name on the paper (read from the catalogue in Chinese).
METHOD_ZH = paper.choice_labels(PaymentMethod)
MAX_LINES = 8  # lines of a receipt; more are summed up in the last one
RECEIPT_MARGIN = 12 * mm

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
        lines.append(
            {
                "kind": "charge",
                "label": charge.fee_item.name,
                "period": _period(charge),
                "charge": charge.pk,
                "amount": allocation.amount,
            }
        )
    credited = sum((c.amount for c in payment.credit_entries.all() if c.amount > 0), Decimal("0.00"))
    if credited:
        lines.append(
            {"kind": "prepayment", "label": _("Prepayment"), "period": "", "charge": None, "amount": credited}
        )
    if payment.for_deposit:
        label = _("Deposit: %(purpose)s") % {"purpose": DepositPurpose(payment.for_deposit).label}
        lines.append(
            {
                "kind": "deposit",
                "label": label,
                "period": payment.reference,
                "charge": None,
                "amount": payment.amount,
            }
        )
    return lines


def _paper_label(line, payment) -> str:
    """A receipt line's name on the paper: the fee item, 预存款, or the kind of deposit."""
    if line["kind"] == "prepayment":
        return _("Prepaid credit")
    if line["kind"] == "deposit":
        return _("%(purpose)s deposit") % {"purpose": DepositPurpose(payment.for_deposit).label}
    return line["label"]


def _local(value, fmt="%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


def _shown_lines(lines: list[dict]) -> list[dict]:
    if len(lines) <= MAX_LINES:
        return lines
    rest = lines[MAX_LINES - 1 :]
    summary = {
        "kind": "charge",
        "label": _("%(count)s other items") % {"count": len(rest)},
        "period": "",
        "amount": sum((r["amount"] for r in rest), Decimal(0)),
    }
    return lines[: MAX_LINES - 1] + [summary]


def _plain_row(cells: list, widths: list[float]) -> Table:
    table = Table([cells], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _receipt_copy(receipt, lines, copy: str, width: float) -> list:
    payment = receipt.payment
    flow = [
        paper.title_block(
            paper.spaced(_("Receipt")),
            width=width,
            org=receipt.project.name,
            copy=copy,
            number=_("No. %(number)s") % {"number": receipt.display_number},
        )
    ]
    if receipt.voided_at:
        flow.append(paper.stamp(paper.spaced(_("Void")), drop=38 * mm))
    flow.append(
        _plain_row(
            [
                # a walk-in payment (gate cash, a non-resident's rent) has no unit
                paper.para(f"{_('Unit code')}：{payment.unit.code if payment.unit_id else '—'}"),
                paper.para(f"{_('Payer')}：{payment.payer or '—'}"),
                paper.para(
                    f"{_('Date of payment')}：{_local(payment.received_at, '%Y-%m-%d')}", "body_right"
                ),
            ],
            [width * 0.3, width * 0.4, width * 0.3],
        )
    )
    flow.append(Spacer(1, 1.5 * mm))
    rows = [
        (_paper_label(line, payment), line["period"], money(line["amount"])) for line in _shown_lines(lines)
    ]
    total = [
        f"{_('Total in words (RMB)')}：{rmb_upper(payment.amount)}",
        "",
        f"{_('(in figures)')} ¥{money(payment.amount)}",
    ]
    flow.append(
        paper.grid_table(
            [_("Fee item"), _("Period / description"), _("Amount (yuan)")],
            rows,
            widths=[width * 0.36, width * 0.38, width * 0.26],
            right=(2,),
            min_rows=3,
            footer=[total],
        )
    )
    notes = [f"{_('Payment method')}：{METHOD_ZH[payment.method]}"]
    if payment.reference:
        notes.append(f"{_('Reference')}：{payment.reference}")
    if receipt.replaces_id:
        notes.append(
            _("Replaces receipt No. %(number)s, which is void") % {"number": receipt.replaces.display_number}
        )
    flow += [Spacer(1, 1.5 * mm), paper.para("\u3000\u3000".join(notes))]
    if payment.note:
        flow.append(paper.para(f"{_('Note')}：{payment.note}"))
    flow.append(
        paper.signature_row(
            [_("Payee (seal)"), (_("Cashier"), str(receipt.issued_by)), _("Payer's signature")],
            width=width,
            blank="__________",
        )
    )
    flow.append(
        paper.para(
            _(
                "Issued %(time)s · Receipts are numbered in sequence; a voided receipt states "
                "why and is never torn up"
            )
            % {"time": _local(receipt.issued_at)},
            "small",
        )
    )
    if receipt.voided_at:
        flow.append(
            paper.para(
                _("Voided (%(time)s): %(reason)s")
                % {"time": _local(receipt.voided_at), "reason": receipt.void_reason},
                "void",
            )
        )
    return flow


def _copy_box(flow: list, width: float, height: float) -> Table:
    """One copy in a box of fixed height: a long copy is shrunk to fit rather than cut or spilled."""
    box = Table([[KeepInFrame(width, height, flow, mode="shrink")]], colWidths=[width], rowHeights=[height])
    box.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return box


def receipt_pdf(receipt, *, language: str | None = None) -> bytes:
    """One A4 page: the payer's copy above, the finance stub below a cut line (each half A4)."""
    lines = receipt_lines(receipt)
    width = paper.content_width(A4, RECEIPT_MARGIN)
    cut_height = 8 * mm
    half = (paper.content_height(A4, RECEIPT_MARGIN) - cut_height) / 2 - 1
    with paper.paper_language(language):
        copies = (_("Receipt copy (payer)"), _("Stub (kept by finance)"))
        flow = [
            _copy_box(_receipt_copy(receipt, lines, copies[0], width), width, half),
            paper.cut_line(),
            _copy_box(_receipt_copy(receipt, lines, copies[1], width), width, half),
        ]
        return paper.build(
            flow,
            title=_("Receipt %(number)s") % {"number": receipt.display_number},
            numbered=False,
            margin=RECEIPT_MARGIN,
        )


def refund_memo_rows(deposit, held, *, language: str | None = None) -> list[tuple[str, str]]:
    receipt = getattr(deposit.payment, "receipt", None)
    with paper.paper_language(language):
        return [
            (_("Project"), deposit.project.name),
            (_("Unit code"), deposit.unit.code),
            (
                _("Deposit type"),
                _("%(purpose)s deposit") % {"purpose": DepositPurpose(deposit.purpose).label},
            ),
            (_("Deposit amount (yuan)"), money(deposit.amount)),
            (_("Date received"), _local(deposit.received_at, "%Y-%m-%d")),
            (_("Receipt No."), receipt.display_number if receipt else ""),
            (_("Card / reference No."), deposit.reference),
            (_("Deposit held (yuan)"), money(held)),
        ]


def _refund_status(status) -> str:
    return {
        RefundStatus.REQUESTED: _("Awaiting approval"),
        RefundStatus.APPROVED: _("Approved and paid out"),
        RefundStatus.REJECTED: _("Rejected"),
    }.get(status, status)


def _refund_rows(refund, held) -> list[tuple[str, str]]:
    if refund is None:  # to be filled in by hand
        blank = "\u3000"
        return [(_("Total deducted"), blank), (_("To refund"), blank), (_("In words"), blank)]
    if refund.shortfall_charge_id:
        shortfall = refund.shortfall_charge.amount
    elif refund.status == RefundStatus.REQUESTED:
        shortfall = max(refund.deduction_total - held, Decimal(0))
    else:
        shortfall = Decimal(0)
    rows = [
        (_("Total deducted"), f"¥{money(refund.deduction_total)}"),
        (_("To refund"), f"¥{money(refund.refund_amount)}（{rmb_upper(refund.refund_amount)}）"),
    ]
    if shortfall > 0:
        rows.append(
            (
                _("Shortfall"),
                _("¥%(amount)s not covered by the deposit is charged separately")
                % {"amount": money(shortfall)},
            )
        )
    rows += [
        (_("Status"), _refund_status(refund.status)),
        (_("Requested by"), f"{refund.requested_by} {_local(refund.requested_at)}"),
    ]
    if refund.decided_at:
        rows.append((_("Decided by"), f"{refund.decided_by} {_local(refund.decided_at)}"))
    if refund.comment:
        rows.append((_("Comment"), refund.comment))
    return rows


def refund_memo_pdf(deposit, held, *, language: str | None = None) -> bytes:
    """《押金退还备忘表》: the deposit, itemised deductions, the refund and the signatures. Without a
    refund request yet, the deduction rows and amounts are left blank to be filled in by hand."""
    refund = getattr(deposit, "refund", None)
    width = paper.content_width(A4)
    with paper.paper_language(language):
        deductions = list(refund.deductions) if refund else []
        items = [
            (
                str(i),
                item.get("reason", ""),
                f"#{item['charge']}" if item.get("charge") else "",
                money(item.get("amount") or 0),
            )
            for i, item in enumerate(deductions, start=1)
        ]
        flow = [
            paper.title_block(
                _("Deposit refund memo"),
                width=width,
                org=deposit.project.name,
                number=_("No. %(number)s") % {"number": f"DEP-{deposit.pk:06d}"},
            ),
            paper.form_table(
                refund_memo_rows(deposit, held, language=language),
                width=width,
                pairs_per_row=2,
                label_width=32 * mm,
            ),
            Spacer(1, 4 * mm),
            paper.para(_("Deductions (penalties, unpaid charges and the like)")),
            Spacer(1, 1.5 * mm),
            paper.grid_table(
                [_("Seq."), _("Reason for the deduction"), _("Related charge"), _("Amount (yuan)")],
                items,
                widths=[width * 0.09, width * 0.55, width * 0.16, width * 0.2],
                right=(3,),
                min_rows=5,
            ),
            Spacer(1, 4 * mm),
            paper.form_table(_refund_rows(refund, held), width=width, label_width=32 * mm),
            Spacer(1, 6 * mm),
            paper.signature_row([_("Handled by (cashier)"), _("Approved by (project manager)")], width=width),
            paper.signature_row([_("Recipient's signature"), _("ID card No.")], width=width),
            paper.signature_row([(_("Date"), _("______ year ____ month ____ day"))], width=width),
        ]
        footer = _(
            "Printed %(time)s · A deposit is refunded against its original receipt; every deduction is "
            "itemised"
        ) % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}"}
        return paper.build(
            flow, title=_("Deposit refund memo %(unit)s") % {"unit": deposit.unit.code}, footer=footer
        )
