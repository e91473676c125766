"""Permissions of company-wide settings: permission → the roles that hold it.

Registered into wuye.core.access from the app's ready(); every check in web and API asks
`access.has_perm(user, perm, project_id)`. Permissions are per project; `company_manager` is
company-wide.
"""

from wuye.core.roles import Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    # Company-wide: edit the holiday/adjusted-workday table.
    "calendar.manage": frozenset({R.COMPANY_MANAGER, R.PROJECT_MANAGER}),
}
