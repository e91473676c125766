"""Permissions of KPI reports (spec 08): permission → the roles that hold it.

Registered into wuye.core.access from the app's ready(); every check in web and API asks
`access.has_perm(user, perm, project_id)`. Permissions are per project; `company_manager` is
company-wide.
"""

from wuye.core.roles import Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    # KPI reports.
    "report.view": frozenset(
        {R.CS_SUPERVISOR, R.PROJECT_MANAGER, R.COMPANY_MANAGER, R.ENGINEERING_LEAD, R.SECURITY_LEAD}
    ),
}
