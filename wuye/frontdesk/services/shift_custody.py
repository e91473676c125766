"""The shift log (交接班记录, 留言), seed 000 §14, spec 05: messages left by owners and visitors and
open points are written in the log and followed up until closed; at every shift change the outgoing
person hands over, and every open entry is attached to that hand-over so it is passed on explicitly;
the next shift acknowledges it (someone else than who handed over, once). Hand-overs left
unacknowledged longer than the project setting `frontdesk.handover_ack_hours` are flagged
(selectors_shift_custody.flagged_handovers)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.frontdesk.choices import ShiftEntryKind
from wuye.frontdesk.models import ShiftEntry, ShiftHandover

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Project, Unit

PERM = "frontdesk.shift_log"


def _clean(value: str | None) -> str:
    return (value or "").strip()


@transaction.atomic
def shift_entry_write(
    *,
    project: Project,
    kind: str,
    text: str,
    acting_user: User,
    unit: Unit | None = None,
    from_name: str = "",
    contact: str = "",
    at: dt.datetime | None = None,
) -> ShiftEntry:
    """Write a message or an open point in the shift log (seed 000 §14: 业主留言记录在交接班记录中并跟进).
    A message names who left it; a unit, when given, is one of the project's."""
    access.require_perm(acting_user, PERM, project.pk)
    text, from_name, contact = _clean(text), _clean(from_name), _clean(contact)
    errors: dict[str, list[str]] = {}
    if kind not in ShiftEntryKind.values:
        errors["kind"] = [_("Choose what kind of entry this is.")]
    if not text:
        errors["text"] = [_("Write the message or the point to follow up.")]
    if kind == ShiftEntryKind.MESSAGE and not from_name:
        errors["from_name"] = [_("Say who left the message.")]
    if errors:
        raise ValidationError(errors)
    if unit is not None and unit.project_id != project.pk:
        msg = _("Unit %(unit)s is not in this project.") % {"unit": unit.code}
        raise BusinessRuleError("unit_not_in_project", msg, {"unit": [msg]})
    entry = ShiftEntry(
        project=project,
        kind=kind,
        text=text,
        unit=unit,
        from_name=from_name,
        contact=contact,
        created_at=event_time(at),
        created_by=acting_user,
    )
    stamp(entry, acting_user).save()
    return entry


@transaction.atomic
def shift_entry_close(
    *, entry: ShiftEntry, outcome: str, acting_user: User, at: dt.datetime | None = None
) -> ShiftEntry:
    """Close an entry with what came of it (the owner was called back, the point was done). An entry
    is closed once; until then every hand-over carries it."""
    access.require_perm(acting_user, PERM, entry.project_id)
    entry = lock_row(ShiftEntry, entry.pk)
    if entry.closed_at is not None:
        msg = _("This entry was closed already.")
        raise BusinessRuleError("shift_entry_closed", msg)
    outcome = _clean(outcome)
    if not outcome:
        raise ValidationError({"outcome": [_("Say what came of it before closing the entry.")]})
    entry.closed_at = event_time(at, not_before=entry.created_at)
    entry.closed_by = acting_user
    entry.outcome = outcome
    stamp(entry, acting_user).save(update_fields=["closed_at", "closed_by", "outcome"])
    return entry


@transaction.atomic
def shift_handover(
    *,
    project: Project,
    shift: str,
    acting_user: User,
    summary: str = "",
    at: dt.datetime | None = None,
) -> ShiftHandover:
    """The outgoing person hands over the shift (交接班): the shift's label and a summary; every entry
    of the project still open at that time is attached, so each open point is passed on explicitly
    (spec 05: at every shift change the open points are handed over to the next shift)."""
    access.require_perm(acting_user, PERM, project.pk)
    shift = _clean(shift)
    if not shift:
        raise ValidationError({"shift": [_("Say which shift is handed over (e.g. day shift).")]})
    at = event_time(at)
    handover = ShiftHandover(
        project=project, shift=shift, handed_at=at, handed_by=acting_user, summary=_clean(summary)
    )
    stamp(handover, acting_user).save()
    open_ids = ShiftEntry.objects.filter(
        project=project, closed_at__isnull=True, created_at__lte=at
    ).values_list("pk", flat=True)
    handover.entries.add(*open_ids)
    return handover


@transaction.atomic
def shift_acknowledge(
    *, handover: ShiftHandover, acting_user: User, at: dt.datetime | None = None
) -> ShiftHandover:
    """The next shift acknowledges the hand-over (接班): someone other than who handed it over, and
    only once."""
    access.require_perm(acting_user, PERM, handover.project_id)
    handover = lock_row(ShiftHandover, handover.pk)
    if handover.acknowledged_at is not None:
        msg = _("This hand-over was acknowledged already by %(who)s.") % {"who": handover.acknowledged_by}
        raise BusinessRuleError("handover_acknowledged", msg)
    if handover.handed_by_id == acting_user.pk:
        msg = _("The next shift acknowledges a hand-over, not the person who handed it over.")
        raise BusinessRuleError("own_handover", msg)
    handover.acknowledged_at = event_time(at, not_before=handover.handed_at)
    handover.acknowledged_by = acting_user
    stamp(handover, acting_user).save(update_fields=["acknowledged_at", "acknowledged_by"])
    return handover
