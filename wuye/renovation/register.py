"""The renovation register's queries (装修登记表): its filters, the deposit held per row, and the
counts the workbench shows, so a figure on the home page and the list it opens always agree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from wuye.billing.models import DepositEntry
from wuye.renovation.choices import Department, PenaltyStatus, RenovationStatus
from wuye.renovation.models import Renovation, Violation
from wuye.renovation.selectors import renovation_queryset
from wuye.renovation.selectors_board import patrol_gaps

S = RenovationStatus
#: ?gaps=any: a gap of any department; ?gaps=<department>: a gap of that one
ANY = "any"


def with_deposit_held(queryset: QuerySet) -> QuerySet:
    """Each renovation annotated with `deposit_held`: the sum of its deposit's ledger entries."""
    held = (
        DepositEntry.objects.filter(deposit_id=OuterRef("deposit_id"))
        .order_by()
        .values("deposit_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    return queryset.annotate(
        deposit_held=Coalesce(Subquery(held, output_field=money), Value(Decimal("0.00")), output_field=money)
    )


def register_queryset(user, project) -> QuerySet[Renovation]:
    return with_deposit_held(
        renovation_queryset().filter(project=project).visible_to(user).select_related("deposit")
    )


def late_q(now: dt.datetime | None = None) -> Q:
    """Decided after its due time, or still waiting past it (selectors.is_approval_late as a query)."""
    now = now or timezone.now()
    return Q(approval_due_at__isnull=False) & (
        Q(decided_at__gt=F("approval_due_at")) | Q(status=S.SUBMITTED, approval_due_at__lt=now)
    )


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def gap_ids(project, department: str = ANY, day: dt.date | None = None) -> set[int]:
    """The renovations not patrolled on `day` (default yesterday) by `department` (or any)."""
    gaps = patrol_gaps(day or yesterday(), project_ids=[project.pk])
    return {
        r.pk
        for (_project, dept), renovations in gaps.items()
        if department == ANY or dept == department
        for r in renovations
    }


def penalty_pending_q() -> Q:
    return Q(pk__in=Violation.objects.filter(penalty_status=PenaltyStatus.PROPOSED).values("renovation_id"))


def refundable_q(today: dt.date | None = None) -> Q:
    return Q(status=S.ACCEPTED, refundable_on__lte=today or timezone.localdate())


def apply_filters(queryset: QuerySet, project, data: dict) -> QuerySet:
    """The register's filters (cleaned data of RegisterFilterForm)."""
    if data.get("stage"):
        queryset = queryset.filter(status=data["stage"])
    if data.get("building"):
        queryset = queryset.filter(unit__building=data["building"])
    if data.get("late"):
        queryset = queryset.filter(late_q())
    gaps = data.get("gaps")
    if gaps in {ANY, *Department.values}:
        queryset = queryset.filter(pk__in=gap_ids(project, gaps))
    if data.get("penalty"):
        queryset = queryset.filter(penalty_pending_q())
    if data.get("refundable"):
        queryset = queryset.filter(refundable_q())
    return queryset
