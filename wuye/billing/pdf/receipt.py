"""The receipt (收据): the payer's copy and the finance stub on one A4 sheet with a cut line, and the
lines a receipt shows (what its payment paid)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from reportlab.platypus import KeepInFrame, Spacer, Table, TableStyle

from wuye.billing.choices import DepositPurpose, PaymentMethod
from wuye.billing.models import Allocation, Receipt
from wuye.billing.pdf.formats import local_time, money, rmb_upper
from wuye.core import pdf as paper
from wuye.core.pdf import A4, mm

#: Payment method → its name on the paper (read from the catalogue in Chinese).
METHOD_ZH = paper.choice_labels(PaymentMethod)
MAX_LINES = 8  # lines of a receipt; more are summed up in the last one
RECEIPT_MARGIN = 12 * mm


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
                    f"{_('Date of payment')}：{local_time(payment.received_at, '%Y-%m-%d')}", "body_right"
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
            % {"time": local_time(receipt.issued_at)},
            "small",
        )
    )
    if receipt.voided_at:
        flow.append(
            paper.para(
                _("Voided (%(time)s): %(reason)s")
                % {"time": local_time(receipt.voided_at), "reason": receipt.void_reason},
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
