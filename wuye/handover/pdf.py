"""Printable handover papers in Chinese: the handover form (《房屋交接表》) with the fee start and
end dates, and the document receipt (《交房文件签收表》) the owner signs (seed 000 §1)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.platypus import Spacer

from wuye.core import pdf as paper
from wuye.core.masking import shown_id_number, shown_mobile
from wuye.core.pdf import A4, mm
from wuye.handover.choices import Step

#: what the owner receives at handover and signs for (seed 000 §1 steps 7–8)
RECEIPT_ITEMS = (
    gettext_lazy("Unit keys"),
    gettext_lazy("Owner handbook"),
    gettext_lazy("Renovation handbook"),
    gettext_lazy("Handover form (owner copy)"),
    gettext_lazy("Safety responsibility letter (owner copy)"),
    gettext_lazy("Fee receipt"),
)


def _fmt(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def handover_form_rows(handover, *, viewer=None) -> list[tuple[str, str]]:
    owner = handover.owner
    project_id = handover.project_id
    id_number = owner.id_number if owner else ""
    mobile = owner.mobile if owner else ""
    emergency = owner.emergency_mobile if owner else ""
    if viewer is not None:
        id_number = shown_id_number(viewer, project_id, id_number)
        mobile = shown_mobile(viewer, project_id, mobile)
        emergency = shown_mobile(viewer, project_id, emergency)
    unit = handover.unit
    return [
        (_("Project"), unit.project.name),
        (_("Unit"), unit.code),
        (_("Building area (m²)"), _fmt(unit.building_area)),
        (_("Handover day"), _fmt(handover.handover_date)),
        (_("Owner"), owner.name if owner else ""),
        (_("ID number"), id_number),
        (_("Mobile"), mobile),
        (_("Emergency mobile"), emergency),
        (_("Fees from"), _fmt(handover.fees_start)),
        (_("Fees to"), _fmt(handover.fees_end)),
        (_("Fees prepaid (yuan)"), _fmt(handover.fees_amount)),
        (_("Keys handed over"), _fmt(handover.key_count)),
        (_("Rectification key kept"), handover.rectification_key_number or _("None")),
        (_("Status"), str(handover.get_status_display())),
    ]


def handover_form_pdf(handover, *, language: str | None = None, viewer=None) -> bytes:
    """房屋交接表: the unit, the owner, the fee period prepaid, the steps done and the defects."""
    width = paper.content_width(A4)
    with paper.paper_language(language):
        steps = {row.step: row for row in handover.steps.select_related("done_by")}
        step_rows = [
            [
                str(label),
                _fmt(steps[value].at) if value in steps else "",
                str(steps[value].done_by) if value in steps else "",
            ]
            for value, label in Step.choices
        ]
        defects = [
            [d.item, d.location, d.responsible_party, _fmt(d.due_date), d.rectification_key_number, d.result]
            for d in handover.defects.order_by("due_date", "id")
        ]
        flow = [
            paper.title_block(_("Handover form"), width=width, org=handover.unit.project.name),
            paper.form_table(handover_form_rows(handover, viewer=viewer), width=width, pairs_per_row=2),
            Spacer(1, 3 * mm),
            paper.grid_table(
                [_("Step"), _("Done at"), _("Done by")],
                step_rows,
                widths=[width * 0.56, width * 0.22, width * 0.22],
            ),
            Spacer(1, 3 * mm),
            paper.para(_("Defects to rectify (交接遗留问题)")),
            paper.grid_table(
                [_("Item"), _("Location"), _("Responsible party"), _("Due"), _("Key"), _("Result")],
                defects,
                widths=[width * w for w in (0.26, 0.12, 0.2, 0.12, 0.1, 0.2)],
                min_rows=3,
            ),
            paper.signature_row([_("Owner's signature"), _("Handled by"), _("Date")], width=width),
        ]
        return paper.build(
            flow,
            title=_("Handover form %(unit)s") % {"unit": handover.unit.code},
            pagesize=A4,
            footer=_("Printed %(time)s") % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}"},
        )


def document_receipt_pdf(handover, *, language: str | None = None) -> bytes:
    """交房文件签收表: the keys and documents handed over, for the owner's signature."""
    width = paper.content_width(A4)
    with paper.paper_language(language):
        owner = handover.owner
        rows = [
            [str(index), str(name), _fmt(handover.key_count) if index == 1 else "1", ""]
            for index, name in enumerate(RECEIPT_ITEMS, start=1)
        ]
        flow = [
            paper.title_block(_("Document receipt"), width=width, org=handover.unit.project.name),
            paper.form_table(
                [
                    (_("Unit"), handover.unit.code),
                    (_("Owner"), owner.name if owner else ""),
                    (_("Handover day"), _fmt(handover.handover_date)),
                    (_("Fees prepaid"), f"{_fmt(handover.fees_start)} ~ {_fmt(handover.fees_end)}"),
                ],
                width=width,
                pairs_per_row=2,
            ),
            Spacer(1, 3 * mm),
            paper.grid_table(
                [_("No."), _("Item"), _("Quantity"), _("Note")],
                rows,
                widths=[width * 0.08, width * 0.5, width * 0.12, width * 0.3],
            ),
            paper.signature_row([_("Owner's signature"), _("Handed over by"), _("Date")], width=width),
        ]
        return paper.build(
            flow,
            title=_("Document receipt %(unit)s") % {"unit": handover.unit.code},
            pagesize=A4,
            footer=_("Printed %(time)s") % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}"},
        )
