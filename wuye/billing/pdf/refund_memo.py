"""The deposit refund memo (《押金退还备忘表》): the deposit, itemised deductions, the refund and the
signatures."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.platypus import Spacer

from wuye.billing.choices import DepositPurpose, RefundStatus
from wuye.billing.pdf.formats import local_time, money, rmb_upper
from wuye.core import pdf as paper
from wuye.core.pdf import A4, mm


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
            (_("Date received"), local_time(deposit.received_at, "%Y-%m-%d")),
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
        (_("Requested by"), f"{refund.requested_by} {local_time(refund.requested_at)}"),
    ]
    if refund.decided_at:
        rows.append((_("Decided by"), f"{refund.decided_by} {local_time(refund.decided_at)}"))
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
