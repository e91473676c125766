"""Reading renovations: the querysets the API, the console and the register share."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from wuye.renovation.choices import RenovationStatus
from wuye.renovation.models import Renovation, RenovationDocument, SignOff

S = RenovationStatus


def renovation_queryset() -> QuerySet[Renovation]:
    return Renovation.objects.select_related("project", "unit", "unit__building", "owner")


def renovation_detail_queryset() -> QuerySet[Renovation]:
    """One renovation with its file and signatures (file_missing and entry_missing read these)."""
    return renovation_queryset().prefetch_related(
        Prefetch("documents", queryset=RenovationDocument.objects.select_related("received_by")),
        Prefetch("sign_offs", queryset=SignOff.objects.order_by("stage", "at", "id")),
    )


def is_approval_late(renovation: Renovation, now: dt.datetime | None = None) -> bool | None:
    """Decided after its due time, or still waiting past it; None before the file is complete."""
    if renovation.approval_due_at is None:
        return None
    if renovation.decided_at is not None:
        return renovation.decided_at > renovation.approval_due_at
    if renovation.status == S.SUBMITTED:
        return (now or timezone.now()) > renovation.approval_due_at
    return False


def late_approvals(project, since: dt.datetime | None = None) -> QuerySet:
    """Engineering decisions (approvals and rejections) taken after their due time, from the
    renovations' history so a decision stays counted when the file is later resubmitted: rows of
    (id, number, approval_due_at, decided_at, decided_by_id, status), one per late decision.
    `since`: decisions taken at or after it."""
    rows = Renovation.history.filter(
        project_id=getattr(project, "pk", project),
        status__in=[S.APPROVED, S.REJECTED],
        decided_at__isnull=False,
        approval_due_at__isnull=False,
        decided_at__gt=F("approval_due_at"),
    )
    if since is not None:
        rows = rows.filter(decided_at__gte=since)
    return (
        rows.values("id", "number", "approval_due_at", "decided_at", "decided_by_id", "status")
        .order_by("decided_at", "id")
        .distinct()
    )


def overdue_approvals(project, now: dt.datetime | None = None) -> QuerySet[Renovation]:
    """Submitted files still waiting for engineering past their due time, oldest first."""
    return (
        renovation_queryset()
        .filter(
            project_id=getattr(project, "pk", project),
            status=S.SUBMITTED,
            approval_due_at__lt=now or timezone.now(),
        )
        .order_by("approval_due_at", "id")
    )


def renovations_in_stage(project, statuses) -> QuerySet[Renovation]:
    """A project's renovations in the given stages (the register's "applications by stage")."""
    return renovation_queryset().filter(project_id=getattr(project, "pk", project), status__in=list(statuses))
