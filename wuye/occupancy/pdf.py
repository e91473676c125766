"""Printable occupancy papers in Chinese (seed 000 §3, §20, §21): the move-in notice to the
departments (《入住知会单》), the ownership transfer form (《过户登记表》) and the tenant exit
record (《退租登记表》). Built from the shared flowables in wuye.core.pdf; labels come from the
translation catalogue; phones and ID numbers are shown as the viewer may see them (the previous
owner's ID number is always masked on the transfer form: that person has left the archive).
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.platypus import Spacer

from wuye.core import pdf as paper
from wuye.core.masking import mask_id_number, shown_id_number, shown_mobile
from wuye.core.pdf import A4, mm
from wuye.estate.choices import OccupancyStatus
from wuye.estate.models import Ownership
from wuye.occupancy.choices import CareStatus, ExitStatus, OccupantKind, OwnerConsent
from wuye.occupancy.selectors import TRANSFER_PREPAID_MONTHS

#: the departments the move-in notice goes to (seed 000 §3 step 3; services.common.NOTICE_ROLES)
NOTICE_DEPARTMENTS = (
    gettext_lazy("Security department"),
    gettext_lazy("Engineering department"),
    gettext_lazy("Cleaning (customer service)"),
    gettext_lazy("Cashier's office"),
)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A paper shown in the browser (inline), for the API actions and the console's print links."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _fmt(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


def _footer() -> str:
    return _("Printed %(time)s") % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}"}


def _texts(rows: list[tuple[str, str]], width: float, label_width: float = 30 * mm) -> list:
    """Long texts under a form, one per row across the width (they wrap and may run onto a next page)."""
    if not rows:
        return []
    spans = [label for label, _text in rows]
    return [paper.form_table(rows, width=width, label_width=label_width, spans=spans)]


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def move_in_notice_rows(move_in, *, viewer=None) -> list[tuple[str, str]]:
    """The notice's rows: the unit, the household and what is on file; the mobile as `viewer` may see it."""
    unit = move_in.unit
    person = move_in.owner if move_in.owner_id else move_in.tenant
    owners = Ownership.objects.active().filter(unit=unit).select_related("owner").order_by("id")
    vip = move_in.care != CareStatus.NONE or any(o.owner.is_vip for o in owners)
    mobile = shown_mobile(viewer, move_in.project_id, person.mobile) if person else ""
    rows = [
        (_("Project"), unit.project.name),
        (_("Unit"), unit.code),
        (_("Who moves in"), _label(OccupantKind, move_in.kind)),
        (_("Occupant's name"), person.name if person else ""),
        (_("Mobile"), mobile),
        (_("Owners"), "、".join(o.owner.name for o in owners)),
        (_("Moved in on"), _fmt(move_in.moved_in_on)),
        (_("Status after move-in"), _label(OccupancyStatus, move_in.status_after)),
        (_("VIP household"), _yes(vip)),
        (_("VIP care"), _label(CareStatus, move_in.care)),
        (_("Used as an office"), _yes(move_in.as_office)),
        (_("Notices sent"), _fmt(move_in.departments_notified)),
    ]
    if move_in.kind == OccupantKind.TENANT:
        rows += [
            (_("Lease contract ends"), _fmt(move_in.lease.contract_end_date) if move_in.lease_id else ""),
            (_("Owner's commitment letter on file"), _yes(move_in.commitment_letter_on_file)),
            (_("Lease agreement on file"), _yes(move_in.lease_agreement_on_file)),
            (_("Tenant information form completed"), _yes(move_in.tenant_form_completed)),
            (_("Safety responsibility letter signed"), _yes(move_in.safety_letter_signed)),
        ]
    else:
        rows.append((_("Owner's identity checked"), _yes(move_in.identity_checked)))
    return rows


def move_in_notice_pdf(move_in, *, language: str | None = None, viewer=None) -> bytes:
    """入住知会单: the household that moved in, for security, engineering, cleaning and the cashier
    to sign that they were told (seed 000 §3 step 3)."""
    width = paper.content_width(A4)
    with paper.paper_language(language):
        rows = move_in_notice_rows(move_in, viewer=viewer)
        flow = [
            paper.title_block(_("Move-in notice"), width=width, org=move_in.unit.project.name),
            paper.form_table(rows, width=width, pairs_per_row=2),
            *_texts([(_("Notes"), move_in.notes)] if move_in.notes else [], width),
            Spacer(1, 3 * mm),
            paper.para(
                _(
                    "To the departments: please pay attention to this household from the move-in date; "
                    "the cashier starts the relevant billing."
                )
            ),
            Spacer(1, 2 * mm),
            paper.grid_table(
                [_("Department notified"), _("Received by (signature)"), _("Date")],
                [[str(name), "", ""] for name in NOTICE_DEPARTMENTS],
                widths=[width * 0.4, width * 0.35, width * 0.25],
            ),
            paper.signature_row(
                [(_("Handled by"), str(move_in.created_by)), _("Customer-service supervisor"), _("Date")],
                width=width,
            ),
        ]
        return paper.build(
            flow,
            title=_("Move-in notice %(unit)s") % {"unit": move_in.unit.code},
            pagesize=A4,
            footer=_footer(),
        )


def _months_ahead(prepaid: Decimal, monthly: Decimal) -> str:
    if not monthly:
        return ""
    return str(int(prepaid // monthly))


def transfer_form_pdf(transfer, *, language: str | None = None, viewer=None) -> bytes:
    """过户登记表: the previous owners (ID numbers masked), the new owner, the new title certificate,
    the settlement up to the transfer date and the six months prepaid, for the signatures."""
    width = paper.content_width(A4)
    project_id = transfer.project_id
    with paper.paper_language(language):
        unit = transfer.unit
        new = transfer.new_owner
        old_rows = [
            [
                o.owner.name,
                mask_id_number(o.owner.id_number),
                o.title_certificate_no,
                f"{_fmt(o.start_date)} ~ {_fmt(o.end_date)}",
            ]
            for o in transfer.ended_ownerships.select_related("owner").order_by("id")
        ]
        required = transfer.monthly_fee * TRANSFER_PREPAID_MONTHS
        rows = [
            (_("Project"), unit.project.name),
            (_("Unit"), unit.code),
            (_("Building area (m²)"), _fmt(unit.building_area)),
            (_("Transfer date"), _fmt(transfer.transfer_date)),
            (_("New owner"), new.name),
            (_("ID number"), shown_id_number(viewer, project_id, new.id_number)),
            (_("Mobile"), shown_mobile(viewer, project_id, new.mobile)),
            (_("New title certificate number"), transfer.title_certificate_no),
            (_("Dues settled up to"), _fmt(transfer.transfer_date)),
            (_("Monthly property fee (yuan)"), _fmt(transfer.monthly_fee)),
            (
                _("Months to prepay"),
                _("at least %(months)s (%(amount)s yuan)")
                % {"months": TRANSFER_PREPAID_MONTHS, "amount": _fmt(required)},
            ),
            (_("Prepaid (yuan)"), _fmt(transfer.prepaid)),
            (_("Months paid ahead"), _months_ahead(transfer.prepaid, transfer.monthly_fee)),
            (
                _("Public-security and fire responsibility letter signed"),
                _yes(transfer.fire_safety_letter_signed),
            ),
        ]
        flow = [
            paper.title_block(_("Ownership transfer form"), width=width, org=unit.project.name),
            paper.para(_("Previous owners")),
            paper.grid_table(
                [_("Previous owner"), _("ID number"), _("Title certificate number"), _("Ownership period")],
                old_rows,
                widths=[width * w for w in (0.22, 0.26, 0.26, 0.26)],
            ),
            Spacer(1, 3 * mm),
            paper.form_table(rows, width=width, pairs_per_row=2, label_width=34 * mm),
            *_texts([(_("Notes"), transfer.notes)] if transfer.notes else [], width, label_width=34 * mm),
            paper.signature_row([_("Previous owner's signature"), _("New owner's signature")], width=width),
            paper.signature_row(
                [_("Cashier"), (_("Handled by"), str(transfer.created_by)), _("Date")], width=width
            ),
        ]
        return paper.build(
            flow,
            title=_("Ownership transfer form %(unit)s") % {"unit": unit.code},
            pagesize=A4,
            footer=_footer(),
        )


def tenant_exit_pdf(tenant_exit, *, language: str | None = None, viewer=None) -> bytes:
    """退租登记表: the tenant, the moving date, the owner's answer, the items that stay, what is
    still outstanding and whether the release pass may be issued."""
    width = paper.content_width(A4)
    with paper.paper_language(language):
        lease = tenant_exit.lease
        tenant = lease.tenant
        outstanding = "\n".join(m for ms in (tenant_exit.outstanding or {}).values() for m in ms)
        rows = [
            (_("Project"), tenant_exit.unit.project.name),
            (_("Unit"), tenant_exit.unit.code),
            (_("Tenant"), tenant.name),
            (_("Mobile"), shown_mobile(viewer, tenant_exit.project_id, tenant.mobile)),
            (_("Lease start"), _fmt(lease.start_date)),
            (_("Lease contract ends"), _fmt(lease.contract_end_date)),
            (_("Moving date"), _fmt(tenant_exit.moving_date)),
            (_("Owner's consent"), _label(OwnerConsent, tenant_exit.owner_consent)),
            (_("Status"), _label(ExitStatus, tenant_exit.status)),
            (_("Release pass allowed"), _yes(tenant_exit.release_pass_allowed)),
            (_("Exit completed at"), _fmt(tenant_exit.completed_at)),
        ]
        texts = [
            (_("Items that must stay"), tenant_exit.items_to_stay),
            (_("Still outstanding"), outstanding or _("Nothing outstanding.")),
        ]
        if tenant_exit.notes:
            texts.append((_("Notes"), tenant_exit.notes))
        flow = [
            paper.title_block(_("Tenant exit record"), width=width, org=tenant_exit.unit.project.name),
            paper.form_table(rows, width=width, pairs_per_row=2),
            *_texts(texts, width),
            paper.signature_row([_("Tenant's signature"), _("Owner's signature")], width=width),
            paper.signature_row(
                [_("Cashier"), (_("Handled by"), str(tenant_exit.created_by)), _("Date")], width=width
            ),
        ]
        return paper.build(
            flow,
            title=_("Tenant exit record %(unit)s") % {"unit": tenant_exit.unit.code},
            pagesize=A4,
            footer=_footer(),
        )
