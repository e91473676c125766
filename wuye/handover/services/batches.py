"""Handover batches and their preparation checklist (seed 003: 物业交付前准备)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.validators import check_name, check_plausible_date
from wuye.handover.choices import CHECKLIST_OFFSETS
from wuye.handover.models import ChecklistAssignment, ChecklistItem, HandoverBatch


def checklist_due_dates(handover_date: dt.date) -> dict[str, dt.date]:
    """Each preparation task's due date, counted back from the handover date (seed 003: T−60
    team, acceptance inspection, keys and materials, archives, dates and fees; T−15 venue and
    flow, first cleaning, one script, rehearsal; T−10 notice letters; T−7 public announcement)."""
    return {task: handover_date - dt.timedelta(days=days) for task, days in CHECKLIST_OFFSETS.items()}


def batch_create(
    *, project, name: str, handover_date: dt.date, acting_user, buildings=(), notes: str = ""
) -> HandoverBatch:
    """A handover batch of the project (or of some of its buildings) and its checklist."""
    access.require_perm(acting_user, "handover.plan", project.pk)
    name = check_name(name)
    check_plausible_date(handover_date, field="handover_date")
    buildings = list(buildings)
    foreign = [b for b in buildings if b.project_id != project.pk]
    if foreign:
        raise BusinessRuleError(
            "building_of_other_project",
            _("A building of another project cannot be in this batch."),
            {"buildings": [_("The building belongs to another project.")]},
        )
    with transaction.atomic():
        batch = stamp(
            HandoverBatch(
                project=project,
                name=name,
                handover_date=handover_date,
                notes=notes or "",
                created_by=acting_user,
            ),
            acting_user,
        )
        batch.save()
        if buildings:
            batch.buildings.set(buildings)
        ChecklistItem.objects.bulk_create(
            ChecklistItem(batch=batch, task=task, days_before=CHECKLIST_OFFSETS[task], due_date=due)
            for task, due in checklist_due_dates(handover_date).items()
        )
    return batch


#: the batch's history keeps the reason of a new date (simple_history's change reason column)
RESCHEDULE_REASON_MAX = 100


def batch_reschedule(
    *, batch: HandoverBatch, handover_date: dt.date, reason: str, acting_user
) -> HandoverBatch:
    """A new handover date, with its reason (kept in the batch's history): the open checklist items
    are due again counted back from it (what is done stays done, with its old due date). Once units
    are being handed over the date stays."""
    access.require_perm(acting_user, "handover.plan", batch.project_id)
    check_plausible_date(handover_date, field="handover_date")
    reason = check_name(reason, field="reason")
    if not reason:
        msg = _("Give the reason for moving the handover date.")
        raise BusinessRuleError("reason_required", msg, {"reason": [msg]})
    if len(reason) > RESCHEDULE_REASON_MAX:
        msg = _("The reason is too long (at most %(max)d characters).") % {"max": RESCHEDULE_REASON_MAX}
        raise BusinessRuleError("reason_too_long", msg, {"reason": [msg]})
    with transaction.atomic():
        locked = HandoverBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.handovers.exists():
            raise BusinessRuleError(
                "batch_started",
                _("Units of this batch are already being handed over; its date cannot change."),
                {"handover_date": [_("The handover has started.")]},
            )
        if locked.handover_date == handover_date:
            msg = _("The batch is already on this date.")
            raise BusinessRuleError("same_handover_date", msg, {"handover_date": [msg]})
        locked.handover_date = handover_date
        locked._change_reason = reason  # type: ignore[attr-defined]  # simple_history reads it
        stamp(locked, acting_user).save(update_fields=["handover_date", "updated_at"])
        dues = checklist_due_dates(handover_date)
        for item in locked.checklist.open():
            item.due_date = dues[item.task]
            item.save(update_fields=["due_date"])
    batch.refresh_from_db()
    return batch


def checklist_item_assign(
    *, item: ChecklistItem, owner, acting_user, now: dt.datetime | None = None
) -> ChecklistItem:
    """Who is responsible for a preparation task: a staff member of the project (None clears it).
    Each change of the owner is kept (ChecklistAssignment: from whom to whom, by whom, when), so
    the checklist shows who was made responsible when; assigning the current owner again changes
    nothing and records nothing."""
    project_id = item.batch.project_id
    access.require_perm(acting_user, "handover.plan", project_id)
    if owner is not None and not access.roles_in(owner, project_id):
        raise BusinessRuleError(
            "owner_not_project_staff",
            _("The person responsible must be on the staff of the project."),
            {"owner": [_("Not on the staff of this project.")]},
        )
    with transaction.atomic():
        locked = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        previous_id = locked.owner_id
        new_id = owner.pk if owner is not None else None
        if previous_id != new_id:
            locked.owner = owner
            locked.save(update_fields=["owner"])
            ChecklistAssignment.objects.create(
                item=locked,
                previous_owner_id=previous_id,
                owner=owner,
                assigned_by=acting_user,
                assigned_at=now or timezone.now(),
            )
    item.refresh_from_db()
    return item


def checklist_item_done(
    *, item: ChecklistItem, acting_user, at: dt.datetime | None = None, note: str = ""
) -> ChecklistItem:
    """A preparation task done (its owner or the planners); done after its due date shows as late."""
    project_id = item.batch.project_id
    if item.owner_id != acting_user.pk:
        access.require_perm(acting_user, "handover.plan", project_id)
    else:
        access.require_perm(acting_user, "handover.view", project_id)
    with transaction.atomic():
        locked = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        if locked.done_at is not None:
            raise BusinessRuleError("checklist_item_done", _("This task is already done."))
        locked.done_at = event_time(at)
        locked.done_by = acting_user
        locked.note = (note or "")[:200]
        locked.save(update_fields=["done_at", "done_by", "note"])
    item.refresh_from_db()
    return item
