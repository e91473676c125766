"""Who may see and do what: the one permission and scoping API of every app, web and API alike.

The rules are generic; the facts come from registries filled at start-up by the apps that own
them, so this module imports no app:
- each app declares its permissions (`register_permissions`, from its own `permissions.py`):
  permission name → the roles that hold it;
- accounts tells which roles a user holds in which project (`set_role_source`);
- estate tells which units an owner or tenant account is linked to (`set_resident_units_source`).

Permissions are per project: a role held in project A gives nothing in project B. The company
manager's assignment has no project and is company-wide. Results are cached on the user object for
the duration of a request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.apps import apps
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from wuye.core.errors import PermissionDeniedError
from wuye.core.roles import Role

_PERMISSIONS: dict[str, frozenset[str]] = {}
_sources: dict[str, Callable] = {}


# --- registries -----------------------------------------------------------------------------------


def register_permissions(table: Mapping[str, Iterable[str]]) -> None:
    """An app declares its permissions. A name declared twice must mean the same roles."""
    for perm, roles in table.items():
        roles = frozenset(roles)
        if perm in _PERMISSIONS and _PERMISSIONS[perm] != roles:
            raise ValueError(f"permission {perm!r} declared twice with different roles")
        unknown = roles - set(Role.values)
        if unknown:
            raise ValueError(f"permission {perm!r} names unknown roles {sorted(unknown)}")
        _PERMISSIONS[perm] = roles


def permissions() -> dict[str, frozenset[str]]:
    return dict(_PERMISSIONS)


def set_role_source(source: Callable[[object], dict[int | None, set[str]]]) -> None:
    """`source(user)` → {project id or None (company-wide): {role, …}} for an active staff user."""
    _sources["roles"] = source


def set_resident_units_source(source: Callable[[object], set[int]]) -> None:
    """`source(user)` → ids of the units an owner or tenant account is linked to now."""
    _sources["resident_units"] = source


def roles_with(perm: str) -> frozenset[str]:
    try:
        return _PERMISSIONS[perm]
    except KeyError as exc:  # a typo in a permission name must fail loudly
        raise KeyError(f"unknown permission {perm!r}") from exc


# --- the rules ------------------------------------------------------------------------------------


def _active(user) -> bool:
    return bool(user) and user.is_authenticated and user.is_active


def _roles_by_project(user) -> dict[int | None, set[str]]:
    cached = getattr(user, "_wuye_roles", None)
    if cached is None:
        cached = _sources["roles"](user) if not getattr(user, "is_resident", False) else {}
        user._wuye_roles = cached
    return cached


def is_company_wide(user) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return Role.COMPANY_MANAGER in _roles_by_project(user).get(None, set())


def staff_project_ids(user) -> set[int] | None:
    """Projects a staff user works in; None means every project (company-wide)."""
    if is_company_wide(user):
        return None
    if not user or not user.is_authenticated or getattr(user, "is_resident", False):
        return set()
    return {pid for pid in _roles_by_project(user) if pid is not None}


def roles_in(user, project_id: int | None) -> set[str]:
    if not _active(user):
        return set()
    by_project = _roles_by_project(user)
    roles = set(by_project.get(None, set()))
    if project_id is not None:
        roles |= by_project.get(project_id, set())
    return roles


def has_perm(user, perm: str, project_id: int | None) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return bool(roles_in(user, project_id) & roles_with(perm))


def require_perm(user, perm: str, project_id: int | None) -> None:
    if not has_perm(user, perm, project_id):
        raise PermissionDeniedError("permission_denied", _("Your role does not allow this action."))


def projects_with_perm(user, perm: str) -> set[int] | None:
    """Project ids where the user holds `perm`; None = all projects."""
    if not user or not user.is_authenticated:
        return set()
    if user.is_superuser or (is_company_wide(user) and roles_in(user, None) & roles_with(perm)):
        return None
    wanted = roles_with(perm)
    return {pid for pid, roles in _roles_by_project(user).items() if pid is not None and roles & wanted}


def projects_with_any(user, perms: Iterable[str]) -> set[int] | None:
    """Project ids where the user holds one of `perms`; None = every project."""
    found: set[int] = set()
    for perm in perms:
        ids = projects_with_perm(user, perm)
        if ids is None:
            return None
        found |= ids
    return found


def require_any(user, perms: Iterable[str], project_id: int | None) -> None:
    """One of `perms` in the project (engineers read meters without seeing the ledger)."""
    if not any(has_perm(user, perm, project_id) for perm in perms):
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
    visible = apps.get_model("estate", "Project").objects.visible_to(user)
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


def resident_unit_ids(user) -> set[int]:
    """Units an owner or tenant account is linked to now (active ownerships and leases)."""
    cached = getattr(user, "_wuye_units", None)
    if cached is None:
        cached = set()
        if user and user.is_authenticated and getattr(user, "is_resident", False):
            cached = set(_sources["resident_units"](user))
        user._wuye_units = cached
    return cached


def project_q(user, lookup: str) -> Q | None:
    """A filter restricting `lookup` (a path to a project id) to the user's projects; None = no limit."""
    ids = staff_project_ids(user)
    if ids is None:
        return None
    return Q(**{f"{lookup}__in": ids})
