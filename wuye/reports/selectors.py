"""信息三率统计表 — the "three rates" sheet and its companion service KPIs (spec 08), per project and
per department, computed by the database.

Definitions, over a period [start, end), with `as_of` standing for "now" (default: now):

- satisfaction (满意度): return visits done in the period answered very satisfied or satisfied
  ÷ return visits done in the period;
- timeliness (信息及时率): tickets received in the period, not cancelled, whose every deadline due
  by `as_of` (non-cancelled TicketDeadline with due_at ≤ as_of) was met on time (met_at ≤ due_at)
  ÷ tickets received in the period, not cancelled, with at least one deadline due by `as_of`;
- return-visit rate (回访率): tickets completed in the period that need a return visit and had
  one done after that completion (by `as_of`) ÷ tickets completed in the period needing one;
- repair quality (维修质量合格率): repairs completed in the period with no rework
  ÷ repairs completed in the period;
- valid complaints handled (有效投诉处理率): valid complaints received in the period and closed
  by `as_of` ÷ valid complaints received in the period.

Cancelled tickets count nowhere. A ticket's department is its current one; "completed" is its
latest completion (rework moves it). Targets come from `project.settings["kpi_targets"]`.

The whole report, trend included, is six grouped queries whatever the number of tickets (twelve
for a range that cuts across weeks or months, with a trend): counts by project, department and
period, with `EXISTS` for the deadline and return-visit conditions. Python only adds up groups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuye.core import access
from wuye.estate.models import Project
from wuye.reports import periods
from wuye.reports.periods import Period
from wuye.servicedesk.choices import (
    REPAIR_CATEGORIES,
    SATISFIED_ANSWERS,
    Category,
    Department,
    Status,
    Validity,
)
from wuye.servicedesk.models import ReturnVisit, Ticket, TicketDeadline

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REPORT_PERM = "report.view"


@dataclass(frozen=True)
class Kpi:
    key: str
    label: StrOrPromise
    short_label: StrOrPromise
    default_target: Decimal


KPIS: tuple[Kpi, ...] = (
    Kpi("satisfaction", gettext_lazy("Customer satisfaction"), gettext_lazy("Satisfaction"), Decimal("0.85")),
    Kpi("timeliness", gettext_lazy("Information timeliness"), gettext_lazy("Timeliness"), Decimal("0.98")),
    Kpi(
        "return_visit", gettext_lazy("Return-visit rate"), gettext_lazy("Return-visit rate"), Decimal("1.00")
    ),
    Kpi("repair_quality", gettext_lazy("Repair quality"), gettext_lazy("Repair quality"), Decimal("0.95")),
    Kpi(
        "complaint_handling",
        gettext_lazy("Valid complaints handled"),
        gettext_lazy("Complaints handled"),
        Decimal("1.00"),
    ),
)
KPI_KEYS = tuple(k.key for k in KPIS)
THREE_RATES = ("satisfaction", "timeliness", "return_visit")
ALL, PROJECT, DEPARTMENT = "all", "project", "department"
RATE_PLACES = Decimal("0.0001")


def kpi_target(project: Project | None, key: str) -> Decimal:
    """The project's target for `key` (a fraction; a figure above 1 is read as a percentage)."""
    default = next(k.default_target for k in KPIS if k.key == key)
    raw = ((project.settings or {}).get("kpi_targets") or {}).get(key) if project is not None else None
    if raw in (None, ""):
        return default
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        return default
    if value > 1:
        value = value / 100
    return value if 0 <= value <= 1 else default


def scope_targets(projects: list[Project]) -> dict[str, Decimal]:
    """Targets for a total over several projects: theirs when they agree, else the defaults."""
    targets = {}
    for kpi in KPIS:
        values = {kpi_target(p, kpi.key) for p in projects}
        targets[kpi.key] = values.pop() if len(values) == 1 else kpi.default_target
    return targets


@dataclass(frozen=True)
class Figure:
    numerator: int
    denominator: int
    target: Decimal

    @property
    def rate(self) -> Decimal | None:
        """numerator ÷ denominator to four places; None when nothing was due (shown as "—")."""
        if not self.denominator:
            return None
        return (Decimal(self.numerator) / Decimal(self.denominator)).quantize(RATE_PLACES, ROUND_HALF_UP)

    @property
    def met(self) -> bool | None:
        """Exact comparison (17/20 meets 0.85); None when there is no denominator."""
        if not self.denominator:
            return None
        return Decimal(self.numerator) >= self.target * self.denominator


@dataclass
class Row:
    level: str  # all | project | department
    label: str
    project: Project | None
    department: str | None
    figures: dict[str, Figure]


@dataclass
class TrendPoint:
    period: Period
    figures: dict[str, Figure]


@dataclass
class ThreeRatesReport:
    period: Period
    as_of: dt.datetime
    projects: list[Project]
    department: str | None
    rows: list[Row]
    trend_kind: str
    trend: list[TrendPoint] = field(default_factory=list)
    kpis: tuple[Kpi, ...] = KPIS


# --- scope -----------------------------------------------------------------------------------


def report_projects(*, user, project_id: int | None = None) -> list[Project]:
    """The projects a report covers: the one asked for (404 when out of scope, 403 without
    report.view), or every project where the user holds report.view (company managers: all)."""
    return access.projects_in_scope(user, REPORT_PERM, project_id)


# --- the queries -----------------------------------------------------------------------------
#
# Six small grouped queries, each counting rows by project, department and period ("bucket", a
# CASE over the row's own time field). The per-ticket conditions — a deadline due, a deadline
# missed, a return visit done — are `WHERE EXISTS`, which PostgreSQL runs as (parallel) semi-joins
# or index probes as the size asks; none is evaluated per period, so a year of twelve months costs
# one pass, not twelve.

Counts = dict[tuple[int, str, int], dict[str, int]]  # (project_id, department, bucket) -> {"kpi:num": n}


def _bucket(field_name: str, buckets: list[Period]) -> Case:
    return Case(
        *[
            When(**{f"{field_name}__gte": b.start, f"{field_name}__lt": b.end}, then=Value(i))
            for i, b in enumerate(buckets)
        ],
        default=None,
        output_field=IntegerField(),
    )


def _count_into(
    counts: Counts, queryset, field_name: str, buckets: list[Period], group: tuple[str, str], names: dict
) -> None:
    """Add the `names` ({"kpi:part": Count(...)}) of the rows whose `field_name` lies in a bucket."""
    aliases = {f"n{i}": aggregate for i, aggregate in enumerate(names.values())}
    rows = (
        queryset.filter(**{f"{field_name}__gte": buckets[0].start, f"{field_name}__lt": buckets[-1].end})
        .annotate(bucket=_bucket(field_name, buckets))
        .values(*group, "bucket")
        .annotate(**aliases)
        .order_by()
    )
    for row in rows:
        bucket = counts.setdefault((row[group[0]], row[group[1]] or "", row["bucket"]), {})
        for alias, name in zip(aliases, names, strict=True):
            bucket[name] = bucket.get(name, 0) + row[alias]


def _counts(
    *, project_ids: list[int], buckets: list[Period], as_of: dt.datetime, department: str | None
) -> Counts:
    """Counts per (project, department, bucket); `buckets` are consecutive, oldest first."""
    counts: Counts = {}
    tickets = Ticket.objects.filter(project_id__in=project_ids).exclude(status=Status.CANCELLED)
    visits = ReturnVisit.objects.filter(ticket__project_id__in=project_ids, done_at__lte=as_of)
    if department is not None:
        tickets = tickets.filter(department=department)
        visits = visits.filter(ticket__department=department)
    group = ("project_id", "department")
    n = Count("pk")

    # received in the period: timeliness (a deadline due; one of them missed) and valid complaints
    due = TicketDeadline.objects.filter(ticket=OuterRef("pk"), cancelled=False, due_at__lte=as_of)
    missed = due.filter(Q(met_at__isnull=True) | Q(met_at__gt=F("due_at")))
    _count_into(counts, tickets.filter(Exists(due)), "received_at", buckets, group, {"timeliness:den": n})
    _count_into(counts, tickets.filter(Exists(missed)), "received_at", buckets, group, {"timeliness:late": n})
    closed = Q(status=Status.CLOSED, closed_at__lte=as_of)
    _count_into(
        counts,
        tickets.filter(category=Category.COMPLAINT, validity=Validity.VALID),
        "received_at",
        buckets,
        group,
        {"complaint_handling:den": n, "complaint_handling:num": Count("pk", filter=closed)},
    )

    # completed in the period: return visits and repair quality
    repair = Q(category__in=sorted(REPAIR_CATEGORIES))
    _count_into(
        counts,
        tickets.filter(Q(needs_return_visit=True) | repair),
        "completed_at",
        buckets,
        group,
        {
            "return_visit:den": Count("pk", filter=Q(needs_return_visit=True)),
            "repair_quality:den": Count("pk", filter=repair),
            "repair_quality:num": Count("pk", filter=repair & Q(rework_count=0)),
        },
    )
    visited = ReturnVisit.objects.filter(
        ticket=OuterRef("pk"),
        done_at__isnull=False,
        done_at__gte=OuterRef("completed_at"),
        done_at__lte=as_of,
    )
    _count_into(
        counts,
        tickets.filter(Exists(visited), needs_return_visit=True),
        "completed_at",
        buckets,
        group,
        {"return_visit:num": n},
    )

    # return visits done in the period: satisfaction
    _count_into(
        counts,
        visits,
        "done_at",
        buckets,
        ("ticket__project_id", "ticket__department"),
        {
            "satisfaction:den": n,
            "satisfaction:num": Count("pk", filter=Q(satisfaction__in=sorted(SATISFIED_ANSWERS))),
        },
    )

    for value in counts.values():  # a missed deadline is a due one
        value["timeliness:num"] = value.get("timeliness:den", 0) - value.pop("timeliness:late", 0)
    return counts


# --- assembling rows -------------------------------------------------------------------------


def _figures(parts: list[dict[str, int]], targets: dict[str, Decimal]) -> dict[str, Figure]:
    return {
        key: Figure(
            numerator=sum(p.get(f"{key}:num", 0) for p in parts),
            denominator=sum(p.get(f"{key}:den", 0) for p in parts),
            target=targets[key],
        )
        for key in KPI_KEYS
    }


def department_label(code: str) -> str:
    if not code:
        return _("No department")
    return str(dict(Department.choices).get(code, code))  # an old code no longer in the choices: as is


def _department_order(code: str) -> int:
    return Department.values.index(code) if code in Department.values else len(Department.values)


def three_rates(
    *,
    projects: list[Project],
    period: Period,
    as_of: dt.datetime | None = None,
    department: str | None = None,
    trend: int = 6,
    trend_kind: str | None = None,
) -> ThreeRatesReport:
    """The sheet for `period`: a row per project (and a total when there are several), a row per
    department with activity, and `trend` earlier-to-current periods of `trend_kind` for a chart."""
    as_of = as_of or timezone.now()
    trend_kind = trend_kind or (period.kind if period.kind != periods.CUSTOM else periods.MONTH)
    trend = min(max(trend, 0), periods.MAX_TREND)
    project_ids = [p.pk for p in projects]
    tiles = periods.tiling(trend_kind, period)
    if tiles is not None:
        # the period is whole weeks or months of the trend's kind (always so for a week or a month):
        # one set of queries over the periods it covers and the trend before it
        buckets = periods.series(trend_kind, period.last_day, max(len(tiles), trend))
        counts = _counts(project_ids=project_ids, buckets=buckets, as_of=as_of, department=department)
        main = set(range(len(buckets) - len(tiles), len(buckets)))
    else:  # a range cut across weeks or months: its own queries (bucket -1), then the trend's
        buckets = periods.series(trend_kind, period.last_day, trend)
        counts = {
            (pid, code, -1): value
            for (pid, code, _b), value in _counts(
                project_ids=project_ids, buckets=[period], as_of=as_of, department=department
            ).items()
        }
        if buckets:
            counts |= _counts(project_ids=project_ids, buckets=buckets, as_of=as_of, department=department)
        main = {-1}
    trend_buckets = list(range(len(buckets) - trend, len(buckets)))

    def parts(
        bucket: set[int], project_id: int | None = None, dept: str | None = None
    ) -> list[dict[str, int]]:
        return [
            value
            for (pid, code, b), value in counts.items()
            if b in bucket and (project_id is None or pid == project_id) and (dept is None or code == dept)
        ]

    total_targets = scope_targets(projects)
    rows: list[Row] = []
    if len(projects) > 1:
        rows.append(Row(ALL, _("All projects"), None, department, _figures(parts(main), total_targets)))
    for project in projects:
        targets = {key: kpi_target(project, key) for key in KPI_KEYS}
        codes = sorted(
            {code for (pid, code, b) in counts if pid == project.pk and b in main}, key=_department_order
        )
        if department is None:
            rows.append(Row(PROJECT, project.name, project, None, _figures(parts(main, project.pk), targets)))
        for code in codes:
            figures = _figures(parts(main, project.pk, code), targets)
            if department is None and not any(f.numerator or f.denominator for f in figures.values()):
                continue  # e.g. only consultations or tickets with nothing due yet
            label = (
                department_label(code) if department is None else f"{project.name} · {department_label(code)}"
            )
            rows.append(Row(DEPARTMENT, label, project, code, figures))
        if department is not None and not codes:
            label = f"{project.name} · {department_label(department)}"
            rows.append(Row(DEPARTMENT, label, project, department, _figures([], targets)))

    return ThreeRatesReport(
        period=period,
        as_of=as_of,
        projects=projects,
        department=department,
        rows=rows,
        trend_kind=trend_kind,
        trend=[TrendPoint(buckets[i], _figures(parts({i}), total_targets)) for i in trend_buckets],
    )
