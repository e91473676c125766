"""Occupancy status changes of a unit."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.estate.choices import OCCUPANCY_TRANSITIONS, OccupancyStatus, StatusChangeSource
from wuye.estate.models import Unit, UnitStatusChange


def unit_change_status(
    *,
    unit: Unit,
    to_status: str,
    acting_user: AbstractBaseUser,
    reason: str = "",
    source: str = StatusChangeSource.MANUAL,
    at: dt.datetime | None = None,
) -> Unit:
    """The one way a unit's occupancy status changes (seed 000 §22).

    The move must be in OCCUPANCY_TRANSITIONS; a manual correction needs a reason and the
    `unit.change_status` permission; procedures (handover, move-in, exit…) pass their `source`.
    The event time may be given for paper records entered later (never in the future).
    """
    if to_status not in OccupancyStatus.values:
        raise ValidationError({"status": [_("Unknown occupancy status.")]})
    reason = (reason or "").strip()
    if source == StatusChangeSource.MANUAL:
        access.require_perm(acting_user, "unit.change_status", unit.project_id)
        if not reason:
            raise ValidationError({"reason": [_("A manual status correction needs a reason.")]})
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        current = locked.status
        if to_status not in OCCUPANCY_TRANSITIONS[current]:
            raise BusinessRuleError(
                "status_transition_forbidden",
                _("A unit cannot change from “%(from)s” to “%(to)s”.")
                % {"from": OccupancyStatus(current).label, "to": OccupancyStatus(to_status).label},
                {"status": [_("This status change is not allowed.")]},
            )
        last = locked.status_changes.order_by("-at").values_list("at", flat=True).first()
        when = event_time(at, not_before=last)
        locked.status = to_status
        locked.status_changed_at = when
        if current == OccupancyStatus.NOT_HANDED_OVER and locked.handover_date is None:
            locked.handover_date = timezone.localtime(when).date()
        stamp(locked, acting_user)
        locked._change_reason = reason[:100]  # type: ignore[attr-defined]  # simple_history's ad-hoc attribute
        locked.save(update_fields=["status", "status_changed_at", "handover_date", "updated_at"])
        UnitStatusChange.objects.create(
            unit=locked,
            from_status=current,
            to_status=to_status,
            source=source,
            reason=reason,
            at=when,
            changed_by_id=acting_user.pk,
        )
    unit.refresh_from_db()
    return unit
