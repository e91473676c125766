"""The renovation board (装修掌控表): every renovating unit × department × day with its patrol or a
gap (spec 04 "Supervision": a unit with no patrol record for a day shows as a gap).

A renovation is on site on a day from the day its work started (the entry inspection) up to the day
before its completion acceptance; a patrol recorded on the acceptance day still shows. Both readers
use a constant number of queries (the renovations, then their patrols), whatever the size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from wuye.renovation.choices import Department
from wuye.renovation.models import Patrol, Renovation

DEPARTMENTS: tuple[str, ...] = tuple(Department.values)
#: the most days one board shows
MAX_DAYS = 31


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def on_site_between(first: dt.date, last: dt.date, queryset: QuerySet | None = None) -> QuerySet:
    """Renovations on site on at least one day of first..last."""
    queryset = queryset if queryset is not None else Renovation.objects.all()
    return queryset.filter(
        started_at__isnull=False, started_at__lt=_start_of(last + dt.timedelta(days=1))
    ).filter(Q(accepted_on__isnull=True) | Q(accepted_on__gt=first))


def is_on_site(renovation: Renovation, day: dt.date) -> bool:
    if renovation.started_at is None or timezone.localtime(renovation.started_at).date() > day:
        return False
    return renovation.accepted_on is None or day < renovation.accepted_on


def _patrols(renovation_ids, first: dt.date, last: dt.date) -> dict[tuple[int, str, dt.date], int]:
    rows = Patrol.objects.filter(renovation_id__in=renovation_ids, day__gte=first, day__lte=last).values_list(
        "renovation_id", "department", "day", "id"
    )
    return {(r, d, day): pk for r, d, day, pk in rows}


@dataclass
class BoardRow:
    renovation: Renovation
    #: one per day of the board: {"day", "on_site", "patrols": {department: patrol id or None}}
    cells: list[dict] = field(default_factory=list)
    gaps: int = 0


@dataclass
class Board:
    project_id: int
    days: list[dt.date]
    departments: tuple[str, ...]
    rows: list[BoardRow]

    @property
    def gaps(self) -> int:
        return sum(row.gaps for row in self.rows)

    def gaps_by_department(self) -> dict[str, int]:
        counts = dict.fromkeys(self.departments, 0)
        for row in self.rows:
            for cell in row.cells:
                if cell["on_site"]:
                    for department, patrol in cell["patrols"].items():
                        if patrol is None:
                            counts[department] += 1
        return counts


def board(project, day: dt.date, days: int = 7) -> Board:
    """The `days` days ending on `day` (oldest first) for every renovation of `project` on site on
    any of them, by unit; each cell names the patrol of each department, None being a gap (days
    the renovation was not on site have no gaps). Two queries."""
    days = max(1, min(days, MAX_DAYS))
    first = day - dt.timedelta(days=days - 1)
    dates = [first + dt.timedelta(days=i) for i in range(days)]
    project_id = getattr(project, "pk", project)
    renovations = list(
        on_site_between(first, day, Renovation.objects.filter(project_id=project_id))
        .select_related("unit")
        .only("id", "number", "status", "started_at", "accepted_on", "unit_id", "unit__code", "project_id")
        .order_by("unit__code", "id")
    )
    patrols = _patrols([r.pk for r in renovations], first, day) if renovations else {}
    rows = []
    for renovation in renovations:
        row = BoardRow(renovation=renovation)
        for date in dates:
            on_site = is_on_site(renovation, date)
            cell = {dept: patrols.get((renovation.pk, dept, date)) for dept in DEPARTMENTS}
            if on_site:
                row.gaps += sum(1 for patrol in cell.values() if patrol is None)
            row.cells.append({"day": date, "on_site": on_site, "patrols": cell})
        rows.append(row)
    return Board(project_id=project_id, days=dates, departments=DEPARTMENTS, rows=rows)


def patrol_gaps(day: dt.date, project_ids=None) -> dict[tuple[int, str], list[Renovation]]:
    """The renovations each department of each project did not patrol on `day`:
    {(project id, department): [renovation, …]} (units in code order). Two queries."""
    queryset = Renovation.objects.all()
    if project_ids is not None:
        queryset = queryset.filter(project_id__in=project_ids)
    renovations = [
        r
        for r in on_site_between(day, day, queryset)
        .select_related("unit")
        .order_by("project_id", "unit__code")
        if is_on_site(r, day)
    ]
    patrols = _patrols([r.pk for r in renovations], day, day) if renovations else {}
    gaps: dict[tuple[int, str], list[Renovation]] = defaultdict(list)
    for renovation in renovations:
        for department in DEPARTMENTS:
            if (renovation.pk, department, day) not in patrols:
                gaps[renovation.project_id, department].append(renovation)
    return dict(gaps)
