"""Key custody reads shared by the API, the console and the sweep."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from wuye.accounts.models import RoleAssignment
from wuye.core import access
from wuye.core.roles import Role
from wuye.estate.models import Owner, Ownership
from wuye.keys.choices import OUT_STATES, ReleaseStatus
from wuye.keys.models import Key, KeyRelease


def overdue_keys(*, now: dt.datetime | None = None, queryset=None):
    """Keys out on a viewing or a loan past their due-back time, longest overdue first."""
    now = now or timezone.now()
    queryset = queryset if queryset is not None else Key.objects.all()
    return queryset.filter(state__in=OUT_STATES, due_back_at__lt=now).order_by("due_back_at", "pk")


def is_overdue(key: Key, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return key.state in OUT_STATES and key.due_back_at is not None and key.due_back_at < now


def key_detail_queryset(queryset=None):
    queryset = queryset if queryset is not None else Key.objects.all()
    return queryset.select_related("unit", "entrusted_by", "holder_user", "registered_by")


def unit_owners(unit_id: int):
    """The current owners of a unit (those a key may go to, see services.key_issue)."""
    ownerships = Ownership.objects.active().filter(unit_id=unit_id).values("owner_id")
    return Owner.objects.filter(pk__in=ownerships).order_by("name", "pk")


def project_staff_members(project_id: int):
    """Active staff of the project (company managers included): who may take a key out."""
    assigned = RoleAssignment.objects.active().filter(
        Q(project_id=project_id) | Q(project__isnull=True, role=Role.COMPANY_MANAGER)
    )
    return (
        get_user_model()
        .objects.filter(pk__in=assigned.values("user_id"), is_active=True)
        .order_by("username", "pk")
    )


def releases_awaiting_approval(user, project_id: int, queryset=None):
    """Pending releases in the project that `user` may still approve: the project manager's approval
    when they are the project manager and it is missing, company leadership's likewise; never their
    own request nor one they approved already (the rules of services.key_release_approve)."""
    queryset = queryset if queryset is not None else KeyRelease.objects.all()
    roles = access.roles_in(user, project_id)
    slots = Q(pk__in=[])
    if Role.PROJECT_MANAGER in roles:
        slots |= Q(manager_approved_by__isnull=True)
    if Role.COMPANY_MANAGER in access.roles_in(user, None):
        slots |= Q(leadership_approved_by__isnull=True)
    return (
        queryset.filter(key__project_id=project_id, status=ReleaseStatus.PENDING)
        .filter(slots)
        .exclude(requested_by=user)
        .exclude(manager_approved_by=user)
        .exclude(leadership_approved_by=user)
    )
