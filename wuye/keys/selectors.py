"""Key custody reads shared by the API, the console and the sweep."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.accounts.models import RoleAssignment
from wuye.core import access
from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.estate.models import Owner, Ownership
from wuye.keys.choices import OUT_STATES, RECEIPT_KINDS, ReleaseStatus
from wuye.keys.models import Key, KeyMovement, KeyRelease


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


def register_keys(queryset=None):
    """The register (《钥匙委托管理清册》) as printed: every key with its unit and entrusting owner, by
    number."""
    queryset = queryset if queryset is not None else Key.objects.all()
    return queryset.select_related("project", "unit", "entrusted_by").order_by("number", "pk")


def receipt_movement(key: Key, movement_id: int | None = None) -> KeyMovement:
    """The movement of `key` a key receipt (钥匙签收单) prints: `movement_id` (404 when it is not a
    movement of this key), or the key's latest movement that has one. A movement nobody signs for
    (a key registered from the developer or a unit not yet taken) has none: BusinessRuleError
    `no_receipt` on the field `movement`."""
    movements = key.movements.select_related(
        "key__project",
        "key__unit",
        "key__entrusted_by",
        "by",
        "to_user",
        "to_owner",
        "release__manager_approved_by",
        "release__leadership_approved_by",
    )
    if movement_id is None:
        movement = movements.filter(kind__in=RECEIPT_KINDS).order_by("-at", "-id").first()
    else:
        movement = movements.filter(pk=movement_id).first()
        if movement is None:
            raise Http404("movement")
    if movement is None or movement.kind not in RECEIPT_KINDS:
        msg = _("Nobody signs for this movement of key %(number)s; it has no receipt.") % {
            "number": key.number
        }
        raise BusinessRuleError("no_receipt", msg, {"movement": [msg]})
    return movement


def returned_by(movement: KeyMovement) -> str:
    """Who brought the key back in a `returned` movement: the holder it was out with."""
    if movement.to_user_id is not None:
        return str(movement.to_user)
    out = (
        KeyMovement.objects.filter(key_id=movement.key_id, to_state__in=OUT_STATES, at__lte=movement.at)
        .exclude(pk=movement.pk)
        .order_by("-at", "-id")
        .first()
    )
    return out.to_name if out is not None else ""


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
