"""The rectification notice (《违章整改通知书》, seed 000 §2 step 13.2) of a serious renovation
violation, in three copies — the owner's, the renovation company's and the management office's
archive copy — one A4 page each, with the calls made, the rectification date, the penalty written on
it, and the signatures of the owner and the company's head."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.platypus import PageBreak, Spacer

from wuye.core import pdf as paper
from wuye.core.masking import shown_mobile
from wuye.core.pdf import A4, mm
from wuye.renovation.choices import PenaltyStatus

#: the three copies of the notice
COPIES = (
    gettext_lazy("Owner's copy"),
    gettext_lazy("Renovation company's copy"),
    gettext_lazy("Management office archive copy"),
)


def _fmt(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def notice_rows(violation, *, viewer=None) -> list[tuple[str, str]]:
    renovation = violation.renovation
    owner = renovation.owner
    owner_mobile = owner.mobile if owner else ""
    company_mobile = renovation.company_mobile
    if viewer is not None:
        owner_mobile = shown_mobile(viewer, renovation.project_id, owner_mobile)
        company_mobile = shown_mobile(viewer, renovation.project_id, company_mobile)
    rows = [
        (_("Unit"), renovation.unit.code),
        (_("Renovation number"), renovation.number),
        (_("Owner"), owner.name if owner else ""),
        (_("Owner's mobile"), owner_mobile),
        (_("Renovation company"), renovation.company_name),
        (_("Responsible person"), f"{renovation.company_responsible} {company_mobile}".strip()),
        (_("Found at"), _fmt(violation.found_at)),
        (_("Found by"), f"{violation.get_department_display()} {violation.found_by}"),
        (_("Rule violated"), violation.rule),
        (_("What was found"), violation.description),
        (_("Action taken"), violation.action_taken),
        (_("Rectify by"), _fmt(violation.rectify_by)),
        (_("Owner phoned at"), _fmt(violation.owner_phoned_at)),
        (_("Company's head phoned at"), _fmt(violation.company_phoned_at)),
    ]
    if violation.penalty_status in (PenaltyStatus.PROPOSED, PenaltyStatus.APPROVED):
        penalty = _("%(amount)s yuan under %(rule)s (%(status)s)") % {
            "amount": violation.penalty_amount,
            "rule": violation.penalty_rule,
            "status": violation.get_penalty_status_display(),
        }
        rows.append((_("Penalty under the agreement"), penalty))
    return rows


def _copy(violation, rows, copy: str, width: float) -> list:
    renovation = violation.renovation
    return [
        paper.title_block(
            _("Rectification notice"),
            width=width,
            org=renovation.project.name,
            copy=copy,
            number=_("No. %(number)s") % {"number": violation.number},
        ),
        paper.form_table(
            rows,
            width=width,
            pairs_per_row=2,
            label_width=26 * mm,
            spans=[
                _("Rule violated"),
                _("What was found"),
                _("Action taken"),
                _("Penalty under the agreement"),
            ],
        ),
        Spacer(1, 4 * mm),
        paper.para(
            _(
                "The work above violates the renovation management agreement and rules. Rectify it by "
                "the date given; an approved penalty is deducted from the renovation deposit when it is "
                "refunded. Service phone: %(phone)s"
            )
            % {"phone": renovation.project.service_phone or "—"}
        ),
        Spacer(1, 4 * mm),
        paper.signature_row(
            [_("Owner (signature)"), _("Company's head (signature)")],
            width=width,
        ),
        paper.signature_row(
            [(_("Issued by"), str(violation.found_by)), (_("Date"), "____________")],
            width=width,
        ),
    ]


def violation_notice_pdf(violation, *, viewer=None, language: str | None = None) -> bytes:
    """违章整改通知书 of a serious violation: three pages, one per copy (owner, company, office)."""
    width = paper.content_width(A4)
    with paper.paper_language(language):
        rows = notice_rows(violation, viewer=viewer)
        flow: list = []
        for index, copy in enumerate(COPIES):
            if index:
                flow.append(PageBreak())
            flow += _copy(violation, rows, str(copy), width)
        return paper.build(
            flow,
            title=_("Rectification notice %(number)s") % {"number": violation.number},
            pagesize=A4,
            numbered=False,
            footer=_("Printed %(time)s") % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}"},
        )
