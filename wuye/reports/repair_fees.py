"""月底统计维修费用 — month-end repair-fee statistics (seed 000 §13: "月底统计维修费用"), per
department and per service-menu item, read-only.

Over a calendar month [start, end) of one project: completed paid tickets — fee > 0, latest
completion (`completed_at`) in the month, not cancelled — counted with their labour fee, materials
fee and fee receivable (`Ticket.fee`, what billing charges), split into charged (billing turned the
fee into a charge: `fee_charged_at` set) and not yet charged, and the amount paid so far on those
charges (the stored sum of their allocations, `Charge.allocated`, as of now).

A ticket's department is its current one (empty: never dispatched); a ticket without a menu item
counts under "other / unpriced". One grouped query; Python only adds up the groups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.errors import PermissionDeniedError
from wuye.core.money import to_money
from wuye.estate.models import Project
from wuye.reports.periods import Period
from wuye.reports.selectors import department_label
from wuye.servicedesk.choices import Department, Status
from wuye.servicedesk.models import Ticket

#: who may read the sheet: report viewers (supervisors, managers, department leads) or the billing side
REPAIR_FEE_PERMS = ("report.view", "billing.report")
ZERO = Decimal("0.00")


@dataclass
class FeeFigures:
    count: int = 0
    labour_fee: Decimal = ZERO
    materials_fee: Decimal = ZERO
    total_fee: Decimal = ZERO
    charged_count: int = 0
    charged_fee: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def uncharged_count(self) -> int:
        return self.count - self.charged_count

    @property
    def uncharged_fee(self) -> Decimal:
        return self.total_fee - self.charged_fee

    def add(self, other: FeeFigures) -> None:
        self.count += other.count
        self.labour_fee += other.labour_fee
        self.materials_fee += other.materials_fee
        self.total_fee += other.total_fee
        self.charged_count += other.charged_count
        self.charged_fee += other.charged_fee
        self.paid += other.paid


@dataclass
class ItemRow:
    service_item: int | None  # None: other / unpriced
    name: str
    figures: FeeFigures = field(default_factory=FeeFigures)


@dataclass
class DepartmentRow:
    department: str  # "" when never dispatched
    label: str
    figures: FeeFigures = field(default_factory=FeeFigures)
    items: list[ItemRow] = field(default_factory=list)


@dataclass
class RepairFeesReport:
    project: Project
    period: Period
    as_of: dt.datetime
    total: FeeFigures
    departments: list[DepartmentRow]
    items: list[ItemRow]  # the same tickets by item across departments


def repair_fee_project(*, user, project_id: int) -> Project:
    """The project asked for: 404 outside the user's scope, 403 without report.view or billing.report."""
    project = Project.objects.visible_to(user).filter(pk=project_id).first()
    if project is None:
        raise Http404("project")
    if not any(access.has_perm(user, perm, project.pk) for perm in REPAIR_FEE_PERMS):
        raise PermissionDeniedError("permission_denied", _("Your role does not allow this action."))
    return project


def may_view(user, project) -> bool:
    return any(access.has_perm(user, perm, project.pk) for perm in REPAIR_FEE_PERMS)


def _department_order(code: str) -> int:
    return Department.values.index(code) if code in Department.values else len(Department.values)


def other_item_label() -> str:
    return _("Other / unpriced")


def repair_fees(*, project: Project, period: Period) -> RepairFeesReport:
    """The month's completed paid tickets of `project` by department and item (see the module)."""
    charged = Q(fee_charged_at__isnull=False)
    groups = (
        Ticket.objects.filter(
            project=project, fee__gt=0, completed_at__gte=period.start, completed_at__lt=period.end
        )
        .exclude(status=Status.CANCELLED)
        .order_by()
        .values("department", "service_item_id", "service_item__name", "service_item__sort_order")
        .annotate(
            count=Count("id"),
            labour_fee=Sum("labour_fee"),
            materials_fee=Sum("materials_fee"),
            total_fee=Sum("fee"),
            charged_count=Count("id", filter=charged),
            charged_fee=Sum("fee", filter=charged),
            paid=Sum("charge__allocated"),
        )
    )
    total = FeeFigures()
    departments: dict[str, DepartmentRow] = {}
    items: dict[int | None, ItemRow] = {}
    order: dict[int | None, tuple] = {}
    for row in groups:
        figures = FeeFigures(
            count=row["count"],
            labour_fee=to_money(row["labour_fee"] or ZERO),
            materials_fee=to_money(row["materials_fee"] or ZERO),
            total_fee=to_money(row["total_fee"] or ZERO),
            charged_count=row["charged_count"],
            charged_fee=to_money(row["charged_fee"] or ZERO),
            paid=to_money(row["paid"] or ZERO),
        )
        item_id = row["service_item_id"]
        name = row["service_item__name"] or other_item_label()
        # menu order, "other / unpriced" last
        order[item_id] = (item_id is None, row["service_item__sort_order"] or 0, name)
        code = row["department"] or ""
        department = departments.setdefault(code, DepartmentRow(code, department_label(code)))
        department.figures.add(figures)
        department.items.append(ItemRow(item_id, name, figures))
        items.setdefault(item_id, ItemRow(item_id, name)).figures.add(figures)
        total.add(figures)
    for department in departments.values():
        department.items.sort(key=lambda item: order[item.service_item])
    return RepairFeesReport(
        project=project,
        period=period,
        as_of=timezone.now(),
        total=total,
        departments=sorted(departments.values(), key=lambda d: _department_order(d.department)),
        items=sorted(items.values(), key=lambda item: order[item.service_item]),
    )
