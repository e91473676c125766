"""The application and its file, the engineering decision and the preparation before entry
(seed 000 §2 steps 1-8, spec 04 "Application and approval").

- renovation_create / renovation_update: the application of a handed-over unit by its owner (or an
  agent with a power of attorney); the company's credit code (python-stdnum uscc) and the
  responsible person's resident ID (stdnum ric) are validated.
- document_add / document_remove: the file (drawings stamped, licence, ID, certificates with their
  expiry date); government approvals are added until the work starts.
- file_missing: every required item not yet in; renovation_submit refuses an incomplete file and
  starts the one-working-day approval deadline.
- sign_off: the approval is signed by the customer-service and engineering heads; the refund by the
  three departments, the owner, the company and the centre head (used by the completion part).
- renovation_approve / renovation_reject / renovation_withdraw; renovation_prepare and
  entry_missing: government approvals, the owner's confirmation, the agreement, the briefing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.roles import Role
from wuye.core.validators import check_plausible_date, normalize_mobile
from wuye.core.workdays import add_working_days
from wuye.estate.choices import IdType, OccupancyStatus
from wuye.estate.models import Ownership
from wuye.renovation.choices import (
    DESIGN_QUALIFICATION_PREMISES,
    DRAWING_KINDS,
    EDITABLE_STATUSES,
    EXPIRING_KINDS,
    GOVERNMENT_APPROVAL_DOCUMENT,
    OPEN_STATUSES,
    SIGN_OFF_PARTIES,
    STAFF_PARTIES,
    AgreementSigner,
    ApplicantKind,
    DocumentKind,
    GovernmentWork,
    PremisesKind,
    RenovationStatus,
    SignOffParty,
    SignOffStage,
)
from wuye.renovation.models import Renovation, RenovationDocument, SignOff
from wuye.renovation.permissions import CS, ENGINEERING, SECURITY
from wuye.renovation.services import common

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Owner, Unit

S = RenovationStatus
D = DocumentKind

#: engineering decides within this many working days of the complete file (spec 04 step 4)
APPROVAL_WORKING_DAYS = 1

#: the roles that may sign for each staff party (the acting user signs for themselves)
PARTY_ROLES: dict[str, frozenset[str]] = {
    SignOffParty.CUSTOMER_SERVICE_HEAD: frozenset({Role.CS_SUPERVISOR}),
    SignOffParty.ENGINEERING_HEAD: frozenset({Role.ENGINEERING_LEAD}),
    SignOffParty.CUSTOMER_SERVICE: CS,
    SignOffParty.ENGINEERING: ENGINEERING,
    SignOffParty.SECURITY: SECURITY,
    SignOffParty.CENTRE_HEAD: frozenset({Role.PROJECT_MANAGER, Role.CS_SUPERVISOR}),
}

#: the stage a renovation is in while each set of signatures is collected
SIGN_OFF_STATUSES: dict[str, frozenset[str]] = {
    SignOffStage.APPROVAL: frozenset({S.SUBMITTED}),
    SignOffStage.REFUND: frozenset({S.REFUND_REQUESTED}),
}

#: documents that may still be added after the approval, until the work starts
GOVERNMENT_KINDS = frozenset(GOVERNMENT_APPROVAL_DOCUMENT.values())

#: fields of the application (renovation_create and renovation_update take these)
APPLICATION_FIELDS = (
    "applicant_kind",
    "agent_name",
    "agent_id_type",
    "agent_id_number",
    "agent_mobile",
    "premises_kind",
    "scope",
    "planned_start",
    "planned_end",
    "company_name",
    "company_credit_code",
    "company_responsible",
    "company_responsible_id_type",
    "company_responsible_id_number",
    "company_mobile",
    "fire_work",
    "structure_work",
    "gas_work",
    "commitment_signed",
)


# --- validation helpers -------------------------------------------------------------------------


def _refuse(code: str, field: str, message: str) -> BusinessRuleError:
    return BusinessRuleError(code, message, {field: [message]})


def _require_stage(renovation: Renovation, allowed, what: str) -> None:
    if renovation.status not in allowed:
        message = _("%(what)s is not possible while the renovation is “%(status)s”.") % {
            "what": what,
            "status": renovation.get_status_display(),
        }
        raise BusinessRuleError("renovation_wrong_stage", message, {"status": [message]})


def valid_credit_code(value: str) -> str:
    """A unified social credit code (GB 32100, check character) in its compact form, or ValueError."""
    try:
        return uscc.validate(value)
    except StdnumError as exc:
        raise ValueError(str(exc)) from exc


def valid_resident_id(value: str) -> str:
    try:
        return ric.validate(value)
    except StdnumError as exc:
        raise ValueError(str(exc)) from exc


def _clean_application(fields: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Normalise and check the application fields; `current` is the renovation's state they change
    (empty for a new one). Raises ValidationError naming every bad field."""
    errors: dict[str, list[str]] = {}
    merged = {**current, **fields}
    for name in (
        "agent_name",
        "agent_mobile",
        "scope",
        "company_name",
        "company_responsible",
        "company_mobile",
    ):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name in ("agent_id_number", "company_credit_code", "company_responsible_id_number"):
        if name in fields:
            fields[name] = (fields[name] or "").strip().upper()
    if merged.get("applicant_kind", ApplicantKind.OWNER) not in ApplicantKind.values:
        errors["applicant_kind"] = [_("Unknown applicant.")]
    if merged.get("premises_kind", PremisesKind.RESIDENTIAL) not in PremisesKind.values:
        errors["premises_kind"] = [_("Unknown kind of premises.")]
    code = fields.get("company_credit_code")
    if code:
        try:
            fields["company_credit_code"] = valid_credit_code(code)
        except ValueError:
            errors["company_credit_code"] = [_("Invalid unified social credit code.")]
    for prefix in ("agent", "company_responsible"):
        number_field, type_field = f"{prefix}_id_number", f"{prefix}_id_type"
        number = fields.get(number_field, "")
        if number_field in fields and number and not merged.get(type_field):
            fields[type_field] = IdType.RESIDENT_ID
        id_type = fields.get(type_field, merged.get(type_field))
        if id_type and id_type not in IdType.values:
            errors[type_field] = [_("Unknown ID type.")]
        number = fields.get(number_field, merged.get(number_field))
        if number and id_type == IdType.RESIDENT_ID and (number_field in fields or type_field in fields):
            try:
                fields[number_field] = valid_resident_id(number)
            except ValueError:
                errors[number_field] = [
                    _("Invalid resident ID number (wrong length, birth date or check digit).")
                ]
    for name in ("agent_mobile", "company_mobile"):
        if fields.get(name):
            try:
                fields[name] = normalize_mobile(fields[name])
            except ValidationError as exc:
                errors[name] = exc.messages
    for name in ("planned_start", "planned_end"):
        if fields.get(name):
            try:
                check_plausible_date(fields[name], field=name)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    start, end = merged.get("planned_start"), merged.get("planned_end")
    if start and end and end < start and "planned_end" not in errors:
        errors["planned_end"] = [_("The planned end cannot be before the planned start.")]
    if merged.get("applicant_kind") == ApplicantKind.OWNER:
        # the owner applies in person: no agent on the form
        for name in ("agent_name", "agent_id_type", "agent_id_number", "agent_mobile"):
            fields[name] = ""
    if errors:
        raise ValidationError(errors)
    return fields


def _owner_of(unit: Unit, owner: Owner | None) -> Owner:
    """The applicant owner: one of the unit's current owners (the only one when not named)."""
    current = list(Ownership.objects.active().filter(unit=unit).select_related("owner").order_by("id"))
    owners = {link.owner_id: link.owner for link in current}
    if owner is not None:
        if owner.pk not in owners:
            raise _refuse("not_current_owner", "owner", _("This person is not a current owner of the unit."))
        return owner
    if not owners:
        raise _refuse("unit_has_no_owner", "unit", _("The unit has no current owner on record."))
    if len(owners) > 1:
        raise _refuse("owner_required", "owner", _("The unit has several owners: say which one applies."))
    return next(iter(owners.values()))


# --- the application --------------------------------------------------------------------------


@transaction.atomic
def renovation_create(
    *,
    unit: Unit,
    acting_user: User,
    owner: Owner | None = None,
    notes_handed_over: bool = False,
    notes_handed_over_at: dt.datetime | None = None,
    **fields: Any,
) -> Renovation:
    """The owner applies (spec 04 steps 1-2): the unit is handed over and has no other running
    renovation; the applicant is a current owner of the unit (or their agent); the application notes
    (装修申报须知) handed over are recorded. Numbered ZX<year>-0001 per project."""
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown renovation fields {sorted(unknown)}")
    access.require_perm(acting_user, "renovation.manage", unit.project_id)
    if unit.status == OccupancyStatus.NOT_HANDED_OVER:
        raise _refuse(
            "unit_not_handed_over",
            "unit",
            _("The unit has not been handed over; it cannot be renovated yet."),
        )
    running = Renovation.objects.filter(unit=unit, status__in=OPEN_STATUSES).first()
    if running is not None:
        raise _refuse(
            "renovation_already_open",
            "unit",
            _("The unit already has a running renovation (%(number)s).") % {"number": running.number},
        )
    owner = _owner_of(unit, owner)
    fields = _clean_application(dict(fields), {})
    renovation = Renovation(
        project_id=unit.project_id,
        unit=unit,
        owner=owner,
        created_by=acting_user,
        number=common.next_number(unit.project_id, "ZX"),
        **fields,
    )
    if notes_handed_over or notes_handed_over_at:
        renovation.notes_handed_over_at = event_time(notes_handed_over_at)
    stamp(renovation, acting_user)
    renovation._change_reason = "created"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            renovation.save()
    except IntegrityError as exc:  # a concurrent application for the same unit
        raise _refuse(
            "renovation_already_open", "unit", _("The unit already has a running renovation.")
        ) from exc
    return renovation


@transaction.atomic
def renovation_update(
    *,
    renovation: Renovation,
    acting_user: User,
    owner: Owner | None = None,
    notes_handed_over: bool | None = None,
    notes_handed_over_at: dt.datetime | None = None,
    **fields: Any,
) -> Renovation:
    """Correct or complete the application while the file is collected (or after a rejection)."""
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown renovation fields {sorted(unknown)}")
    access.require_perm(acting_user, "renovation.manage", renovation.project_id)
    renovation = common.lock(renovation)
    _require_stage(renovation, EDITABLE_STATUSES, _("Changing the application"))
    current = {name: getattr(renovation, name) for name in APPLICATION_FIELDS}
    fields = _clean_application(dict(fields), current)
    if owner is not None:
        renovation.owner = _owner_of(renovation.unit, owner)
    for name, value in fields.items():
        setattr(renovation, name, value)
    if notes_handed_over_at or (notes_handed_over and not renovation.notes_handed_over_at):
        renovation.notes_handed_over_at = event_time(notes_handed_over_at)
    elif notes_handed_over is False:
        renovation.notes_handed_over_at = None
    stamp(renovation, acting_user)
    renovation._change_reason = "updated"  # type: ignore[attr-defined]
    renovation.save()
    return renovation


# --- the file ----------------------------------------------------------------------------------


def _clean_reference(renovation: Renovation, kind: str, reference: str) -> str:
    reference = (reference or "").strip().upper()
    if kind == D.BUSINESS_LICENCE:
        try:
            reference = valid_credit_code(reference)
        except ValueError as exc:
            raise _refuse(
                "invalid_credit_code", "reference", _("Invalid unified social credit code.")
            ) from exc
        if renovation.company_credit_code and reference != renovation.company_credit_code:
            raise _refuse(
                "licence_not_the_company",
                "reference",
                _("The licence's credit code is not the renovation company's (%(code)s).")
                % {"code": renovation.company_credit_code},
            )
        if not renovation.company_credit_code:
            raise _refuse(
                "company_credit_code_missing",
                "reference",
                _("Enter the renovation company's credit code on the application first."),
            )
    elif kind == D.RESPONSIBLE_ID:
        if renovation.company_responsible_id_type in ("", IdType.RESIDENT_ID):
            try:
                reference = valid_resident_id(reference)
            except ValueError as exc:
                raise _refuse(
                    "invalid_id_number",
                    "reference",
                    _("Invalid resident ID number (wrong length, birth date or check digit)."),
                ) from exc
        if not reference:
            raise _refuse("reference_required", "reference", _("Enter the ID number."))
        wanted = renovation.company_responsible_id_number
        if wanted and reference != wanted:
            raise _refuse(
                "id_not_the_responsible",
                "reference",
                _("This ID is not the one of the company's responsible person on the application."),
            )
    elif kind in GOVERNMENT_KINDS and not reference:
        raise _refuse("reference_required", "reference", _("Enter the approval number."))
    elif kind in EXPIRING_KINDS and not reference:
        raise _refuse("reference_required", "reference", _("Enter the certificate number."))
    return reference


@transaction.atomic
def document_add(
    *,
    renovation: Renovation,
    kind: str,
    acting_user: User,
    reference: str = "",
    holder: str = "",
    stamped: bool = False,
    issued_on: dt.date | None = None,
    expires_on: dt.date | None = None,
    file=None,
    note: str = "",
    at: dt.datetime | None = None,
) -> RenovationDocument:
    """One item received for the file (spec 04 step 3): drawings record whether the company
    stamped them; the licence carries the company's credit code; the responsible person's ID its
    number; certificates their expiry date. Government approvals (fire, structure, gas) may still
    come after the approval, until the work starts."""
    access.require_perm(acting_user, "renovation.manage", renovation.project_id)
    renovation = common.lock(renovation)
    if kind not in DocumentKind.values:
        raise _refuse("unknown_document", "kind", _("Unknown document."))
    allowed = EDITABLE_STATUSES | ({S.SUBMITTED, S.APPROVED} if kind in GOVERNMENT_KINDS else set())
    _require_stage(renovation, allowed, _("Adding a document"))
    reference = _clean_reference(renovation, kind, reference)
    errors: dict[str, list[str]] = {}
    if kind in EXPIRING_KINDS and not expires_on:
        errors["expires_on"] = [_("A certificate is recorded with its expiry date.")]
    for name, value in (("issued_on", issued_on), ("expires_on", expires_on)):
        if value:
            try:
                check_plausible_date(value, field=name)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if issued_on and expires_on and expires_on < issued_on and "expires_on" not in errors:
        errors["expires_on"] = [_("The expiry date cannot be before the issue date.")]
    if errors:
        raise ValidationError(errors)
    document = RenovationDocument(
        renovation=renovation,
        kind=kind,
        reference=reference,
        holder=(holder or "").strip(),
        stamped=bool(stamped),
        issued_on=issued_on,
        expires_on=expires_on,
        note=(note or "").strip(),
        received_at=event_time(at),
        received_by=acting_user,
    )
    if file is not None:
        document.file = file
    stamp(document, acting_user).save()
    return document


@transaction.atomic
def document_remove(*, document: RenovationDocument, acting_user: User, note: str = "") -> RenovationDocument:
    """Take an item out of the file (a wrong copy, a replaced drawing). Nothing is deleted: the
    document is marked removed and no longer counts."""
    renovation = document.renovation
    access.require_perm(acting_user, "renovation.manage", renovation.project_id)
    renovation = common.lock(renovation)
    document = lock_row(RenovationDocument, document.pk)
    allowed = EDITABLE_STATUSES | ({S.SUBMITTED, S.APPROVED} if document.kind in GOVERNMENT_KINDS else set())
    _require_stage(renovation, allowed, _("Removing a document"))
    if document.removed_at is not None:
        raise _refuse("document_already_removed", "document", _("This document was already removed."))
    document.removed_at = timezone.now()
    if note:
        document.note = (f"{document.note} / {note.strip()}" if document.note else note.strip())[:200]
    stamp(document, acting_user).save(update_fields=["removed_at", "note"])
    return document


def _current_documents(renovation: Renovation) -> dict[str, list[RenovationDocument]]:
    """The documents that count, by kind (reads a prefetched `documents` when there is one)."""
    by_kind: dict[str, list[RenovationDocument]] = {}
    for document in renovation.documents.all():
        if document.removed_at is None:
            by_kind.setdefault(document.kind, []).append(document)
    return by_kind


def _fmt(day: dt.date) -> str:
    return day.strftime("%Y-%m-%d")


def file_missing(renovation: Renovation, on: dt.date | None = None) -> dict[str, list[str]]:
    """Every required item of the file not yet in, keyed by document kind or field (spec 04 step 3):
    the five drawings stamped by the company; the business licence with the company's credit code;
    the responsible person's ID; a construction qualification valid on `on` (an expired one says
    when it expired); a design qualification for commercial or key premises; a power of attorney
    for an agent; the application notes handed over; the commitment letter signed. The company's
    identity and the planned dates are needed for the checks and the permit. Empty: complete."""
    on = on or timezone.localdate()
    documents = _current_documents(renovation)
    missing: dict[str, list[str]] = {}

    def need(key: str, message: str) -> None:
        missing.setdefault(str(key), []).append(message)

    for field, label in (
        ("company_name", _("the renovation company")),
        ("company_credit_code", _("the company's unified social credit code")),
        ("company_responsible", _("the company's responsible person")),
        ("company_responsible_id_number", _("the responsible person's ID number")),
        ("planned_start", _("the planned start")),
        ("planned_end", _("the planned end")),
    ):
        if not getattr(renovation, field):
            need(field, _("%(item)s is not filled in") % {"item": label})
    if renovation.applicant_kind == ApplicantKind.AGENT:
        if not renovation.agent_name:
            need("agent_name", _("the agent's name is not filled in"))
        if not renovation.agent_id_number:
            need("agent_id_number", _("the agent's ID number is not filled in"))
        if D.POWER_OF_ATTORNEY not in documents:
            need(
                D.POWER_OF_ATTORNEY, _("%(document)s not received") % {"document": D.POWER_OF_ATTORNEY.label}
            )
    for kind in DRAWING_KINDS:
        label = str(DocumentKind(kind).label)
        if kind not in documents:
            need(kind, _("%(document)s not received") % {"document": label})
        elif not any(d.stamped for d in documents[kind]):
            need(kind, _("%(document)s not stamped by the renovation company") % {"document": label})
    licences = documents.get(D.BUSINESS_LICENCE, [])
    if not licences:
        need(D.BUSINESS_LICENCE, _("%(document)s not received") % {"document": D.BUSINESS_LICENCE.label})
    elif renovation.company_credit_code and not any(
        d.reference == renovation.company_credit_code for d in licences
    ):
        need(
            D.BUSINESS_LICENCE,
            _("%(document)s does not carry the company's credit code")
            % {"document": D.BUSINESS_LICENCE.label},
        )
    ids = documents.get(D.RESPONSIBLE_ID, [])
    if not ids:
        need(D.RESPONSIBLE_ID, _("%(document)s not received") % {"document": D.RESPONSIBLE_ID.label})
    elif renovation.company_responsible_id_number and not any(
        d.reference == renovation.company_responsible_id_number for d in ids
    ):
        need(
            D.RESPONSIBLE_ID,
            _("%(document)s is not the responsible person's") % {"document": D.RESPONSIBLE_ID.label},
        )
    certificates = [D.QUALIFICATION]
    if renovation.premises_kind in DESIGN_QUALIFICATION_PREMISES:
        certificates.append(D.DESIGN_QUALIFICATION)
    for kind in certificates:
        label = str(DocumentKind(kind).label)
        held = documents.get(kind, [])
        if not held:
            need(kind, _("%(document)s not received") % {"document": label})
        elif not any(d.expires_on and d.expires_on >= on for d in held):
            last = max((d.expires_on for d in held if d.expires_on), default=None)
            need(
                kind,
                _("%(document)s expired on %(date)s") % {"document": label, "date": _fmt(last)}
                if last
                else _("%(document)s has no expiry date") % {"document": label},
            )
    if not renovation.notes_handed_over_at:
        need("notes_handed_over", _("the application notes (装修申报须知) have not been handed over"))
    if not renovation.commitment_signed:
        need("commitment_signed", _("the application form and commitment letter are not signed"))
    return missing


@transaction.atomic
def renovation_submit(*, renovation: Renovation, acting_user: User) -> Renovation:
    """The complete file goes to engineering (spec 04 step 4): refused naming every missing item;
    the decision is due one working day after the file is complete (statutory calendar).
    Engineering (lead and engineers) is told. A file resubmitted after a rejection is signed again."""
    access.require_perm(acting_user, "renovation.manage", renovation.project_id)
    renovation = common.lock(renovation)
    common.check_transition(renovation, S.SUBMITTED)
    now = timezone.now()
    common.refuse_if_missing(
        "renovation_file_incomplete", file_missing(renovation, on=timezone.localdate(now))
    )
    # a new file, a new decision: the previous round's approval signatures do not carry over
    renovation.sign_offs.filter(stage=SignOffStage.APPROVAL).delete()
    renovation.file_complete_at = now
    renovation.approval_due_at = add_working_days(now, APPROVAL_WORKING_DAYS)
    renovation.decided_at, renovation.decided_by, renovation.decision_note = None, None, ""
    stamp(renovation, acting_user)
    common.move(renovation, S.SUBMITTED, acting_user, reason="submitted")
    due = timezone.localtime(renovation.approval_due_at).strftime("%Y-%m-%d %H:%M")
    common.notify_after_commit(
        common.project_staff(renovation.project_id, ENGINEERING),
        kind="renovation_submitted",
        title=_("Renovation %(number)s (%(unit)s) waits for approval by %(due)s")
        % {"number": renovation.number, "unit": renovation.unit, "due": due},
        body=_("The file is complete; engineering approves within one working day."),
        key=f"renovation:{renovation.pk}:submitted:{int(now.timestamp())}",
        url=f"/renovations/{renovation.pk}/",
    )
    return renovation


# --- signatures ------------------------------------------------------------------------------------


def _party_for(user: User, project_id: int, stage: str, party: str | None) -> str:
    parties = SIGN_OFF_PARTIES[stage]
    if party:
        if party not in SignOffParty.values or party not in parties:
            raise _refuse("party_not_in_stage", "party", _("This party does not sign at this stage."))
        return party
    roles = access.roles_in(user, project_id)
    mine = [p for p in parties if p in STAFF_PARTIES and roles & PARTY_ROLES[p]]
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise PermissionDeniedError("permission_denied", _("Your role does not sign at this stage."))
    raise _refuse("party_required", "party", _("Say which party you sign for."))


@transaction.atomic
def sign_off(
    *,
    renovation: Renovation,
    stage: str,
    acting_user: User,
    party: str | None = None,
    signer_name: str = "",
    at: dt.datetime | None = None,
    note: str = "",
) -> SignOff:
    """A signature on the approval (while submitted) or the deposit refund (while the refund waits
    for approval). Staff parties sign as themselves and must hold the party's role (customer-service
    head = CS supervisor, engineering head = engineering lead, a department = one of its roles,
    centre head = project manager or CS supervisor); left out, the party follows from the signer's
    role. The owner and the company sign on paper; staff who manage renovations record it with the
    signer's name. One signature per party and stage."""
    if stage not in SignOffStage.values:
        raise _refuse("unknown_stage", "stage", _("Unknown stage."))
    party = _party_for(acting_user, renovation.project_id, stage, party)
    if party in STAFF_PARTIES:
        if not (access.roles_in(acting_user, renovation.project_id) & PARTY_ROLES[party]):
            raise PermissionDeniedError(
                "permission_denied",
                _("Only %(party)s signs for this party.") % {"party": SignOffParty(party).label},
            )
        signer_name = str(acting_user)
    else:
        access.require_perm(acting_user, "renovation.manage", renovation.project_id)
        signer_name = (signer_name or "").strip()
        if not signer_name:
            raise ValidationError({"signer_name": [_("Enter the name of the person who signed.")]})
    renovation = common.lock(renovation)
    _require_stage(renovation, SIGN_OFF_STATUSES[stage], _("Signing"))
    existing = renovation.sign_offs.filter(stage=stage, party=party).first()
    if existing is not None:
        raise _refuse(
            "already_signed",
            "party",
            _("%(party)s already signed (%(name)s).")
            % {"party": SignOffParty(party).label, "name": existing.signer_name},
        )
    not_before = renovation.file_complete_at if stage == SignOffStage.APPROVAL else None
    return SignOff.objects.create(
        renovation=renovation,
        stage=stage,
        party=party,
        signer_name=signer_name[:100],
        signed_by=acting_user if party in STAFF_PARTIES else None,
        recorded_by=acting_user,
        at=event_time(at, not_before=not_before),
        note=(note or "").strip()[:200],
    )


def missing_sign_offs(renovation: Renovation, stage: str) -> dict[str, list[str]]:
    """The parties of `stage` who have not signed yet, each under its own key."""
    signed = {s.party for s in renovation.sign_offs.all() if s.stage == stage}
    return {
        str(party): [_("%(party)s has not signed") % {"party": SignOffParty(party).label}]
        for party in SIGN_OFF_PARTIES[stage]
        if party not in signed
    }


# --- the decision ------------------------------------------------------------------------------------


def _tell_customer(renovation: Renovation, *, kind: str, title: str, body: str, key: str) -> None:
    owner_user = renovation.owner.user if renovation.owner.user_id else None
    if owner_user is not None:
        common.notify_after_commit([owner_user], kind=kind, title=title, body=body, key=key)
    common.notify_after_commit(
        common.project_staff(renovation.project_id, CS),
        kind=kind,
        title=title,
        body=body,
        key=key,
        url=f"/renovations/{renovation.pk}/",
    )


def _decision_time(renovation: Renovation, at: dt.datetime | None) -> dt.datetime:
    return event_time(at, not_before=renovation.file_complete_at)


@transaction.atomic
def renovation_approve(
    *, renovation: Renovation, acting_user: User, note: str = "", at: dt.datetime | None = None
) -> Renovation:
    """Engineering approves the complete file (spec 04 step 4): the customer-service head and the
    engineering head have signed (an engineering lead approving signs as engineering head in the
    same call). Who and when is recorded; a decision after `approval_due_at` counts as late. The
    customer (the owner's account, and customer service) is told."""
    access.require_perm(acting_user, "renovation.approve", renovation.project_id)
    renovation = common.lock(renovation)
    common.check_transition(renovation, S.APPROVED)
    decided_at = _decision_time(renovation, at)
    roles = access.roles_in(acting_user, renovation.project_id)
    head = SignOffParty.ENGINEERING_HEAD
    if (
        roles & PARTY_ROLES[head]
        and not renovation.sign_offs.filter(stage=SignOffStage.APPROVAL, party=head).exists()
    ):
        sign_off(
            renovation=renovation, stage=SignOffStage.APPROVAL, party=head, acting_user=acting_user, at=at
        )
    common.refuse_if_missing(
        "renovation_sign_offs_missing", missing_sign_offs(renovation, SignOffStage.APPROVAL)
    )
    renovation.decided_at, renovation.decided_by = decided_at, acting_user
    renovation.decision_note = (note or "").strip()
    stamp(renovation, acting_user)
    common.move(renovation, S.APPROVED, acting_user, reason="approved")
    _tell_customer(
        renovation,
        kind="renovation_approved",
        title=_("Renovation %(number)s (%(unit)s) is approved")
        % {"number": renovation.number, "unit": renovation.unit},
        body=_("Please confirm the approval, sign the management agreement and attend the briefing."),
        key=f"renovation:{renovation.pk}:approved",
    )
    return renovation


@transaction.atomic
def renovation_reject(
    *, renovation: Renovation, reason: str, acting_user: User, at: dt.datetime | None = None
) -> Renovation:
    """Engineering sends the file back with its reason; the customer is told. The file is completed
    and submitted again (a new deadline) or withdrawn."""
    access.require_perm(acting_user, "renovation.approve", renovation.project_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the application is rejected.")]})
    renovation = common.lock(renovation)
    common.check_transition(renovation, S.REJECTED)
    renovation.decided_at, renovation.decided_by = _decision_time(renovation, at), acting_user
    renovation.decision_note = reason
    stamp(renovation, acting_user)
    common.move(renovation, S.REJECTED, acting_user, reason="rejected")
    _tell_customer(
        renovation,
        kind="renovation_rejected",
        title=_("Renovation %(number)s (%(unit)s) is not approved")
        % {"number": renovation.number, "unit": renovation.unit},
        body=reason,
        key=f"renovation:{renovation.pk}:rejected:{int(renovation.decided_at.timestamp())}",
    )
    return renovation


@transaction.atomic
def renovation_withdraw(*, renovation: Renovation, reason: str, acting_user: User) -> Renovation:
    """The owner gives up the application before the work starts. Refused once fees were charged
    (they go back through billing first)."""
    access.require_perm(acting_user, "renovation.manage", renovation.project_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the application is withdrawn.")]})
    renovation = common.lock(renovation)
    common.check_transition(renovation, S.WITHDRAWN)
    if renovation.fees_charged_at or renovation.deposit_id:
        raise _refuse(
            "renovation_fees_charged",
            "status",
            _("The renovation fees were charged; they are settled through billing before withdrawing."),
        )
    renovation.decision_note = f"{renovation.decision_note}\n{reason}" if renovation.decision_note else reason
    stamp(renovation, acting_user)
    return common.move(renovation, S.WITHDRAWN, acting_user, reason=f"withdrawn: {reason}")


# --- before entry ------------------------------------------------------------------------------------


@transaction.atomic
def renovation_prepare(
    *,
    renovation: Renovation,
    acting_user: User,
    owner_confirmed: bool = False,
    owner_confirmed_at: dt.datetime | None = None,
    agreement_signer: str = "",
    agreement_signed_at: dt.datetime | None = None,
    commitment_delegates: bool = False,
    briefed: bool = False,
    briefing_at: dt.datetime | None = None,
) -> Renovation:
    """What is recorded after the approval and before entry (spec 04 steps 6-8): the owner confirms
    the approval by signature; the management agreement is signed by the owner, or by the company
    when the commitment letter delegates it (`commitment_delegates`); the rules are briefed (by the
    acting user). Government approvals are documents (document_add). Any of these in one call."""
    access.require_perm(acting_user, "renovation.manage", renovation.project_id)
    renovation = common.lock(renovation)
    _require_stage(renovation, {S.APPROVED}, _("Preparing the entry"))
    if not (owner_confirmed or owner_confirmed_at or agreement_signer or briefed or briefing_at):
        message = _("Record the owner's confirmation, the agreement or the briefing.")
        raise BusinessRuleError("nothing_to_record", message, {"non_field_errors": [message]})
    after = renovation.decided_at
    changed = []
    if owner_confirmed or owner_confirmed_at:
        renovation.owner_confirmed_at = event_time(owner_confirmed_at, not_before=after)
        changed.append("owner_confirmed_at")
    if agreement_signer:
        if agreement_signer not in AgreementSigner.values:
            raise _refuse("unknown_signer", "agreement_signer", _("Unknown signer."))
        if agreement_signer == AgreementSigner.COMPANY and not commitment_delegates:
            raise _refuse(
                "agreement_not_delegated",
                "commitment_delegates",
                _("The company signs the agreement only when the owner's commitment letter delegates it."),
            )
        renovation.agreement_signer = agreement_signer
        renovation.agreement_signed_at = event_time(agreement_signed_at, not_before=after)
        changed += ["agreement_signer", "agreement_signed_at"]
    elif agreement_signed_at:
        raise _refuse("agreement_signer_required", "agreement_signer", _("Say who signed the agreement."))
    if briefed or briefing_at:
        renovation.briefing_at = event_time(briefing_at, not_before=after)
        renovation.briefing_by = acting_user
        changed += ["briefing_at", "briefing_by"]
    stamp(renovation, acting_user)
    renovation._change_reason = "prepared"  # type: ignore[attr-defined]
    renovation.save(update_fields=[*changed, "updated_at"])
    return renovation


def government_works(renovation: Renovation) -> list[str]:
    """The kinds of work that need a government approval before the work starts."""
    flags = {
        GovernmentWork.FIRE: renovation.fire_work,
        GovernmentWork.STRUCTURE: renovation.structure_work,
        GovernmentWork.GAS: renovation.gas_work,
    }
    return [work for work, flagged in flags.items() if flagged]


def entry_missing(renovation: Renovation) -> dict[str, list[str]]:
    """What must still be recorded before the work may start (spec 04 steps 5-8): the government
    approval of each flagged kind of work (fire, structure, gas), the owner's confirmation, the
    management agreement, the rules briefing. Empty: ready (fees and the permit are checked by the
    completion part)."""
    documents = _current_documents(renovation)
    missing: dict[str, list[str]] = {}
    for work in government_works(renovation):
        kind = GOVERNMENT_APPROVAL_DOCUMENT[work]
        if kind not in documents:
            missing[str(kind)] = [_("%(document)s not received") % {"document": DocumentKind(kind).label}]
    if not renovation.owner_confirmed_at:
        missing["owner_confirmed_at"] = [_("the owner has not confirmed the approval")]
    if not renovation.agreement_signed_at:
        missing["agreement_signed_at"] = [_("the management agreement is not signed")]
    if not renovation.briefing_at:
        missing["briefing_at"] = [_("the rules have not been briefed")]
    return missing
