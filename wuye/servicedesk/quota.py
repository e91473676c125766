"""Customer-visit quotas (seed 000 §9, spec 02 "Customer visits"): progress during the period.

Quotas are per-project settings, `project.settings["servicedesk"]["visit_quota"]`, defaulting to
the spec's figures: the department at least 10 customers a month, each customer-service
assistant at least 20 a month, each supervisor key customers monthly (at least one key-customer
visit), each area butler all households of their buildings every quarter. The project manager
visits key customers "periodically": shown without a target unless the project sets one.

Counting rules:
- a customer is a unit, or the customer's name when the visit was not tied to a unit; several
  visits to the same customer in the period count once;
- a visit the customer declined still counts as made (the spec lets the customer decline);
- a butler's households are the handed-over units of the buildings assigned in `ButlerArea`,
  and only the butler's own visits to them count.
Everything is counted by the database (a handful of aggregate queries, none per visit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils import timezone

from wuye.accounts.choices import Role
from wuye.accounts.models import RoleAssignment
from wuye.core.days import local_midnight
from wuye.estate.choices import OccupancyStatus
from wuye.estate.models import Project
from wuye.servicedesk.models import CustomerVisit

DEFAULT_VISIT_QUOTA = {
    "department_customers_per_month": 10,
    "assistant_customers_per_month": 20,
    "supervisor_key_visits_per_month": 1,
    "manager_key_visits_per_month": None,  # "periodically": no fixed figure in the seed
    "butler_coverage_percent": 100,  # of the butler's households, every quarter
}
HOUSEHOLD_STATUSES = [s for s in OccupancyStatus.values if s != OccupancyStatus.NOT_HANDED_OVER]


def visit_quota_settings(project) -> dict:
    overrides = (project.settings or {}).get("servicedesk", {}).get("visit_quota", {}) or {}
    return {**DEFAULT_VISIT_QUOTA, **{k: v for k, v in overrides.items() if k in DEFAULT_VISIT_QUOTA}}


@dataclass
class QuotaLine:
    """One person's (or the department's) progress against a target in a period."""

    done: int
    target: int | None
    start: dt.datetime
    end: dt.datetime  # exclusive
    as_of: dt.datetime
    user: object | None = None
    role: str = ""
    households: int | None = None  # butlers only

    @property
    def met(self) -> bool:
        return self.target is not None and self.done >= self.target

    @property
    def percent(self) -> int:
        if not self.target:
            return 100 if self.target == 0 else 0
        return min(100, round(100 * self.done / self.target))

    @property
    def expected_now(self) -> int | None:
        """What a steady pace would have reached by `as_of` (so "behind" shows mid-month)."""
        if self.target is None:
            return None
        total = (self.end - self.start).total_seconds()
        elapsed = min(max((self.as_of - self.start).total_seconds(), 0), total)
        return int(self.target * elapsed / total)

    @property
    def on_track(self) -> bool:
        return self.target is None or self.met or self.done >= (self.expected_now or 0)


@dataclass
class QuotaReport:
    project: Project
    as_of: dt.datetime
    month_start: dt.datetime
    month_end: dt.datetime
    quarter_start: dt.datetime
    quarter_end: dt.datetime
    settings: dict
    department: QuotaLine
    assistants: list[QuotaLine] = field(default_factory=list)
    supervisors: list[QuotaLine] = field(default_factory=list)
    managers: list[QuotaLine] = field(default_factory=list)
    butlers: list[QuotaLine] = field(default_factory=list)


def _month_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.date(day.year, day.month, 1)
    end = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return local_midnight(start), local_midnight(end)


def _quarter_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    end = dt.date(day.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
    return local_midnight(start), local_midnight(end)


def _department_line(
    project: Project, quota: dict, start: dt.datetime, end: dt.datetime, as_of: dt.datetime
) -> QuotaLine:
    """The department: distinct customers of every visit of the project in the month."""
    totals = CustomerVisit.objects.filter(project=project, at__gte=start, at__lt=end).aggregate(
        units=Count("unit", distinct=True),
        names=Count("customer_name", distinct=True, filter=Q(unit__isnull=True)),
    )
    return QuotaLine(
        done=totals["units"] + totals["names"],
        target=quota["department_customers_per_month"],
        start=start,
        end=end,
        as_of=as_of,
    )


def _add_staff_lines(report: QuotaReport, quota: dict) -> None:
    """Assistants, supervisors and managers: their own visits in the month, one query for all.
    An assistant counts distinct customers; a supervisor or manager counts key-customer visits."""
    project, month_start, month_end = report.project, report.month_start, report.month_end
    roles = {Role.CS_ASSISTANT, Role.CS_SUPERVISOR, Role.PROJECT_MANAGER}
    held = list(
        RoleAssignment.objects.active().filter(project=project, role__in=roles).values_list("user_id", "role")
    )
    mine = Q(
        customer_visits__project=project,
        customer_visits__at__gte=month_start,
        customer_visits__at__lt=month_end,
    )
    users = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(pk__in={uid for uid, _ in held}, is_active=True)
        .annotate(
            unit_customers=Count("customer_visits__unit", distinct=True, filter=mine),
            named_customers=Count(
                "customer_visits__customer_name",
                distinct=True,
                filter=mine & Q(customer_visits__unit__isnull=True),
            ),
            key_visits=Count("customer_visits", filter=mine & Q(customer_visits__key_customer=True)),
        )
        .order_by("username")
    }
    targets = {
        Role.CS_ASSISTANT: ("assistants", quota["assistant_customers_per_month"]),
        Role.CS_SUPERVISOR: ("supervisors", quota["supervisor_key_visits_per_month"]),
        Role.PROJECT_MANAGER: ("managers", quota["manager_key_visits_per_month"]),
    }
    for user_id, role in sorted(
        held, key=lambda row: (row[1], users[row[0]].username if row[0] in users else "")
    ):
        user = users.get(user_id)
        if user is None:
            continue
        bucket, target = targets[role]
        done = user.unit_customers + user.named_customers if role == Role.CS_ASSISTANT else user.key_visits
        getattr(report, bucket).append(
            QuotaLine(
                done=done,
                target=target,
                start=month_start,
                end=month_end,
                as_of=report.as_of,
                user=user,
                role=role,
            )
        )


def _add_butler_lines(report: QuotaReport, quota: dict) -> None:
    """Area butlers: the households of their buildings they visited themselves this quarter."""
    project, quarter_start, quarter_end = report.project, report.quarter_start, report.quarter_end
    butlers = (
        get_user_model()
        .objects.filter(butler_areas__project=project)
        .annotate(
            households=Count(
                "butler_areas__building__units",
                distinct=True,
                filter=Q(
                    butler_areas__project=project,
                    butler_areas__building__units__status__in=HOUSEHOLD_STATUSES,
                ),
            )
        )
        .order_by("username")
    )
    visited = dict(
        CustomerVisit.objects.filter(
            project=project,
            at__gte=quarter_start,
            at__lt=quarter_end,
            unit__status__in=HOUSEHOLD_STATUSES,
            unit__building__butlers__user=F("visited_by"),
        )
        .values("visited_by")
        .annotate(n=Count("unit", distinct=True))
        .values_list("visited_by", "n")
    )
    percent = quota["butler_coverage_percent"]
    for user in butlers:
        target = -(-user.households * int(percent) // 100) if percent is not None else None  # ceiling
        report.butlers.append(
            QuotaLine(
                done=visited.get(user.pk, 0),
                target=target,
                start=quarter_start,
                end=quarter_end,
                as_of=report.as_of,
                user=user,
                role="butler",
                households=user.households,
            )
        )


def visit_quota_progress(*, project: Project, as_of: dt.datetime | None = None) -> QuotaReport:
    as_of = as_of or timezone.now()
    today = timezone.localtime(as_of).date()
    month_start, month_end = _month_bounds(today)
    quarter_start, quarter_end = _quarter_bounds(today)
    quota = visit_quota_settings(project)
    report = QuotaReport(
        project=project,
        as_of=as_of,
        month_start=month_start,
        month_end=month_end,
        quarter_start=quarter_start,
        quarter_end=quarter_end,
        settings=quota,
        department=_department_line(project, quota, month_start, month_end, as_of),
    )
    _add_staff_lines(report, quota)
    _add_butler_lines(report, quota)
    return report
