"""Handover reads: the checklist with its states and who was made responsible when, the units of a
batch, the daily handover report (交房日报表), the handover summary (房屋交接汇总报表) and the
open defects per building."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.accounts.models import RoleAssignment
from wuye.estate.choices import OccupancyStatus
from wuye.estate.models import Project, Unit
from wuye.handover.choices import HandoverStatus, ItemState
from wuye.handover.models import ChecklistAssignment, ChecklistItem, Defect, Handover, HandoverBatch


def batches_for(user) -> QuerySet[HandoverBatch]:
    return HandoverBatch.objects.visible_to(user).select_related("project")


def project_staff(project_id: int) -> QuerySet:
    """Active staff of the project, company-wide roles included: who may own a checklist item
    (the rule of services.checklist_item_assign)."""
    assigned = RoleAssignment.objects.active().filter(Q(project_id=project_id) | Q(project__isnull=True))
    return (
        get_user_model()
        .objects.filter(pk__in=assigned.values("user_id"), is_active=True)
        .order_by("username", "pk")
    )


def checklist(batch: HandoverBatch, *, today: dt.date | None = None) -> list[ChecklistItem]:
    """The batch's preparation items, each with `state` (open, late, done, done late) set."""
    today = today or timezone.localdate()
    assignments = ChecklistAssignment.objects.select_related("previous_owner", "owner", "assigned_by")
    items = list(
        batch.checklist.select_related("owner", "done_by")
        .prefetch_related(Prefetch("assignments", queryset=assignments.order_by("assigned_at", "id")))
        .order_by("due_date", "id")
    )
    for item in items:
        state = item.state(today)
        item.current_state = state  # type: ignore[attr-defined]  # shown by the page and the API
        item.current_state_label = ItemState(state).label  # type: ignore[attr-defined]
    return items


def assignment_history(batch: HandoverBatch) -> QuerySet[ChecklistAssignment]:
    """Who made whom responsible for which of the batch's checklist items, newest first."""
    return (
        ChecklistAssignment.objects.filter(item__batch=batch)
        .select_related("item", "previous_owner", "owner", "assigned_by")
        .order_by("-assigned_at", "-id")
    )


def batch_units(batch: HandoverBatch) -> QuerySet[Unit]:
    """The units this batch hands over: of its buildings (or of the whole project) those not handed
    over yet, and those it has handed over."""
    units = Unit.objects.filter(project_id=batch.project_id)
    building_ids = list(batch.buildings.values_list("pk", flat=True))
    if building_ids:
        units = units.filter(building_id__in=building_ids)
    return units.filter(Q(status=OccupancyStatus.NOT_HANDED_OVER) | Q(handovers__batch=batch)).select_related(
        "building"
    )


@dataclass
class SummaryRow:
    unit: Unit
    handover: Handover | None
    taken: bool
    reason: str


@dataclass
class Summary:
    batch: HandoverBatch
    rows: list[SummaryRow] = field(default_factory=list)

    @property
    def handed_over(self) -> list[SummaryRow]:
        return [r for r in self.rows if r.taken]

    @property
    def not_taken(self) -> list[SummaryRow]:
        return [r for r in self.rows if not r.taken]


def summary(batch: HandoverBatch) -> Summary:
    """房屋交接汇总报表: every unit of the batch, handed over (with owner, day and fees) or not
    taken, with the reason (a unit whose owner has not come yet says so)."""
    handovers = {
        h.unit_id: h for h in Handover.objects.filter(batch=batch).select_related("owner", "roster_entry")
    }
    result = Summary(batch=batch)
    for unit in batch_units(batch).order_by("building__number", "entrance", "floor", "room"):
        handover = handovers.get(unit.pk)
        taken = handover is not None and handover.status == HandoverStatus.HANDED_OVER
        if taken:
            reason = ""
        elif handover is not None and handover.status == HandoverStatus.NOT_TAKEN:
            reason = handover.not_taken_reason
        elif handover is not None:
            reason = _("Handover in progress")
        else:
            reason = _("The owner has not come yet")
        result.rows.append(SummaryRow(unit=unit, handover=handover, taken=taken, reason=reason))
    return result


@dataclass
class DailyReport:
    batch: HandoverBatch
    day: dt.date
    handovers: Sequence[Handover]
    total_units: int
    handed_over_to_date: int
    not_taken: int
    defects_found: int

    @property
    def handed_over_today(self) -> int:
        return len(self.handovers)

    @property
    def remaining(self) -> int:
        return self.total_units - self.handed_over_to_date


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def daily_report(batch: HandoverBatch, day: dt.date) -> DailyReport:
    """交房日报表: the units handed over on `day` with their owners, fees and keys, and the
    running totals of the batch."""
    start, end = _day_bounds(day)
    finished = Handover.objects.filter(batch=batch, status=HandoverStatus.HANDED_OVER)
    today_rows = list(
        finished.filter(finished_at__gte=start, finished_at__lt=end)
        .select_related("unit", "owner")
        .annotate(defect_count=Count("defects"))
        .order_by("finished_at", "id")
    )
    return DailyReport(
        batch=batch,
        day=day,
        handovers=today_rows,
        total_units=batch_units(batch).count(),
        handed_over_to_date=finished.filter(finished_at__lt=end).count(),
        not_taken=Handover.objects.filter(batch=batch, status=HandoverStatus.NOT_TAKEN).count(),
        defects_found=Defect.objects.filter(
            handover__batch=batch, created_at__gte=start, created_at__lt=end
        ).count(),
    )


@dataclass
class ProjectDailyReport:
    project: Project
    day: dt.date
    batches: list[DailyReport]

    @property
    def handed_over_today(self) -> int:
        return sum(r.handed_over_today for r in self.batches)

    @property
    def defects_found(self) -> int:
        return sum(r.defects_found for r in self.batches)


def project_daily_report(
    project: Project, day: dt.date, *, batch: HandoverBatch | None = None
) -> ProjectDailyReport:
    """交房日报表 of a project on `day`, one `daily_report` per batch: `batch` alone, or the
    project's batches whose handover date has come by `day` and any other that handed a unit
    over that day (a batch still being prepared has nothing to report)."""
    if batch is not None:
        batches = [batch]
    else:
        start, end = _day_bounds(day)
        handed_over_that_day = Handover.objects.filter(
            project=project, status=HandoverStatus.HANDED_OVER, finished_at__gte=start, finished_at__lt=end
        ).values("batch_id")
        batches = list(
            HandoverBatch.objects.filter(project=project)
            .filter(Q(handover_date__lte=day) | Q(pk__in=handed_over_that_day))
            .select_related("project")
            .order_by("handover_date", "id")
        )
    return ProjectDailyReport(project=project, day=day, batches=[daily_report(b, day) for b in batches])


def defects_for(user) -> QuerySet[Defect]:
    return Defect.objects.visible_to(user).select_related("unit", "building", "handover")


def open_defects_by_building(project, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Per building: open defects and how many are overdue."""
    today = today or timezone.localdate()
    rows = (
        Defect.objects.filter(project=project, closed_at__isnull=True)
        .values("building_id", "building__name", "building__number")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today)))
        .order_by("building__number")
    )
    return [dict(row) for row in rows]
