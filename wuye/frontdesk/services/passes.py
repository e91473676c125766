"""Goods release passes (物品放行条, seed 000 §4, seed 001 security; spec 05).

The desk prepares a pass (unit, carrier, items, reason, day), phones the owner or the company for
consent where the carrier is not the owner, and issues it once the three signatures are there (the
handler's — the issue itself —, the carrier's, and the owner's or the recorded phone consent); a
moving-out pass needs billing's settlement clear up to today, at creation and again at the issue.
The guard releases the goods at the gate against an issued pass valid that day, once; passes not
used on their day expire. Every pass is numbered continuously per project and year and ends used,
expired or cancelled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.core.sequences import next_value
from wuye.estate.choices import IdType
from wuye.estate.models import Owner, Ownership
from wuye.frontdesk.choices import (
    PASS_TRANSITIONS,
    CarrierKind,
    ConsentAnswer,
    ConsentParty,
    PassKind,
    PassStatus,
)
from wuye.frontdesk.models import ReleasePass, ReleasePassItem
from wuye.frontdesk.selectors_passes import consent_party_needed, settlement_outstanding

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Unit

#: the number's prefix: FX2026-0001 (放行)
NUMBER_PREFIX = "FX"
#: a pass lists at most this many lines (the paper form's table)
MAX_ITEMS = 20


def sequence_key(project_id: int, year: int) -> str:
    return f"frontdesk:release_pass:{project_id}:{year}"


def _number(project_id: int, year: int) -> str:
    """The next number of the project's year, gap-free (wuye.core.sequences)."""
    return f"{NUMBER_PREFIX}{year}-{next_value(sequence_key(project_id, year)):04d}"


def _locked(release_pass: ReleasePass) -> ReleasePass:
    return lock_row(ReleasePass, release_pass.pk)


def _check_transition(release_pass: ReleasePass, to_status: str) -> None:
    if to_status not in PASS_TRANSITIONS[release_pass.status]:
        msg = _("Pass %(number)s is %(status)s; this is not possible now.") % {
            "number": release_pass.number,
            "status": release_pass.get_status_display(),
        }
        raise BusinessRuleError("pass_wrong_status", msg)


def _require_settled(unit: Unit, today: dt.date) -> None:
    """Moving out needs every due settled up to today (seed 000 §4 step 4): otherwise no release, and
    the refusal says what is outstanding (`arrears`, `meter_readings`, `not_billed`)."""
    outstanding = settlement_outstanding(unit, today)
    if outstanding:
        lines = [line for found in outstanding.values() for line in found]
        msg = _(
            "Unit %(unit)s has not settled everything up to %(day)s; goods are not released for moving "
            "out: %(what)s"
        ) % {"unit": unit.code, "day": today.isoformat(), "what": "; ".join(lines)}
        raise BusinessRuleError("not_settled", msg, {"kind": [msg], **outstanding})


def _clean_items(items: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Each declared item has a name and a quantity of at least one; at least one item."""
    cleaned: list[dict[str, Any]] = []
    problems: list[str] = []
    for index, item in enumerate(items or [], start=1):
        name = str(item.get("name") or "").strip()
        note = str(item.get("note") or "").strip()
        raw = item.get("quantity")
        if not name and raw in (None, "", 0, "0") and not note:
            continue  # an empty line of the form
        try:
            quantity = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            quantity = 0
        if not name:
            problems.append(_("Line %(line)s: name the item.") % {"line": index})
        if quantity < 1:
            problems.append(_("Line %(line)s: the quantity must be at least 1.") % {"line": index})
        if len(name) > 100 or len(note) > 100:
            problems.append(_("Line %(line)s: at most 100 characters.") % {"line": index})
        cleaned.append({"name": name, "quantity": quantity, "note": note})
    if problems:
        raise ValidationError({"items": problems})
    if not cleaned:
        raise ValidationError({"items": [_("Declare at least one item and its quantity.")]})
    if len(cleaned) > MAX_ITEMS:
        raise ValidationError({"items": [_("At most %(max)s items on one pass.") % {"max": MAX_ITEMS}]})
    return cleaned


def _is_unit_owner(unit: Unit, name: str) -> bool:
    owners = Ownership.objects.active().filter(unit=unit).values("owner_id")
    return Owner.objects.filter(pk__in=owners, name=name).exists()


@transaction.atomic
def pass_create(
    *,
    unit: Unit,
    kind: str,
    carrier_kind: str,
    carrier_name: str,
    items: Iterable[dict[str, Any]],
    acting_user: User,
    reason: str = "",
    valid_on: dt.date | None = None,
    carrier_id_type: str = "",
    carrier_id_number: str = "",
    carrier_mobile: str = "",
    company: str = "",
) -> ReleasePass:
    """Prepare a pass (seed 000 §4 steps 1–3): the carrier identified (who they are, ID, mobile; a
    company employee names the company), every item declared with its quantity, the reason (moving
    out or temporary carrying) and the day it is valid (today or later; default today).

    The owner carrying their own goods must be an owner of the unit by name. A moving-out pass is
    refused unless billing's settlement is clear up to today (`not_settled`, listing what is
    outstanding). The pass is numbered at once (FX2026-0001: continuous per project and year) and
    stays being prepared until the consent and signatures are in and it is issued."""
    access.require_perm(acting_user, "frontdesk.prepare_pass", unit.project_id)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    carrier_name = (carrier_name or "").strip()
    company = (company or "").strip()
    carrier_id_number = (carrier_id_number or "").strip()
    if kind not in PassKind.values:
        errors["kind"] = [_("Choose moving out or temporary carrying.")]
    if carrier_kind not in CarrierKind.values:
        errors["carrier_kind"] = [_("Say who carries the goods.")]
    if not carrier_name:
        errors["carrier_name"] = [_("Enter the carrier's name.")]
    if carrier_kind == CarrierKind.EMPLOYEE and not company:
        errors["company"] = [_("A company employee: name the company.")]
    if carrier_id_type and carrier_id_type not in IdType.values:
        errors["carrier_id_type"] = [_("Choose the identity document.")]
    if carrier_id_number and not carrier_id_type:
        errors["carrier_id_type"] = [_("Say which identity document the number is of.")]
    valid_on = valid_on or today
    if valid_on < today:
        errors["valid_on"] = [_("A pass is valid today or on a later day.")]
    try:
        cleaned_items = _clean_items(items)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if carrier_kind == CarrierKind.OWNER and not _is_unit_owner(unit, carrier_name):
        msg = _("%(name)s is not an owner of unit %(unit)s; choose who the carrier is.") % {
            "name": carrier_name,
            "unit": unit.code,
        }
        raise BusinessRuleError("carrier_not_owner", msg, {"carrier_name": [msg]})
    if kind == PassKind.MOVING_OUT:
        _require_settled(unit, today)
    release_pass = ReleasePass(
        project_id=unit.project_id,
        unit=unit,
        number=_number(unit.project_id, today.year),
        kind=kind,
        reason=(reason or "").strip()[:200],
        valid_on=valid_on,
        carrier_kind=carrier_kind,
        carrier_name=carrier_name,
        carrier_id_type=carrier_id_type or "",
        carrier_id_number=carrier_id_number,
        carrier_mobile=(carrier_mobile or "").strip(),
        company=company,
        consent_party=consent_party_needed(carrier_kind),
        created_by=acting_user,
    )
    stamp(release_pass, acting_user).save()
    ReleasePassItem.objects.bulk_create(
        [ReleasePassItem(release_pass=release_pass, **item) for item in cleaned_items]
    )
    return release_pass


@transaction.atomic
def pass_consent(
    *,
    release_pass: ReleasePass,
    phone: str,
    name: str,
    answer: str,
    acting_user: User,
    note: str = "",
    called_at: dt.datetime | None = None,
) -> ReleasePass:
    """Record the consent call (seed 000 §4 step 5): the owner (a tenant moving out, a relative, a
    nanny, a worker carrying) or the company's responsible person (a company employee) is phoned;
    the call time, the number, who answered, the answer (agreed, refused, could not be reached) and
    what was said go on the pass. A later call replaces the answer (the history keeps every call).
    Refused or unreachable blocks the issue: the goods are not released (yet)."""
    access.require_perm(acting_user, "frontdesk.prepare_pass", release_pass.project_id)
    release_pass = _locked(release_pass)
    if release_pass.status != PassStatus.DRAFT:
        msg = _("Pass %(number)s is %(status)s; the consent is recorded before the issue.") % {
            "number": release_pass.number,
            "status": release_pass.get_status_display(),
        }
        raise BusinessRuleError("pass_wrong_status", msg)
    party = consent_party_needed(release_pass.carrier_kind)
    if not party:
        msg = _("The owner carries their own goods; no consent call is needed.")
        raise BusinessRuleError("consent_not_needed", msg)
    errors: dict[str, list[str]] = {}
    phone, name, note = (phone or "").strip(), (name or "").strip(), (note or "").strip()
    if not phone:
        errors["phone"] = [_("Enter the number called.")]
    if answer in (ConsentAnswer.AGREED, ConsentAnswer.REFUSED) and not name:
        errors["name"] = [_("Enter who answered the call.")]
    if answer not in ConsentAnswer.values:
        errors["answer"] = [_("Choose the answer.")]
    if errors:
        raise ValidationError(errors)
    release_pass.consent_party = party
    release_pass.consent_phone = phone[:30]
    release_pass.consent_name = name[:100]
    release_pass.consent_answer = answer
    release_pass.consent_note = note[:200]
    release_pass.consent_called_at = event_time(called_at)
    release_pass.consent_by = acting_user
    stamp(release_pass, acting_user).save()
    return release_pass


def _consent_problem(release_pass: ReleasePass) -> tuple[str, str] | None:
    party = consent_party_needed(release_pass.carrier_kind)
    if not party:
        return None
    whose = _("the owner's") if party == ConsentParty.OWNER else _("the company's responsible person's")
    answer = release_pass.consent_answer
    if answer == ConsentAnswer.AGREED:
        return None
    if answer == ConsentAnswer.UNREACHABLE:
        return "consent_unreachable", _(
            "The consent call could not reach anyone (%(whose)s consent); the goods are not released yet."
        ) % {"whose": whose}
    if answer == ConsentAnswer.REFUSED:
        return "consent_refused", _("The consent was refused (%(whose)s); the goods are not released.") % {
            "whose": whose
        }
    return "consent_missing", _("Phone for %(whose)s consent first and record the answer.") % {"whose": whose}


@transaction.atomic
def pass_approve(
    *,
    release_pass: ReleasePass,
    carrier_signed: bool,
    acting_user: User,
    owner_signed: bool = False,
) -> ReleasePass:
    """Issue the pass: the centre's handler (`acting_user`, the first signature) checks that the
    carrier signed, that the owner signed or the phone consent agreed (the owner carrying their own
    goods signs as carrier), that the consent call — where one is needed — was answered "agreed",
    and, for moving out, that billing's settlement is still clear today. The day must not be past.
    Every missing thing is named in one refusal (code of the first)."""
    access.require_perm(acting_user, "frontdesk.issue_pass", release_pass.project_id)
    release_pass = _locked(release_pass)
    _check_transition(release_pass, PassStatus.APPROVED)
    today = timezone.localdate()
    if release_pass.valid_on < today:
        msg = _("Pass %(number)s was for %(day)s; prepare a new pass for today.") % {
            "number": release_pass.number,
            "day": release_pass.valid_on.isoformat(),
        }
        raise BusinessRuleError("pass_day_past", msg, {"valid_on": [msg]})
    if release_pass.kind == PassKind.MOVING_OUT:
        _require_settled(release_pass.unit, today)
    problems: list[tuple[str, str, str]] = []  # (code, field, message)
    consent = _consent_problem(release_pass)
    if consent is not None:
        problems.append((consent[0], "consent", consent[1]))
    if not carrier_signed:
        problems.append(("carrier_signature_missing", "carrier_signed", _("The carrier must sign the pass.")))
    owner_ok = (
        owner_signed
        or release_pass.consent_answer == ConsentAnswer.AGREED
        or (release_pass.carrier_kind == CarrierKind.OWNER and carrier_signed)
    )
    if not owner_ok and consent is None:
        problems.append(
            (
                "owner_signature_missing",
                "owner_signed",
                _("The owner signs the pass, or their consent by phone is recorded."),
            )
        )
    if problems:
        fields: dict[str, list[str]] = {}
        for _code, name, message in problems:
            fields.setdefault(name, []).append(message)
        raise BusinessRuleError(problems[0][0], " ".join(p[2] for p in problems), fields)
    release_pass.status = PassStatus.APPROVED
    release_pass.carrier_signed = True
    release_pass.owner_signed = bool(owner_signed) or release_pass.carrier_kind == CarrierKind.OWNER
    release_pass.approved_by = acting_user
    release_pass.approved_at = timezone.now()
    stamp(release_pass, acting_user).save()
    return release_pass


@transaction.atomic
def pass_cancel(*, release_pass: ReleasePass, reason: str, acting_user: User) -> ReleasePass:
    """Cancel a pass being prepared or issued and not used (it stays in the register, cancelled, with
    the reason: a pass is never lost)."""
    access.require_any(
        acting_user, ("frontdesk.prepare_pass", "frontdesk.issue_pass"), release_pass.project_id
    )
    release_pass = _locked(release_pass)
    _check_transition(release_pass, PassStatus.CANCELLED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the pass is cancelled.")]})
    release_pass.status = PassStatus.CANCELLED
    release_pass.cancelled_at = timezone.now()
    release_pass.cancelled_by = acting_user
    release_pass.cancel_reason = reason[:200]
    stamp(release_pass, acting_user).save()
    return release_pass


def _gate_refusal(release_pass: ReleasePass, today: dt.date) -> BusinessRuleError | None:
    number, status = release_pass.number, release_pass.status
    if status == PassStatus.USED:
        released_at = timezone.localtime(release_pass.released_at) if release_pass.released_at else None
        msg = _("Pass %(number)s was already used: released at %(time)s by %(guard)s.") % {
            "number": number,
            "time": f"{released_at:%Y-%m-%d %H:%M}" if released_at else "",
            "guard": str(release_pass.released_by) if release_pass.released_by_id else "",
        }
        return BusinessRuleError("pass_used", msg, {"number": [msg]})
    if status == PassStatus.CANCELLED:
        msg = _("Pass %(number)s was cancelled: %(reason)s") % {
            "number": number,
            "reason": release_pass.cancel_reason,
        }
        return BusinessRuleError("pass_cancelled", msg, {"number": [msg]})
    if status == PassStatus.DRAFT:
        msg = _("Pass %(number)s has not been issued by the centre; no release.") % {"number": number}
        return BusinessRuleError("pass_not_issued", msg, {"number": [msg]})
    if status == PassStatus.EXPIRED or release_pass.valid_on < today:
        msg = _("Pass %(number)s was valid on %(day)s only; it has expired.") % {
            "number": number,
            "day": release_pass.valid_on.isoformat(),
        }
        return BusinessRuleError("pass_expired", msg, {"number": [msg]})
    if release_pass.valid_on > today:
        msg = _("Pass %(number)s is valid on %(day)s, not today.") % {
            "number": number,
            "day": release_pass.valid_on.isoformat(),
        }
        return BusinessRuleError("pass_not_yet_valid", msg, {"number": [msg]})
    return None


def gate_check(release_pass: ReleasePass) -> BusinessRuleError | None:
    """Why the gate would refuse the pass now (None: it may be released). For the gate page, which
    shows the refusal in red before the guard checks anything."""
    return _gate_refusal(release_pass, timezone.localdate())


@transaction.atomic
def pass_release(
    *, release_pass: ReleasePass, items_checked: bool, acting_user: User, note: str = ""
) -> ReleasePass:
    """The guard releases the goods at the gate (seed 001): only against a pass issued by the centre
    and valid today, after checking the items against it; the pass is then used up. A second release
    is refused (`pass_used`, saying when and by whom), so is an expired (`pass_expired`), cancelled,
    not yet issued or not yet valid pass."""
    access.require_perm(acting_user, "frontdesk.release_pass", release_pass.project_id)
    release_pass = _locked(release_pass)
    refusal = _gate_refusal(release_pass, timezone.localdate())
    if refusal is not None:
        raise refusal
    if not items_checked:
        msg = _("Check the goods against the items on the pass first.")
        raise BusinessRuleError("items_not_checked", msg, {"items_checked": [msg]})
    _check_transition(release_pass, PassStatus.USED)
    release_pass.status = PassStatus.USED
    release_pass.released_at = timezone.now()
    release_pass.released_by = acting_user
    release_pass.gate_note = (note or "").strip()[:200]
    stamp(release_pass, acting_user).save()
    return release_pass


def passes_expire_sweep(*, now: dt.datetime | None = None) -> int:
    """Close the passes of past days (seed 001: every pass is accounted for): an issued pass not used
    on its day expires; a pass still being prepared when its day is over is cancelled ("not issued
    on its day"). Idempotent; returns how many passes were closed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    closed = 0
    stale = ReleasePass.objects.filter(
        status__in=(PassStatus.APPROVED, PassStatus.DRAFT), valid_on__lt=today
    ).values_list("pk", flat=True)
    for pk in list(stale):
        with transaction.atomic():
            release_pass = lock_row(ReleasePass, pk)
            if release_pass.valid_on >= today:
                continue
            if release_pass.status == PassStatus.APPROVED:
                release_pass.status = PassStatus.EXPIRED
                release_pass.expired_at = now
            elif release_pass.status == PassStatus.DRAFT:
                release_pass.status = PassStatus.CANCELLED
                release_pass.cancelled_at = now
                release_pass.cancel_reason = _("Not issued on its day.")
            else:
                continue
            release_pass.save()
            closed += 1
    return closed
