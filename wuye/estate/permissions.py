"""Permissions of estate registry and people (spec 01): permission → the roles that hold it.

Registered into wuye.core.access from the app's ready(); every check in web and API asks
`access.has_perm(user, perm, project_id)`. Permissions are per project; `company_manager` is
company-wide.
"""

from wuye.core.roles import ALL_STAFF, Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    # Read the estate registry (projects, buildings, units, public areas, occupancy).
    "estate.view": ALL_STAFF,
    # Create and edit projects' buildings, units and public areas; generate units.
    "estate.manage": frozenset({R.PROJECT_MANAGER, R.CS_SUPERVISOR, R.COMPANY_MANAGER}),
    # Edit project settings.
    "project.manage": frozenset({R.PROJECT_MANAGER, R.COMPANY_MANAGER}),
    # Record a manual occupancy-status correction (with a reason).
    "unit.change_status": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    # See owners and tenants (masked) — everyone who serves the household.
    "people.view": frozenset(
        {
            R.CS_ASSISTANT,
            R.CS_SUPERVISOR,
            R.PROJECT_MANAGER,
            R.ENGINEER,
            R.ENGINEERING_LEAD,
            R.SECURITY,
            R.SECURITY_LEAD,
            R.CASHIER,
            R.ARCHIVIST,
            R.KEY_KEEPER,
            R.COMPANY_MANAGER,
        }
    ),
    # See ID numbers and mobiles unmasked (roles whose work needs them: identity checks, fees, archives).
    "people.view_personal": frozenset(
        {R.CS_SUPERVISOR, R.PROJECT_MANAGER, R.CASHIER, R.ARCHIVIST, R.CS_ASSISTANT}
    ),
    # Create and edit owners, tenants, ownerships and leases.
    "people.manage": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER, R.ARCHIVIST}),
    # Import the developer's owner roster.
    "roster.import": frozenset({R.ARCHIVIST, R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
}
# Note: "people.view_personal" includes cs_assistant because front-desk staff verify identity at
# handover and move-in (spec 01); engineers and security see masked data only.
