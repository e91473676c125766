"""Who may see and do what. Used by querysets (`visible_to`), services, web views and the API.

Results are cached on the user object for the duration of a request.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from wuye.accounts.choices import Role, UserKind
from wuye.accounts.permissions import roles_with
from wuye.core.errors import PermissionDeniedError


def _roles_by_project(user) -> dict[int | None, set[str]]:
    cached = getattr(user, "_wuye_roles", None)
    if cached is None:
        from wuye.accounts.models import RoleAssignment

        cached = {}
        for project_id, role in RoleAssignment.objects.active().filter(user=user).values_list("project_id", "role"):
            cached.setdefault(project_id, set()).add(role)
        user._wuye_roles = cached
    return cached


def is_company_wide(user) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Role.COMPANY_MANAGER in _roles_by_project(user).get(None, set())


def staff_project_ids(user) -> set[int] | None:
    """Projects a staff user works in; None means every project (company-wide)."""
    if is_company_wide(user):
        return None
    if not user or not user.is_authenticated or user.kind != UserKind.STAFF:
        return set()
    return {pid for pid in _roles_by_project(user) if pid is not None}


def roles_in(user, project_id: int | None) -> set[str]:
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    by_project = _roles_by_project(user)
    roles = set(by_project.get(None, set()))
    if project_id is not None:
        roles |= by_project.get(project_id, set())
    return roles


def has_perm(user, perm: str, project_id: int | None) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(roles_in(user, project_id) & roles_with(perm))


def require_perm(user, perm: str, project_id: int | None) -> None:
    if not has_perm(user, perm, project_id):
        raise PermissionDeniedError("permission_denied", _("Your role does not allow this action."))


def has_perm_anywhere(user, perm: str) -> bool:
    """For company-wide settings (e.g. the holiday table): the permission in any project counts."""
    projects = projects_with_perm(user, perm)
    return projects is None or bool(projects)


def require_perm_anywhere(user, perm: str) -> None:
    if not has_perm_anywhere(user, perm):
        raise PermissionDeniedError("permission_denied", _("Your role does not allow this action."))


def projects_in_scope(user, perm: str, project_id: int | None = None) -> list:
    """For reports: the project asked for (404 when outside the user's scope, 403 without `perm`),
    or every project where the user holds `perm` (403 when there is none)."""
    from django.http import Http404

    from wuye.estate.models import Project

    visible = Project.objects.visible_to(user)
    if project_id is not None:
        project = visible.filter(pk=project_id).first()
        if project is None:
            raise Http404("project")
        require_perm(user, perm, project.pk)
        return [project]
    ids = projects_with_perm(user, perm)
    projects = list((visible if ids is None else visible.filter(pk__in=ids)).order_by("name"))
    if not projects:
        raise PermissionDeniedError("permission_denied", _("Your role does not allow this action."))
    return projects


def projects_with_perm(user, perm: str) -> set[int] | None:
    """Project ids where the user holds `perm`; None = all projects."""
    if not user or not user.is_authenticated:
        return set()
    if user.is_superuser or (is_company_wide(user) and roles_in(user, None) & roles_with(perm)):
        return None
    wanted = roles_with(perm)
    return {pid for pid, roles in _roles_by_project(user).items() if pid is not None and roles & wanted}


def resident_unit_ids(user) -> set[int]:
    """Units an owner or tenant account is linked to now (active ownerships and leases)."""
    cached = getattr(user, "_wuye_units", None)
    if cached is None:
        from wuye.estate.models import Lease, Ownership

        cached = set()
        if user and user.is_authenticated and user.is_resident:
            cached |= set(
                Ownership.objects.active().filter(owner__user=user).values_list("unit_id", flat=True)
            )
            cached |= set(Lease.objects.active().filter(tenant__user=user).values_list("unit_id", flat=True))
        user._wuye_units = cached
    return cached


def project_q(user, lookup: str) -> Q | None:
    """A filter restricting `lookup` (a path to a project id) to the user's projects; None = no limit."""
    ids = staff_project_ids(user)
    if ids is None:
        return None
    return Q(**{f"{lookup}__in": ids})
