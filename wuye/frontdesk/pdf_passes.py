"""The printed release pass (物品放行条, seed 000 §4 steps 6–7): two copies on one A4 sheet — the
archive copy kept by the archivist above, the customer copy handed to the guard at the gate below
the cut line. Each carries the number as text and as a QR code (the gate page scans it), the
carrier, the reason and the day, the items with their quantities (the empty lines struck through so
nothing can be added), the consent call, and the signature lines: the centre's handler, the carrier,
the owner (or the phone consent) and the guard.

Built from the shared flowables in wuye.core.pdf; ID numbers and mobiles as the viewer may see them."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table, TableStyle

from wuye.core import pdf as paper
from wuye.core.masking import shown_id_number, shown_mobile
from wuye.core.pdf import A4, mm
from wuye.frontdesk.choices import ConsentAnswer, PassStatus
from wuye.frontdesk.selectors_passes import consent_party_needed, temporary_flag_setting

PASS_MARGIN = 11 * mm
QR_SIZE = 26 * mm
#: the items table always shows this many lines; the unused ones are struck through
ITEM_LINES = 6


def _fmt(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def qr_drawing(text: str, size: float = QR_SIZE) -> Drawing:
    """The pass's number as a QR code (reportlab's own barcode module: no extra dependency)."""
    widget = QrCodeWidget(text, barBorder=1)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


class _Strike(Flowable):
    """A line through an empty row of the items table: nothing can be added to the pass later."""

    def __init__(self, width: float, height: float = 5 * mm):
        super().__init__()
        self.width, self.height = width, height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.setLineWidth(0.6)
        self.canv.line(0, self.height / 2, self.width, self.height / 2)
        self.canv.restoreState()


def _carrier(release_pass, viewer) -> str:
    parts = [str(release_pass.get_carrier_kind_display()), release_pass.carrier_name]
    if release_pass.company:
        parts.append(release_pass.company)
    return " · ".join(p for p in parts if p)


def _identity(release_pass, viewer) -> str:
    if not release_pass.carrier_id_number:
        return ""
    shown = shown_id_number(viewer, release_pass.project_id, release_pass.carrier_id_number)
    return f"{release_pass.get_carrier_id_type_display()} {shown}".strip()


def consent_text(release_pass) -> str:
    """The consent call as written on the pass (seed 000 §4 step 5)."""
    party = consent_party_needed(release_pass.carrier_kind)
    if not party:
        return _("The owner carries their own goods; no consent call needed.")
    if not release_pass.consent_answer:
        return _("Consent of %(party)s by phone: not recorded yet.") % {
            "party": release_pass.get_consent_party_display() or party
        }
    text = _("%(party)s %(name)s, called %(phone)s at %(time)s: %(answer)s.") % {
        "party": release_pass.get_consent_party_display(),
        "name": release_pass.consent_name,
        "phone": release_pass.consent_phone,
        "time": _fmt(release_pass.consent_called_at),
        "answer": release_pass.get_consent_answer_display(),
    }
    if release_pass.consent_note:
        text += " " + _("Said: %(note)s") % {"note": release_pass.consent_note}
    return text


def pass_rows(release_pass, *, viewer=None) -> list[tuple[str, str]]:
    rows = [
        (_("Unit"), release_pass.unit.code),
        (_("Reason"), str(release_pass.get_kind_display())),
        (_("Valid on"), release_pass.valid_on.isoformat()),
        (_("Status"), str(release_pass.get_status_display())),
        (_("Carrier"), _carrier(release_pass, viewer)),
        (_("Identity document"), _identity(release_pass, viewer)),
        (_("Mobile"), shown_mobile(viewer, release_pass.project_id, release_pass.carrier_mobile)),
        (pgettext("release pass", "Issued at"), _fmt(release_pass.approved_at)),
    ]
    if release_pass.reason:
        rows.append((_("Details of the reason"), release_pass.reason))
    rows.append((_("Consent"), consent_text(release_pass)))
    return rows


def _items_table(release_pass, width: float) -> Table:
    widths = [width * share for share in (0.08, 0.5, 0.14, 0.28)]
    header = [_("No."), pgettext("release pass", "Item"), _("Quantity"), _("Note")]
    items = list(release_pass.items.all())
    data = [[paper.para(text, "cell_center") for text in header]]
    for index, item in enumerate(items, start=1):
        data.append(
            [
                paper.para(str(index), "cell"),
                paper.para(item.name, "cell"),
                paper.para(str(item.quantity), "cell_right"),
                paper.para(item.note, "cell"),
            ]
        )
    commands = [
        ("GRID", (0, 0), (-1, -1), paper.LINE, paper.GRID_COLOR),
        ("BACKGROUND", (0, 0), (-1, 0), paper.HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
    ]
    blank = max(ITEM_LINES - len(items), 0)
    if blank:
        first = len(data)
        data.append([paper.para(_("Blank below"), "cell"), "", _Strike(widths[2] + widths[3] - 4 * mm), ""])
        commands += [("SPAN", (0, first), (1, first)), ("SPAN", (2, first), (-1, first))]
        for _row in range(blank - 1):
            data.append([_Strike(width - 4 * mm), "", "", ""])
            commands.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
    total = sum(item.quantity for item in items)
    data.append([paper.para(_("Total"), "cell"), "", paper.para(str(total), "cell_right"), ""])
    commands.append(("SPAN", (0, len(data) - 1), (1, len(data) - 1)))
    table = Table(data, colWidths=widths)
    table.setStyle(TableStyle(commands))
    return table


def _copy(release_pass, rows, copy: str, width: float, *, viewer=None) -> list:
    form_width = width - QR_SIZE - 4 * mm
    head = Table(
        [
            [
                paper.form_table(
                    rows,
                    width=form_width,
                    pairs_per_row=2,
                    label_width=19 * mm,
                    padding=1 * mm,
                    spans=[_("Consent"), _("Details of the reason"), _("Carrier")],
                ),
                [qr_drawing(release_pass.number), paper.para(release_pass.number, "small")],
            ]
        ],
        colWidths=[form_width + 4 * mm, QR_SIZE],
    )
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    owner = pgettext("release pass", "Owner (signature)")
    if release_pass.consent_answer == ConsentAnswer.AGREED:
        owner_field: tuple[str, str] | str = (owner, _("see the phone consent"))
    else:
        owner_field = owner
    handler = str(release_pass.approved_by) if release_pass.approved_by_id else "______________"
    flow: list = []
    if release_pass.status in (PassStatus.CANCELLED, PassStatus.EXPIRED):
        flow.append(paper.stamp(paper.spaced(_("Void")), drop=40 * mm))
    flow += [
        paper.title_block(
            _("Goods release pass"),
            width=width,
            org=release_pass.project.name,
            copy=copy,
            number=_("No. %(number)s") % {"number": release_pass.number},
        ),
        head,
        Spacer(1, 1.5 * mm),
        _items_table(release_pass, width),
    ]
    if getattr(release_pass, "flagged", False):
        _count, days = temporary_flag_setting(release_pass.project)
        flow.append(
            paper.para(
                _("Attention: unit %(unit)s has %(n)s temporary passes in %(days)s days.")
                % {"unit": release_pass.unit.code, "n": release_pass.temporary_count, "days": days},
                "void",
            )
        )
    flow += [
        paper.signature_row(
            [(_("Centre handler"), handler), _("Carrier (signature)"), owner_field, _("Guard (signature)")],
            width=width,
            blank="__________",
        ),
        paper.para(
            _("Valid on its day only and for one release; the guard checks the goods against the items.")
            + " "
            + _("Printed %(time)s") % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}"},
            "small",
        ),
    ]
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
                ("TEXTCOLOR", (0, 0), (-1, -1), colors.black),
            ]
        )
    )
    return box


def release_pass_pdf(release_pass, *, viewer=None, language: str | None = None) -> bytes:
    """物品放行条 of one pass: the archive copy above, the customer (gate) copy below the cut line."""
    width = paper.content_width(A4, PASS_MARGIN)
    half = (paper.content_height(A4, PASS_MARGIN) - 8 * mm) / 2 - 1
    with paper.paper_language(language):
        rows = pass_rows(release_pass, viewer=viewer)
        copies = (_("Archive copy"), _("Customer copy (for the gate)"))
        flow = [
            _copy_box(_copy(release_pass, rows, copies[0], width, viewer=viewer), width, half),
            paper.cut_line(),
            _copy_box(_copy(release_pass, rows, copies[1], width, viewer=viewer), width, half),
        ]
        return paper.build(
            flow,
            title=_("Goods release pass %(number)s") % {"number": release_pass.number},
            numbered=False,
            margin=PASS_MARGIN,
        )
