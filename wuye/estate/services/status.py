"""Occupancy status changes of a unit."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
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


def unit_status_history_import(
    *,
    histories: dict[int, list[tuple[str, dt.datetime]]],
    acting_user: AbstractBaseUser,
    reasons: dict[str, str] | None = None,
) -> int:
    """Enter the occupancy history of many units at once from the records of the previous
    management (source "import": a project taken over, its paper records entered).

    `histories` maps a unit id to its dated steps, oldest first. Each unit's chain is checked as
    `unit_change_status` checks one move (from the unit's current status, along
    OCCUPANCY_TRANSITIONS, times rising, never before its last recorded change nor in the future)
    and the whole import is refused if any is wrong (or the user may not change the status of
    units of one of their projects); then the rows are written in bulk, with the
    units' history. `reasons`: the reason recorded for each target status. Returns the number of
    status changes recorded.
    """
    histories = {pk: steps for pk, steps in histories.items() if steps}
    if not histories:
        return 0
    reasons = reasons or {}
    now = timezone.now()
    with transaction.atomic():
        units = {unit.pk: unit for unit in Unit.objects.select_for_update().filter(pk__in=histories)}
        missing = set(histories) - set(units)
        if missing:
            raise ValidationError({"units": [_("Unknown units: %(ids)s.") % {"ids": sorted(missing)}]})
        for project_id in {unit.project_id for unit in units.values()}:
            access.require_perm(acting_user, "unit.change_status", project_id)
        last_at = dict(
            UnitStatusChange.objects.filter(unit_id__in=histories)
            .values("unit_id")
            .annotate(last=models.Max("at"))
            .values_list("unit_id", "last")
        )
        rows: list[UnitStatusChange] = []
        for pk, steps in histories.items():
            unit = units[pk]
            current, previous = unit.status, last_at.get(pk)
            for to_status, at in steps:
                if to_status not in OccupancyStatus.values:
                    raise ValidationError({"status": [_("Unknown occupancy status.")]})
                if to_status not in OCCUPANCY_TRANSITIONS[current]:
                    raise BusinessRuleError(
                        "status_transition_forbidden",
                        _("%(unit)s: a unit cannot change from “%(from)s” to “%(to)s”.")
                        % {
                            "unit": unit.code,
                            "from": OccupancyStatus(current).label,
                            "to": OccupancyStatus(to_status).label,
                        },
                        {"status": [_("This status change is not allowed.")]},
                    )
                when = event_time(at, not_before=previous, now=now)
                if current == OccupancyStatus.NOT_HANDED_OVER and unit.handover_date is None:
                    unit.handover_date = timezone.localtime(when).date()
                rows.append(
                    UnitStatusChange(
                        unit=unit,
                        from_status=current,
                        to_status=to_status,
                        source=StatusChangeSource.IMPORT,
                        reason=reasons.get(to_status, ""),
                        at=when,
                        changed_by_id=acting_user.pk,
                    )
                )
                current, previous = to_status, when
            unit.status, unit.status_changed_at, unit.updated_at = current, previous, now
        changed = list(units.values())
        UnitStatusChange.objects.bulk_create(rows, batch_size=500)
        Unit.objects.bulk_update(
            changed, ["status", "status_changed_at", "handover_date", "updated_at"], batch_size=500
        )
        Unit.history.bulk_history_create(  # type: ignore[attr-defined]  # simple_history's manager
            changed,
            update=True,
            default_user=acting_user,
            default_change_reason=_("Occupancy history imported"),
            default_date=now,
        )
    return len(rows)
