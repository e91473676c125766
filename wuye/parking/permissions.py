"""Permissions of parking (spec 03, seed 000 §17): permission → the roles that hold it.

Registered into wuye.core.access from the app's ready(); every check in web and API asks
`access.has_perm(user, perm, project_id)`. Permissions are per project; `company_manager` is
company-wide.
"""

from wuye.core.roles import ALL_STAFF, Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    "parking.view": ALL_STAFF,
    # Spaces, vehicles, monthly rentals and IC cards (the front desk and the cashier).
    "parking.manage": frozenset(
        {R.CS_ASSISTANT, R.CS_SUPERVISOR, R.CASHIER, R.PROJECT_MANAGER, R.SECURITY_LEAD}
    ),
    # Temporary parking at the gate.
    "parking.gate": frozenset({R.SECURITY, R.SECURITY_LEAD, R.CASHIER, R.CS_ASSISTANT}),
}
