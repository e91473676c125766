"""Printable key papers in Chinese (seed 000 §23): the key receipt (钥匙签收单) of a movement in which
a key changes hands, both parties sign; and the register itself (《钥匙委托管理清册》) of a project.

Built from the shared flowables in wuye.core.pdf; labels come from the translation catalogue. ID
numbers are shown as the viewer may see them (wuye.core.masking), masked when nobody is named.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import landscape
from reportlab.platypus import KeepInFrame, Spacer, Table, TableStyle

from wuye.core import pdf as paper
from wuye.core.masking import shown_id_number
from wuye.core.pdf import A4, mm
from wuye.keys.choices import INCOMING_KINDS, KeySource, MovementKind
from wuye.keys.selectors import returned_by
from wuye.keys.services import VIEWING_HOURS

RECEIPT_MARGIN = 12 * mm
REGISTER_PAGE = landscape(A4)


def _fmt(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _printed() -> str:
    return _("Printed %(time)s") % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}"}


def _identity(viewer, project_id: int, id_type_label: str, id_number: str, *, subject_user_id=None) -> str:
    if not id_number:
        return str(id_type_label) if id_type_label else ""
    shown = shown_id_number(viewer, project_id, id_number, subject_user_id=subject_user_id)
    return f"{id_type_label} {shown}".strip()


def receipt_parties(movement, *, viewer=None) -> dict:
    """Who handed the key and who received it, and the ID of the person from outside the company
    (the owner, or the person a release names) as `viewer` may see it."""
    key = movement.key
    keeper = str(movement.by)
    identity = ""
    if movement.kind == MovementKind.ENTRUSTED:
        owner = key.entrusted_by
        giver, receiver = (owner.name if owner else ""), keeper
        if owner is not None:
            identity = _identity(
                viewer,
                key.project_id,
                owner.get_id_type_display(),
                owner.id_number,
                subject_user_id=owner.user_id,
            )
    elif movement.kind == MovementKind.RETURNED:
        giver, receiver = returned_by(movement), keeper
    elif movement.kind == MovementKind.ISSUED:
        owner = movement.to_owner
        giver, receiver = keeper, (owner.name if owner else movement.to_name)
        if owner is not None:
            identity = _identity(
                viewer,
                key.project_id,
                owner.get_id_type_display(),
                owner.id_number,
                subject_user_id=owner.user_id,
            )
    elif movement.kind == MovementKind.RELEASED and movement.release is not None:
        release = movement.release
        giver, receiver = keeper, release.to_name
        identity = _identity(viewer, key.project_id, release.get_to_id_type_display(), release.to_id_number)
    else:  # out with staff: a viewing or a loan
        giver = keeper
        receiver = str(movement.to_user) if movement.to_user_id else movement.to_name
    return {"giver": giver, "receiver": receiver, "identity": identity}


def _terms(movement) -> str:
    """What the signatures on this receipt agree to (seed 000 §23)."""
    key = movement.key
    if movement.kind == MovementKind.ENTRUSTED:
        if key.source == KeySource.RECTIFICATION:
            return _(
                "The key is kept with the owner's consent to rectify the defects found at the handover. "
                "It goes back only to the person who entrusted it or the unit's verified owner, who signs."
            )
        return _(
            "Only keys of vacant units are kept for owners. The company keeps the key only and is not "
            "responsible for property in the unit or its safety. The key goes back only to the person "
            "who entrusted it or the unit's verified owner, who signs."
        )
    if movement.kind == MovementKind.VIEWING:
        return _(
            "The key stays with the staff member, who opens the door for the visitor; it is never lent "
            "to the visitor. Back in the cabinet within %(hours)s hours."
        ) % {"hours": VIEWING_HOURS}
    if movement.kind == MovementKind.BORROWED:
        return _(
            "Internal loan with the key keeper's consent: the borrower returns the key to the key keeper "
            "by the due-back time."
        )
    if movement.kind == MovementKind.RETURNED:
        return _("The key is back in the locked cabinet.")
    if movement.kind == MovementKind.ISSUED:
        return _("The owner collects the key after the handover, identity checked, and signs for it.")
    release = movement.release
    return _(
        "Released outside the normal procedure, approved by the project manager (%(manager)s) and "
        "company leadership (%(leader)s). Reason: %(reason)s"
    ) % {
        "manager": str(release.manager_approved_by) if release and release.manager_approved_by_id else "",
        "leader": str(release.leadership_approved_by)
        if release and release.leadership_approved_by_id
        else "",
        "reason": release.reason if release else "",
    }


def receipt_rows(movement, *, viewer=None) -> list[tuple[str, str]]:
    key = movement.key
    parties = receipt_parties(movement, viewer=viewer)
    rows = [
        (_("Key number"), key.number),
        (_("Unit"), key.unit.code),
        (_("Where the key comes from"), str(key.get_source_display())),
        (_("Locked storage location"), key.storage_location),
        (_("Movement"), str(movement.get_kind_display())),
        (_("At"), _fmt(movement.at)),
        (_("Key handed by"), parties["giver"]),
        (_("Key received by"), parties["receiver"]),
    ]
    if parties["identity"]:
        rows.append((_("Identity document"), parties["identity"]))
    if movement.identity_checked:
        checked = movement.get_identity_document_display() if movement.identity_document else ""
        rows.append((_("Identity checked against"), _("%(document)s, checked") % {"document": checked}))
    if movement.kind == MovementKind.VIEWING:
        rows.append((_("Visitor"), movement.visitor_name))
    rows += [
        (_("Due back at"), _fmt(movement.due_back_at)),
        (_("Signed name"), movement.signed_name),
    ]
    if movement.note:
        rows.append((_("Note"), movement.note))
    return rows


def _copy(movement, rows, copy: str, width: float) -> list:
    key = movement.key
    if movement.kind in INCOMING_KINDS:
        receiver = _("Key keeper (signature)")
    else:
        receiver = _("Received by (signature)")
    return [
        paper.title_block(
            _("Key receipt"),
            width=width,
            org=key.project.name,
            copy=copy,
            number=_("No. %(number)s") % {"number": f"{key.number}-{movement.pk}"},
        ),
        paper.form_table(
            rows, width=width, pairs_per_row=2, label_width=24 * mm, padding=1.2 * mm, spans=[_("Note")]
        ),
        Spacer(1, 2 * mm),
        paper.para(_terms(movement), "small"),
        paper.signature_row(
            [_("Handed by (signature)"), receiver, (_("Date"), "____________")],
            width=width,
            blank="______________",
        ),
        paper.para(_printed(), "small"),
    ]


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


def key_receipt_pdf(movement, *, viewer=None, language: str | None = None) -> bytes:
    """钥匙签收单 of one movement (from selectors.receipt_movement): the keeper's archive copy above,
    the other party's copy below a cut line, each half an A4 sheet with both parties' signature lines."""
    width = paper.content_width(A4, RECEIPT_MARGIN)
    half = (paper.content_height(A4, RECEIPT_MARGIN) - 8 * mm) / 2 - 1
    with paper.paper_language(language):
        rows = receipt_rows(movement, viewer=viewer)
        copies = (_("Archive copy (key keeper)"), _("Copy for the other party"))
        flow = [
            _copy_box(_copy(movement, rows, copies[0], width), width, half),
            paper.cut_line(),
            _copy_box(_copy(movement, rows, copies[1], width), width, half),
        ]
        return paper.build(
            flow,
            title=_("Key receipt %(number)s") % {"number": movement.key.number},
            numbered=False,
            margin=RECEIPT_MARGIN,
        )


def register_pdf(project, keys, *, language: str | None = None) -> bytes:
    """《钥匙委托管理清册》 of `project`: every key (selectors.register_keys) with its unit, source,
    entrusting owner, locked cabinet, state and holder, on landscape A4 pages numbered x of y, with
    the keeper's and the project manager's signature lines."""
    width = paper.content_width(REGISTER_PAGE)
    with paper.paper_language(language):
        rows = [
            [
                str(index),
                key.number,
                key.unit.code,
                str(key.get_source_display()),
                key.entrusted_by.name if key.entrusted_by_id else "",
                key.storage_location,
                _fmt(key.registered_at),
                str(key.get_state_display()),
                key.holder_name,
                _fmt(key.due_back_at),
            ]
            for index, key in enumerate(keys, start=1)
        ]
        shares = (0.05, 0.09, 0.1, 0.15, 0.09, 0.09, 0.11, 0.11, 0.1, 0.11)
        flow = [
            paper.title_block(_("Key register"), width=width, org=project.name),
            paper.grid_table(
                [
                    _("No."),
                    _("Key number"),
                    _("Unit"),
                    _("Where the key comes from"),
                    _("Entrusted by"),
                    _("Locked storage location"),
                    _("Registered at"),
                    _("State"),
                    _("Held by"),
                    _("Due back at"),
                ],
                rows,
                widths=[width * share for share in shares],
                min_rows=3,
            ),
            paper.signature_row(
                [_("Key keeper (signature)"), _("Project manager (signature)"), (_("Date"), "____________")],
                width=width,
            ),
        ]
        return paper.build(
            flow,
            title=_("Key register %(project)s") % {"project": project.name},
            pagesize=REGISTER_PAGE,
            footer=_printed(),
        )
