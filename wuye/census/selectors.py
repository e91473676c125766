"""Reads of the census (seed 000 §22): the units by status per building at a month's end and the
month's changes, both computed from the recorded status changes (estate's UnitStatusChange), and
the monthly occupancy report that puts them next to each building's census confirmation.

A unit's status at a moment is the `to_status` of its last change before it; a unit with no change
before it had the `from_status` of its first later change, or (no change at all) its current one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from wuye.census import months
from wuye.census.choices import CensusStatus, ChangeKind, ReportStatus
from wuye.census.models import BuildingCensus, OccupancyReport
from wuye.estate.choices import OccupancyStatus as S
from wuye.estate.models import Building, Project, Unit, UnitStatusChange

IN_USE = {S.OWNER_OCCUPIED, S.RENTED, S.OFFICE}


def change_kind(from_status: str, to_status: str) -> str:
    """What a change means on the report: handed over, moved in or out, renovation started or finished."""
    if from_status == S.NOT_HANDED_OVER:
        return ChangeKind.HANDED_OVER
    if to_status == S.RENOVATING:
        return ChangeKind.RENOVATION_STARTED
    if to_status in IN_USE:
        return ChangeKind.MOVED_IN
    if from_status == S.RENOVATING:
        return ChangeKind.RENOVATION_FINISHED
    return ChangeKind.MOVED_OUT


def _empty_counts() -> dict[str, int]:
    return dict.fromkeys(S.values, 0)


def _empty_changes() -> dict[str, int]:
    return dict.fromkeys(ChangeKind.values, 0)


def status_counts_at(*, project: Project, at: dt.datetime) -> dict[int, dict[str, int]]:
    """Units by status per building id as they stood just before `at` (one query)."""
    before = (
        UnitStatusChange.objects.filter(unit=OuterRef("pk"), at__lt=at)
        .order_by("-at", "-id")
        .values("to_status")
    )
    after = (
        UnitStatusChange.objects.filter(unit=OuterRef("pk"), at__gte=at)
        .order_by("at", "id")
        .values("from_status")
    )
    rows = (
        Unit.objects.filter(project=project)
        .annotate(status_then=Coalesce(Subquery(before[:1]), Subquery(after[:1]), F("status")))
        .values("building_id", "status_then")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["building_id"], _empty_counts())[row["status_then"]] += row["n"]
    return counts


def building_counts_now(building: Building) -> dict[str, int]:
    """A building's units by their current status (what an assistant confirms)."""
    counts = _empty_counts()
    for row in Unit.objects.filter(building=building).values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] += row["n"]
    return counts


def month_changes(*, project: Project, month: dt.date) -> dict[int, list[dict]]:
    """The month's status changes per building id, oldest first (one query)."""
    changes = (
        UnitStatusChange.objects.filter(
            unit__project=project, at__gte=months.month_start_at(month), at__lt=months.month_cutoff(month)
        )
        .select_related("unit")
        .order_by("at", "id")
    )
    by_building: dict[int, list[dict]] = {}
    for change in changes:
        by_building.setdefault(change.unit.building_id, []).append(
            {
                "unit": change.unit_id,
                "unit_code": change.unit.code,
                "kind": change_kind(change.from_status, change.to_status),
                "from_status": change.from_status,
                "to_status": change.to_status,
                "source": change.source,
                "at": timezone.localtime(change.at).isoformat(),
            }
        )
    return by_building


def compute_figures(*, project: Project, month: dt.date, now: dt.datetime | None = None) -> dict:
    """The report's figures (JSON-ready): per building the units by status at the month's end (or
    now, while the month runs) and the month's changes; with project totals."""
    now = now or timezone.now()
    as_of = min(months.month_cutoff(month), now)
    counts = status_counts_at(project=project, at=as_of)
    changes = month_changes(project=project, month=month)
    buildings = []
    totals, change_totals = Counter(_empty_counts()), Counter(_empty_changes())
    for building in Building.objects.filter(project=project).order_by("number"):
        building_counts = counts.get(building.pk, _empty_counts())
        building_changes = changes.get(building.pk, [])
        change_counts = _empty_changes()
        for change in building_changes:
            change_counts[change["kind"]] += 1
        totals.update(building_counts)
        change_totals.update(change_counts)
        buildings.append(
            {
                "building": building.pk,
                "building_label": str(building),
                "counts": building_counts,
                "total": sum(building_counts.values()),
                "changes": building_changes,
                "change_counts": change_counts,
            }
        )
    return {
        "as_of": timezone.localtime(as_of).isoformat(),
        "buildings": buildings,
        "counts": {status: totals[status] for status in S.values},
        "total": sum(totals.values()),
        "change_counts": {kind: change_totals[kind] for kind in ChangeKind.values},
    }


@dataclass
class MonthlyReport:
    """The monthly occupancy report as shown: figures (as signed, or live), each building's census."""

    project: Project
    month: dt.date
    figures: dict
    report: OccupancyReport | None
    censuses: dict[int, BuildingCensus] = field(default_factory=dict)
    month_over: bool = False

    @property
    def label(self) -> str:
        return months.month_label(self.month)

    @property
    def census_due(self) -> dt.date:
        return months.census_due(self.month)

    @property
    def report_due(self) -> dt.date:
        return months.report_due(self.month)

    @property
    def signed(self) -> bool:
        return self.report is not None and self.report.status != ReportStatus.DRAFT

    @property
    def rows(self) -> list[dict]:
        """Each building's figures with its census (None: no census opened for it this month)."""
        return [{**row, "census": self.censuses.get(row["building"])} for row in self.figures["buildings"]]

    @property
    def all_confirmed(self) -> bool:
        return bool(self.censuses) and all(c.status == "confirmed" for c in self.censuses.values())


def monthly_report(*, project: Project, month: dt.date, now: dt.datetime | None = None) -> MonthlyReport:
    now = now or timezone.now()
    report = OccupancyReport.objects.filter(project=project, month=month).select_related("signed_by").first()
    censuses = {
        c.building_id: c
        for c in BuildingCensus.objects.filter(project=project, month=month).select_related(
            "assistant", "confirmed_by", "building"
        )
    }
    if report is not None and report.status != ReportStatus.DRAFT and report.figures:
        figures = report.figures
    else:
        figures = compute_figures(project=project, month=month, now=now)
    return MonthlyReport(
        project=project,
        month=month,
        figures=figures,
        report=report,
        censuses=censuses,
        month_over=now >= months.month_cutoff(month),
    )


def census_overdue(census: BuildingCensus, today: dt.date | None = None) -> bool:
    return census.status == "open" and (today or timezone.localdate()) > census.due_on


def report_overdue(report: OccupancyReport, today: dt.date | None = None) -> bool:
    return report.status == ReportStatus.DRAFT and (today or timezone.localdate()) > report.due_on


def censuses_to_confirm(*, user, project: Project) -> QuerySet[BuildingCensus]:
    """The open censuses assigned to `user` in the project (any month: a census left open from an
    earlier month is overdue). What the assistant's home card counts and the census list shows."""
    return BuildingCensus.objects.visible_to(user).filter(
        project=project, assistant=user, status=CensusStatus.OPEN
    )


def reports_to_sign(*, project: Project, today: dt.date | None = None) -> QuerySet[OccupancyReport]:
    """The project's draft reports the project manager can sign now: the month is over and every
    building's census of it is confirmed (the conditions `report_sign_off` checks)."""
    today = today or timezone.localdate()
    return (
        OccupancyReport.objects.filter(
            project=project, status=ReportStatus.DRAFT, month__lt=months.month_first(today)
        )
        .annotate(
            census_count=Count("censuses"),
            open_count=Count("censuses", filter=Q(censuses__status=CensusStatus.OPEN)),
        )
        .filter(census_count__gt=0, open_count=0)
    )
