"""Defects found at handover (交接遗留问题整改记录表, spec 04): tracked to closure with the
responsible party, due date, result, the owner's sign-off and where the rectification key is."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.validators import check_plausible_date
from wuye.handover.choices import STEP_ORDER, HandoverStatus, Step
from wuye.handover.models import Defect, Handover
from wuye.handover.services.units import keep_rectification_key


def defect_create(
    *,
    handover: Handover,
    item: str,
    location: str,
    responsible_party: str,
    due_date: dt.date,
    acting_user,
    within_warranty: bool = True,
    rectification_key_number: str = "",
    owner_consent: bool = False,
    key_storage_location: str = "",
) -> Defect:
    """A defect of the unit found at handover; a rectification key is kept only with the owner's
    consent (spec 04: 经业主同意留一把钥匙用于整改). The unit keeps one rectification key: it goes into
    the key register at the keys step (7); a defect recorded after that step with a key number puts
    the key into custody then (giving its storage location), or names the key already kept."""
    access.require_perm(acting_user, "handover.defects", handover.project_id)
    errors = {}
    for name, value in (("item", item), ("location", location), ("responsible_party", responsible_party)):
        if not (value or "").strip():
            errors[name] = [_("This field is required.")]
    if errors:
        raise BusinessRuleError("defect_incomplete", _("Fill in the defect completely."), errors)
    if handover.status == HandoverStatus.NOT_TAKEN:
        raise BusinessRuleError(
            "handover_not_taken", _("The unit was not taken; its defects wait for the handover.")
        )
    check_plausible_date(due_date, field="due_date")
    key_number = (rectification_key_number or "").strip()[:30]
    if key_number and not owner_consent:
        msg = _("A key is kept for rectification only with the owner's consent.")
        raise BusinessRuleError("no_owner_consent", msg, {"owner_consent": [msg]})
    if key_number:
        _check_key(handover, key_number)
    unit = handover.unit
    defect = Defect(
        project_id=handover.project_id,
        handover=handover,
        unit=unit,
        building_id=unit.building_id,
        item=item.strip()[:200],
        location=location.strip()[:100],
        responsible_party=responsible_party.strip()[:100],
        within_warranty=within_warranty,
        due_date=due_date,
        rectification_key_number=key_number,
        owner_consent=bool(key_number and owner_consent),
        created_by=acting_user,
    )
    with transaction.atomic():
        if key_number and not handover.rectification_key_number:
            locked = (
                Handover.objects.select_for_update(of=("self",))
                .select_related("unit", "owner")
                .get(pk=handover.pk)
            )
            locked.rectification_key = keep_rectification_key(
                locked,
                number=key_number,
                storage_location=key_storage_location,
                acting_user=acting_user,
                at=None,
            )
            locked.rectification_key_number = key_number
            stamp(locked, acting_user).save(
                update_fields=["rectification_key", "rectification_key_number", "updated_at"]
            )
            handover.rectification_key_number = key_number
        stamp(defect, acting_user).save()
    return defect


def _check_key(handover: Handover, key_number: str) -> None:
    """One rectification key per unit, kept from the keys step (7) on."""
    if handover.rectification_key_number and handover.rectification_key_number != key_number:
        msg = _("The unit's rectification key is %(number)s; name that key.") % {
            "number": handover.rectification_key_number
        }
        raise BusinessRuleError("other_rectification_key", msg, {"rectification_key_number": [msg]})
    keys_done = bool(handover.last_step) and STEP_ORDER.index(handover.last_step) >= STEP_ORDER.index(
        Step.KEYS_PREPARED
    )
    if not handover.rectification_key_number and not keys_done:
        msg = _("The rectification key is kept at the keys step; record the defect without it now.")
        raise BusinessRuleError("key_before_keys_step", msg, {"rectification_key_number": [msg]})


def defect_close(
    *,
    defect: Defect,
    result: str,
    owner_signed_off: bool,
    acting_user,
    at: dt.datetime | None = None,
) -> Defect:
    """A defect rectified: the result recorded and the owner's sign-off (业主签认) required."""
    access.require_perm(acting_user, "handover.defects", defect.project_id)
    result = (result or "").strip()
    if not result:
        msg = _("Record the result of the rectification.")
        raise BusinessRuleError("result_required", msg, {"result": [msg]})
    if not owner_signed_off:
        msg = _("The owner must sign off the rectification.")
        raise BusinessRuleError("owner_sign_off_required", msg, {"owner_signed_off": [msg]})
    with transaction.atomic():
        locked = Defect.objects.select_for_update().get(pk=defect.pk)
        if locked.closed_at is not None:
            raise BusinessRuleError("defect_closed", _("This defect is already closed."))
        locked.closed_at = event_time(at, not_before=locked.created_at)
        locked.closed_by = acting_user
        locked.result = result
        locked.owner_signed_off = True
        stamp(locked, acting_user).save()
    defect.refresh_from_db()
    return defect
