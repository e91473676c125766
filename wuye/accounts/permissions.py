"""Permissions of user accounts and role assignments: permission → the roles that hold it.

Registered into wuye.core.access from the app's ready(); every check in web and API asks
`access.has_perm(user, perm, project_id)`. Permissions are per project; `company_manager` is
company-wide.
"""

from wuye.core.roles import Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    # Manage user accounts and role assignments within the project.
    "users.manage": frozenset({R.PROJECT_MANAGER, R.COMPANY_MANAGER}),
    # Grant and end roles: company management only (and the administrator), never to oneself —
    # a project manager who could make themselves cashier could take and approve their own money.
    "roles.assign": frozenset({R.COMPANY_MANAGER}),
    # See the staff list and assignments of the project.
    "users.view": frozenset({R.PROJECT_MANAGER, R.CS_SUPERVISOR, R.COMPANY_MANAGER}),
}
