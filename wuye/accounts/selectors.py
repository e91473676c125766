"""Reads of the accounts app that other floors use through registries."""

from __future__ import annotations

from wuye.accounts.models import RoleAssignment


def roles_by_project(user) -> dict[int | None, set[str]]:
    """{project id, or None for a company-wide assignment: {role, …}} of the user's active roles.
    Registered into wuye.core.access as its role source."""
    roles: dict[int | None, set[str]] = {}
    for project_id, role in (
        RoleAssignment.objects.active().filter(user=user).values_list("project_id", "role")
    ):
        roles.setdefault(project_id, set()).add(role)
    return roles


def project_staff(project_id: int, roles) -> list:
    """Active users holding any of `roles` in the project (company managers: company-wide), in id
    order — who a procedure's notice goes to."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from wuye.core.roles import Role

    roles = set(roles)
    q = Q(role__in=roles - {Role.COMPANY_MANAGER}, project_id=project_id)
    if Role.COMPANY_MANAGER in roles:
        q |= Q(role=Role.COMPANY_MANAGER, project__isnull=True)
    ids = RoleAssignment.objects.active().filter(q).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))
