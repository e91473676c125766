"""Keys coming into custody and going to the owner (seed 000 §23 管理方法 1–4)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.sequences import next_value
from wuye.estate.choices import IdType, OccupancyStatus
from wuye.keys.choices import ENTRUSTED_SOURCES, KeySource, KeyState, MovementKind
from wuye.keys.models import Key, KeyMovement
from wuye.keys.services.common import (
    is_current_owner,
    locked,
    movement_time,
    record_move,
    require_signature,
)

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Owner, Unit


def _number(unit: Unit, number: str) -> str:
    number = (number or "").strip()
    if not number:  # numbered in order (按序编号) when the keeper gives none
        return f"K{next_value(f'keys:{unit.project_id}'):04d}"
    if Key.objects.filter(project_id=unit.project_id, number=number).exists():
        raise ValidationError({"number": [_("This key number is already in the register.")]})
    return number


def _location(storage_location: str) -> str:
    storage_location = (storage_location or "").strip()
    if not storage_location:
        raise ValidationError({"storage_location": [_("Say in which locked cabinet the key is kept.")]})
    return storage_location


def _create(
    *, unit: Unit, number: str, source: str, storage_location: str, acting_user: User, at, **extra
) -> Key:
    key = Key(
        project_id=unit.project_id,
        unit=unit,
        number=_number(unit, number),
        source=source,
        storage_location=_location(storage_location),
        registered_at=at,
        registered_by=acting_user,
        **extra,
    )
    stamp(key, acting_user).save()
    kind = MovementKind.ENTRUSTED if source in ENTRUSTED_SOURCES else MovementKind.REGISTERED
    KeyMovement.objects.create(
        key=key, kind=kind, at=at, by=acting_user, to_state=KeyState.IN_STORE, note=extra.get("note", "")
    )
    return key


@transaction.atomic
def key_register(
    *,
    unit: Unit,
    source: str,
    storage_location: str,
    acting_user: User,
    number: str = "",
    note: str = "",
    entrusted_by: Owner | None = None,
    consent: bool = False,
    at: dt.datetime | None = None,
) -> Key:
    """Enter a key in the register (《钥匙委托管理清册》), numbered (unique in the project; the next
    number K0001… when none is given) and kept locked at `storage_location`.

    Sources (seed 000 §23 管理范围): keys handed over by the developer; keys of a unit whose owner
    has not taken it yet (only while the unit is not handed over); keys entrusted by the owner or kept
    for rectification go through `key_entrust` (called from here for those sources)."""
    if source in ENTRUSTED_SOURCES:
        return key_entrust(
            unit=unit,
            source=source,
            storage_location=storage_location,
            entrusted_by=entrusted_by,
            consent=consent,
            acting_user=acting_user,
            number=number,
            note=note,
            at=at,
        )
    access.require_perm(acting_user, "keys.receive", unit.project_id)
    if source not in KeySource.values:
        raise ValidationError({"source": [_("Choose where the key comes from.")]})
    if source == KeySource.NOT_TAKEN and unit.status != OccupancyStatus.NOT_HANDED_OVER:
        raise BusinessRuleError(
            "unit_already_taken",
            _("Unit %(unit)s is already handed over; its key is not a key of a unit not yet taken.")
            % {"unit": unit.code},
            {"source": [_("The unit is already handed over.")]},
        )
    return _create(
        unit=unit,
        number=number,
        source=source,
        storage_location=storage_location,
        acting_user=acting_user,
        at=event_time(at),
        note=(note or "").strip(),
    )


@transaction.atomic
def key_entrust(
    *,
    unit: Unit,
    entrusted_by: Owner | None,
    storage_location: str,
    acting_user: User,
    source: str = KeySource.OWNER_ENTRUSTED,
    consent: bool = False,
    number: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Key:
    """Keep a key the owner gives into custody; it goes back only to `entrusted_by` or the unit's
    verified owner (see `key_issue`). The owner's consent must be recorded (`consent=True`).

    - `source=KeySource.OWNER_ENTRUSTED` (业主委托托管): only for a vacant unit (seed 000 §23 管理方法 3:
      只接受空置房鑰匙委托管理); the company is not liable for property inside.
    - `source=KeySource.RECTIFICATION`: the handover keeps one key to rectify defects, with the
      owner's consent (spec 04 step 7). The handover calls this while the unit is being handed over
      or after (the unit is not yet vacant at step 7, so the vacant-unit rule does not apply).

    `entrusted_by` must be a current owner of `unit` (or, for a rectification key of a unit not yet
    handed over, the owner the unit is being handed to). Returns the new key, state in store, with an
    `entrusted` movement. Refusals: BusinessRuleError `unit_not_vacant`, `consent_missing`,
    `not_the_owner`; ValidationError on `number`/`storage_location`/`source`."""
    access.require_perm(acting_user, "keys.receive", unit.project_id)
    if source not in ENTRUSTED_SOURCES:
        raise ValidationError({"source": [_("Only owner-entrusted and rectification keys are entrusted.")]})
    if entrusted_by is None or entrusted_by.project_id != unit.project_id:
        msg = _("Say which owner entrusts the key.")
        raise BusinessRuleError("entrusted_by_missing", msg, {"entrusted_by": [msg]})
    if not consent:
        msg = _("The owner's consent to keep the key is required.")
        raise BusinessRuleError("consent_missing", msg, {"consent": [msg]})
    if source == KeySource.OWNER_ENTRUSTED and unit.status != OccupancyStatus.VACANT:
        raise BusinessRuleError(
            "unit_not_vacant",
            _("Keys are kept for owners only for vacant units; unit %(unit)s is %(status)s.")
            % {"unit": unit.code, "status": unit.get_status_display()},
        )
    if not is_current_owner(unit, entrusted_by) and not (
        source == KeySource.RECTIFICATION and unit.status == OccupancyStatus.NOT_HANDED_OVER
    ):
        msg = _("%(name)s is not an owner of unit %(unit)s.") % {"name": entrusted_by.name, "unit": unit.code}
        raise BusinessRuleError("not_the_owner", msg, {"entrusted_by": [msg]})
    return _create(
        unit=unit,
        number=number,
        source=source,
        storage_location=storage_location,
        acting_user=acting_user,
        at=event_time(at),
        entrusted_by=entrusted_by,
        consent_recorded=True,
        note=(note or "").strip(),
    )


@transaction.atomic
def key_issue(
    *,
    key: Key,
    to_owner: Owner | None,
    identity_checked: bool,
    identity_document: str,
    signed_name: str,
    signed: bool,
    acting_user: User,
    at: dt.datetime | None = None,
    note: str = "",
) -> KeyMovement:
    """Hand a key to the owner, who signs for it (seed 000 §23 管理方法 2 and 4).

    Only after the unit's handover is finished (its status is no longer "not handed over"); the
    person's identity checked against a named document; a developer's or not-taken key only to a
    current owner of the unit; an entrusted key only to the person who entrusted it or the unit's
    verified owner (非托管人一概不得領取). Anything else goes through the release approvals."""
    access.require_perm(acting_user, "keys.manage", key.project_id)
    key = locked(key)
    unit = key.unit
    if unit.status == OccupancyStatus.NOT_HANDED_OVER:
        raise BusinessRuleError(
            "handover_not_finished",
            _("Unit %(unit)s is not handed over yet; keys go to the owner only after the handover.")
            % {"unit": unit.code},
        )
    if to_owner is None:
        raise ValidationError({"to_owner": [_("Say which owner collects the key.")]})
    if key.source in ENTRUSTED_SOURCES:
        allowed = to_owner.pk == key.entrusted_by_id or is_current_owner(unit, to_owner)
        message = _(
            "Only the person who entrusted key %(number)s or the unit's verified owner may collect it."
        )
    else:
        allowed = is_current_owner(unit, to_owner)
        message = _("Key %(number)s goes only to an owner of its unit.")
    if not allowed:
        msg = message % {"number": key.number}
        raise BusinessRuleError("not_entitled", msg, {"to_owner": [msg]})
    if not identity_checked:
        msg = _("Check the collector's identity first.")
        raise BusinessRuleError("identity_not_checked", msg, {"identity_checked": [msg]})
    if identity_document not in IdType.values:
        raise ValidationError({"identity_document": [_("Say which identity document was checked.")]})
    signed_name = require_signature(signed_name, signed)
    return record_move(
        key=key,
        to_state=KeyState.ISSUED,
        kind=MovementKind.ISSUED,
        acting_user=acting_user,
        at=movement_time(key, at),
        to_owner=to_owner,
        to_name=to_owner.name,
        signed_name=signed_name,
        signed=True,
        identity_checked=True,
        identity_document=identity_document,
        note=(note or "").strip(),
    )
