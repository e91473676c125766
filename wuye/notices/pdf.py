"""The printed notice in the company's standard format (按公司统一发文格式, seed 000 §15): the issuing
centre's head and rule, the unified document number, the title, the addressee of a notice to one
customer, the text, the project centre's name (where its seal goes) and the date; then the validity,
the posting places and, where required, the customer's signature line. A draft carries a DRAFT mark
and no number. Built from the shared flowables of wuye.core.pdf, in Chinese whatever the user's
language."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import HRFlowable, Paragraph, Spacer

from wuye.core import pdf as paper
from wuye.core.pdf import A4, mm
from wuye.notices.choices import NoticeKind, NoticeStatus
from wuye.notices.selectors import issuer_name

HEAD = ParagraphStyle("notice_head", fontName=paper.FONT, fontSize=20, leading=28, alignment=TA_CENTER)
TITLE = ParagraphStyle("notice_title", fontName=paper.FONT, fontSize=16, leading=24, alignment=TA_CENTER)
NUMBER = ParagraphStyle("notice_number", fontName=paper.FONT, fontSize=11, leading=16, alignment=TA_CENTER)
BODY = ParagraphStyle(
    "notice_body",
    fontName=paper.FONT,
    fontSize=12,
    leading=21,
    firstLineIndent=24,
    wordWrap="CJK",
    spaceAfter=4,
)
SIGN = ParagraphStyle("notice_sign", fontName=paper.FONT, fontSize=12, leading=20, alignment=TA_RIGHT)


def long_date(day) -> str:
    return _("%(year)s-%(month)s-%(day)s") % {"year": day.year, "month": day.month, "day": day.day}


def _text(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def notice_pdf(notice, *, language: str | None = None) -> bytes:
    """One notice on A4 (it runs on to more pages when long, numbered x of y)."""
    width = paper.content_width(A4)
    with paper.paper_language(language):
        issuer = issuer_name(notice.project)
        issued = notice.issued_on or timezone.localdate()
        flow: list = []
        if notice.status in (NoticeStatus.DRAFT, NoticeStatus.SUBMITTED, NoticeStatus.REJECTED):
            flow.append(paper.stamp(_("DRAFT"), drop=60 * mm))
        flow += [
            _text(issuer, HEAD),
            Spacer(1, 2 * mm),
            _text(notice.number or _("(numbered at approval)"), NUMBER),
            HRFlowable(width="100%", thickness=1.2, color=paper.GRID_COLOR, spaceBefore=2, spaceAfter=8),
            _text(notice.title, TITLE),
            Spacer(1, 5 * mm),
        ]
        if not notice.number:
            flow.append(paper.para(_("Draft: not approved, not to be posted or sent."), "void"))
        if notice.kind == NoticeKind.INDIVIDUAL:
            unit = notice.unit.code if notice.unit_id else ""
            addressee = " ".join(part for part in (unit, notice.recipient_name) if part)
            flow.append(paper.para(_("To: %(addressee)s") % {"addressee": addressee}, "body"))
            flow.append(Spacer(1, 2 * mm))
        for paragraph in [p.strip() for p in notice.body.splitlines() if p.strip()]:
            flow.append(_text(paragraph, BODY))
        flow += [
            Spacer(1, 12 * mm),
            _text(issuer, SIGN),
            _text(long_date(issued), SIGN),
            Spacer(1, 10 * mm),
            paper.para(
                _("Valid from %(start)s to %(end)s")
                % {"start": long_date(notice.starts_on), "end": long_date(notice.ends_on)},
                "small",
            ),
            paper.para(
                _("Issuing department: %(department)s") % {"department": notice.issuing_department}, "small"
            ),
        ]
        if notice.posting_places:
            flow.append(
                paper.para(_("Posted at: %(places)s") % {"places": "、".join(notice.posting_places)}, "small")
            )
        if notice.requires_signature:
            flow.append(
                paper.signature_row(
                    [_("Received by the customer (signature)"), _("Date")],
                    width=width,
                    blank="______________",
                )
            )
        return paper.build(
            flow,
            title=notice.number or notice.title,
            footer=_("Approved by %(manager)s") % {"manager": notice.approved_by}
            if notice.approved_by_id
            else "",
        )
