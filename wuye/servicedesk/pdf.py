"""Printable repair order (《维修服务单》) in Chinese: the customer copy and the archive copy, each
on its own A5 page (a long request runs onto a further page of the same copy).

Built from the shared flowables in wuye.core.pdf; labels come from the translation catalogue.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from wuye.core import pdf as paper
from wuye.core.pdf import SMALL_FORM, mm
from wuye.servicedesk import selectors

MARGIN = 12 * mm


def _fmt(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def repair_order_rows(ticket, *, language: str | None = None, viewer=None) -> list[tuple[str, str]]:
    """The order's rows; the contact phone as `viewer` may see it (masked for a role without
    personal-data access, or a handler after completion), in full when printed by the system."""
    phone = selectors.shown_contact(viewer, ticket)["contact_phone"] if viewer else ticket.contact_phone
    location = (
        ticket.unit.code if ticket.unit_id else (ticket.public_area.name if ticket.public_area_id else "")
    )
    with paper.paper_language(language):
        return [
            (_("Order No."), ticket.number),
            (_("Project"), ticket.project.name),
            (_("Unit / location"), location),
            (_("Category"), str(ticket.get_category_display())),
            (_("Urgency"), _("Urgent") if ticket.urgent else _("Normal")),
            (_("Reported at"), _fmt(ticket.received_at)),
            (_("Received by"), str(ticket.received_by)),
            (_("Appointment"), _fmt(ticket.appointment_at)),
            (_("Contact name"), ticket.contact_name),
            (_("Contact phone"), phone),
            (_("Repairer"), str(ticket.assignee) if ticket.assignee_id else ""),
            (_("On site at"), _fmt(ticket.started_at)),
            (_("Done at"), _fmt(ticket.completed_at)),
            (_("Hours spent"), _fmt(ticket.labour_hours)),
            (_("Materials"), ticket.materials),
            (_("Labour fee (yuan)"), _fmt(ticket.labour_fee) if ticket.is_paid else _("Free of charge")),
            (_("Materials fee (yuan)"), _fmt(ticket.materials_fee) if ticket.is_paid else ""),
            (_("Fee in total (yuan)"), _fmt(ticket.fee) if ticket.is_paid else "0.00"),
        ]


def _copy(ticket, rows, copy: str, width: float) -> list:
    texts = [(_("Repair request"), ticket.content), (_("Result of the handling"), ticket.answer)]
    flow = [
        paper.Section(copy),
        paper.title_block(
            _("Repair order"),
            width=width,
            org=ticket.project.name,
            copy=copy,
            number=_("No. %(number)s") % {"number": ticket.number},
        ),
        paper.form_table(
            rows + texts,
            width=width,
            pairs_per_row=2,
            label_width=23 * mm,
            padding=1.1 * mm,
            spans=[_("Materials")] + [label for label, _text in texts],
        ),
    ]
    if ticket.category == "house_defect" and ticket.in_warranty:
        flow += [
            Spacer(1, 2 * mm),
            paper.para(
                _("In warranty: the contractor %(name)s is notified in writing")
                % {"name": ticket.contractor_name or _("(to be notified)")}
            ),
        ]
    opinion = f"□ {_('Satisfied')}\u3000□ {_('Neutral')}\u3000□ {_('Dissatisfied')}"
    flow.append(
        KeepTogether(
            [
                Spacer(1, 2 * mm),
                paper.signature_row(
                    [_("Customer's signature"), _("Repairer's signature")], width=width, blank="____________"
                ),
                paper.signature_row([(_("Customer opinion"), opinion)], width=width),
            ]
        )
    )
    return flow


def repair_order_pdf(ticket, *, language: str | None = None, viewer=None) -> bytes:
    """The customer copy and the archive copy, each on its own page with signature lines."""
    width = paper.content_width(SMALL_FORM, MARGIN)
    with paper.paper_language(language):
        rows = repair_order_rows(ticket, language=language, viewer=viewer)
        flow: list = []
        for copy in (_("Customer copy"), _("Archive copy")):
            if flow:
                flow.append(PageBreak())
            flow += _copy(ticket, rows, copy, width)
        footer = _("Printed %(time)s · Fees follow the price list of paid services") % {
            "time": f"{timezone.localtime():%Y-%m-%d %H:%M}"
        }
        return paper.build(
            flow,
            title=_("Repair order %(number)s") % {"number": ticket.number},
            pagesize=SMALL_FORM,
            footer=footer,
            margin=MARGIN,
        )
