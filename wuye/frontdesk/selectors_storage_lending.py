"""Reads of the desk's temporary storage and lending (seed 000 §14): what is stored, what is overdue,
what is lent and overdue back."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from wuye.frontdesk.choices import DEFAULT_REFUSED_STORAGE, StorageCategory, StorageStatus
from wuye.frontdesk.models import LendableItem, Loan, StorageCheck, StoredItem


def refused_categories(project) -> tuple[str, ...]:
    """The categories the desk refuses to store in this project: the setting
    frontdesk.refused_storage (a list of StorageCategory values), by default seed 000 §14's list.
    Unknown values in the setting are ignored."""
    configured = ((project.settings or {}).get("frontdesk") or {}).get("refused_storage")
    if configured is None:
        return tuple(str(c) for c in DEFAULT_REFUSED_STORAGE)
    return tuple(str(c) for c in configured if c in StorageCategory.values)


def stored_items_queryset(queryset: QuerySet[StoredItem] | None = None) -> QuerySet[StoredItem]:
    queryset = queryset if queryset is not None else StoredItem.objects.all()
    return queryset.select_related("unit", "received_by", "handed_by")


def stored_now(project_id: int, *, at: dt.datetime | None = None) -> QuerySet[StoredItem]:
    """Items the desk holds at `at` (default now): left by then and still stored."""
    at = at or timezone.now()
    return StoredItem.objects.filter(project_id=project_id, status=StorageStatus.STORED, deposited_at__lte=at)


def overdue_stored_items(
    *, now: dt.datetime | None = None, queryset: QuerySet[StoredItem] | None = None
) -> QuerySet[StoredItem]:
    """Still stored past the agreed pick-up time, longest overdue first (the customer is contacted)."""
    now = now or timezone.now()
    queryset = queryset if queryset is not None else StoredItem.objects.all()
    return stored_items_queryset(
        queryset.filter(status=StorageStatus.STORED, expected_pickup_at__lt=now)
    ).order_by("expected_pickup_at", "id")


def is_stored_overdue(item: StoredItem, now: dt.datetime | None = None) -> bool:
    return item.status == StorageStatus.STORED and item.expected_pickup_at < (now or timezone.now())


def storage_checks(project_id: int) -> QuerySet[StorageCheck]:
    return StorageCheck.objects.filter(project_id=project_id).select_related("checked_by")


def lendable_items_queryset(queryset: QuerySet[LendableItem] | None = None) -> QuerySet[LendableItem]:
    return queryset if queryset is not None else LendableItem.objects.all()


def loans_queryset(queryset: QuerySet[Loan] | None = None) -> QuerySet[Loan]:
    queryset = queryset if queryset is not None else Loan.objects.all()
    return queryset.select_related("item", "unit", "lent_by", "returned_to")


def open_loan(item: LendableItem) -> Loan | None:
    return loans_queryset(item.loans.filter(returned_at__isnull=True)).first()


def overdue_loans(
    *, now: dt.datetime | None = None, queryset: QuerySet[Loan] | None = None
) -> QuerySet[Loan]:
    """Lent items not back by their due time, longest overdue first."""
    now = now or timezone.now()
    queryset = queryset if queryset is not None else Loan.objects.all()
    return loans_queryset(queryset.filter(returned_at__isnull=True, due_back_at__lt=now)).order_by(
        "due_back_at", "id"
    )


def is_loan_overdue(loan: Loan, now: dt.datetime | None = None) -> bool:
    return loan.returned_at is None and loan.due_back_at < (now or timezone.now())
