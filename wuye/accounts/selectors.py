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
