"""Printable renovation papers in Chinese (seed 000 §2): the construction permit posted on the door
(《施工进场证》, with the service phone), the entry confirmation signed at the entry inspection
(《进场装修确认表》, meter readings and the closed water test) and the deposit-refund memo
(《押金退还备忘表》, deductions itemised, the parties' signatures, the project manager's decision)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.platypus import Spacer

from wuye.billing.pdf.formats import money, rmb_upper
from wuye.billing.pdf.refund_memo import refund_memo_rows as billing_deposit_rows
from wuye.core import pdf as paper
from wuye.core.masking import shown_mobile
from wuye.core.pdf import A4, mm
from wuye.renovation.choices import SIGN_OFF_PARTIES, SignOffParty, SignOffStage
from wuye.renovation.services.completion import refund_summary


def _fmt(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _footer() -> str:
    return _("Printed %(time)s") % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}"}


def _mobile(viewer, renovation, value: str) -> str:
    return shown_mobile(viewer, renovation.project_id, value) if viewer is not None else value


def permit_rows(renovation, *, viewer=None) -> list[tuple[str, str]]:
    unit = renovation.unit
    period = f"{_fmt(renovation.planned_start)} ~ {_fmt(renovation.planned_end)}"
    return [
        (_("Permit No."), renovation.permit_number),
        (_("Renovation No."), renovation.number),
        (_("Unit"), unit.code),
        (_("Owner"), renovation.owner.name),
        (_("Renovation company"), renovation.company_name),
        (_("Responsible person"), renovation.company_responsible),
        (_("Responsible person's mobile"), _mobile(viewer, renovation, renovation.company_mobile)),
        (_("Work period"), period),
        (_("Scope of the work"), renovation.scope),
        (_("Issued at"), _fmt(renovation.permit_issued_at)),
    ]


def permit_pdf(renovation, *, language: str | None = None, viewer=None) -> bytes:
    """施工进场证: posted on the door of the unit; the service phone for emergencies in large print."""
    width = paper.content_width(A4)
    with paper.paper_language(language):
        project = renovation.project
        phone = project.service_phone or "—"
        flow = [
            paper.title_block(
                _("Construction permit"),
                width=width,
                org=project.name,
                number=_("No. %(number)s") % {"number": renovation.permit_number},
            ),
            paper.form_table(
                permit_rows(renovation, viewer=viewer), width=width, spans=[_("Scope of the work")]
            ),
            Spacer(1, 6 * mm),
            paper.para(_("Service phone (emergencies): %(phone)s") % {"phone": phone}, "org"),
            Spacer(1, 4 * mm),
            paper.para(
                _(
                    "Post this permit on the door of the unit for the whole work. Work only within the "
                    "permitted hours; no hot work without a hot-work permit; no change to the exterior."
                )
            ),
            paper.signature_row([_("Issued by (seal)"), _("Date")], width=width),
        ]
        return paper.build(
            flow,
            title=_("Construction permit %(unit)s") % {"unit": renovation.unit.code},
            pagesize=A4,
            footer=_footer(),
        )


def entry_rows(renovation) -> list[tuple[str, str]]:
    passed = renovation.water_test_passed
    water_test = "" if passed is None else (_("Passed") if passed else _("Failed"))
    return [
        (_("Renovation No."), renovation.number),
        (_("Unit"), renovation.unit.code),
        (_("Owner"), renovation.owner.name),
        (_("Renovation company"), renovation.company_name),
        (_("Inspected at"), _fmt(renovation.started_at)),
        (_("Inspected by"), str(renovation.entry_inspected_by or "")),
        (_("Inspected with"), renovation.entry_inspected_with),
        (_("Construction permit"), renovation.permit_number),
        (_("Water meter"), _fmt(renovation.water_reading)),
        (_("Electricity meter"), _fmt(renovation.electricity_reading)),
        (_("Gas meter"), _fmt(renovation.gas_reading)),
        (_("Closed water test"), water_test),
        (_("State of the unit at entry"), renovation.entry_note),
    ]


def entry_confirmation_pdf(renovation, *, language: str | None = None) -> bytes:
    """进场装修确认表: the state of the unit before the work, signed by both sides so that later
    damage is clear."""
    width = paper.content_width(A4)
    with paper.paper_language(language):
        flow = [
            paper.title_block(
                _("Renovation entry confirmation"),
                width=width,
                org=renovation.project.name,
                number=_("No. %(number)s") % {"number": renovation.number},
            ),
            paper.form_table(
                entry_rows(renovation),
                width=width,
                pairs_per_row=2,
                spans=[_("State of the unit at entry")],
            ),
            Spacer(1, 4 * mm),
            paper.para(
                _(
                    "Both sides confirm the state of the unit, its fittings and the meter readings above "
                    "before the renovation starts."
                )
            ),
            paper.signature_row(
                [_("Company or owner"), _("Customer service"), _("Date")],
                width=width,
            ),
        ]
        return paper.build(
            flow,
            title=_("Renovation entry confirmation %(unit)s") % {"unit": renovation.unit.code},
            pagesize=A4,
            footer=_footer(),
        )


def refund_memo_pdf(renovation, *, language: str | None = None) -> bytes:
    """押金退还备忘表 of a renovation: the deposit, each deduction (penalties, unpaid charges with
    their charge number, damage), the refund in figures and capitals, a shortfall charged
    separately, the parties' signatures and the project manager's decision."""
    width = paper.content_width(A4)
    with paper.paper_language(language):
        summary = refund_summary(renovation)
        refund = renovation.refund
        items = [
            (
                str(index),
                item.get("reason", ""),
                f"#{item['charge']}" if item.get("charge") else "",
                money(item.get("amount") or 0),
            )
            for index, item in enumerate(summary["deductions"], start=1)
        ]
        figures = [
            (_("Total deducted"), f"¥{money(summary['deduction_total'])}"),
            (
                _("To refund"),
                f"¥{money(summary['refund_amount'])}（{rmb_upper(summary['refund_amount'])}）",
            ),
        ]
        shortfall = summary["shortfall"]
        if not shortfall and refund is not None and refund.status == "requested":
            shortfall = max(summary["deduction_total"] - summary["held"], 0)
        if shortfall:
            figures.append(
                (
                    _("Shortfall"),
                    _("¥%(amount)s not covered by the deposit is charged separately")
                    % {"amount": money(shortfall)},
                )
            )
        if refund is not None:
            figures.append((_("Prepared by"), f"{refund.requested_by} {_fmt(refund.requested_at)}"))
            if refund.decided_at:
                figures.append((_("Decided by"), f"{refund.decided_by} {_fmt(refund.decided_at)}"))
        signed = {s.party: s for s in renovation.sign_offs.all() if s.stage == SignOffStage.REFUND}
        signatures = [
            (
                str(SignOffParty(party).label),
                signed[party].signer_name if party in signed else "",
                _fmt(signed[party].at) if party in signed else "",
            )
            for party in SIGN_OFF_PARTIES[SignOffStage.REFUND]
        ]
        deposit_rows = (
            billing_deposit_rows(renovation.deposit, summary["held"])
            if renovation.deposit is not None
            else []
        )
        flow = [
            paper.title_block(
                _("Deposit refund memo"),
                width=width,
                org=renovation.project.name,
                number=_("No. %(number)s") % {"number": renovation.number},
            ),
            paper.form_table(
                _renovation_rows(renovation) + deposit_rows,
                width=width,
                pairs_per_row=2,
                label_width=32 * mm,
            ),
            Spacer(1, 4 * mm),
            paper.para(_("Deductions (penalties, unpaid charges, damage)")),
            Spacer(1, 1.5 * mm),
            paper.grid_table(
                [_("Seq."), _("Reason for the deduction"), _("Related charge"), _("Amount (yuan)")],
                items,
                widths=[width * 0.09, width * 0.55, width * 0.16, width * 0.2],
                right=(3,),
                min_rows=4,
            ),
            Spacer(1, 4 * mm),
            paper.form_table(figures, width=width, label_width=32 * mm),
            Spacer(1, 4 * mm),
            paper.grid_table(
                [_("Signed for"), _("Signed by"), _("Signed at")],
                signatures,
                widths=[width * 0.4, width * 0.3, width * 0.3],
            ),
            Spacer(1, 6 * mm),
            paper.signature_row([_("Handled by (cashier)"), _("Approved by (project manager)")], width=width),
            paper.signature_row([_("Recipient's signature"), _("ID card No.")], width=width),
        ]
        return paper.build(
            flow,
            title=_("Deposit refund memo %(unit)s") % {"unit": renovation.unit.code},
            pagesize=A4,
            footer=_footer(),
        )


def _renovation_rows(renovation) -> list[tuple[str, str]]:
    rows = [
        (_("Renovation No."), renovation.number),
        (_("Owner"), renovation.owner.name),
        (_("Renovation company"), renovation.company_name),
        (_("Accepted on"), _fmt(renovation.accepted_on)),
        (_("Refundable from"), _fmt(renovation.refundable_on)),
    ]
    if renovation.collect_consent:
        rows.append((_("Collected by the company with the owner's consent"), renovation.collect_consent))
    return rows
