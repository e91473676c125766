"""Permissions of occupancy (issue 11, seed 000 §3, §20, §21): permission → the roles that hold it.

The procedures end leases and ownerships and create owners and tenants through estate's services,
so whoever runs them also holds `people.manage` (see wuye/estate/permissions.py).
"""

from wuye.core.roles import Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    # See move-ins, tenant exits and transfers: customer service, the manager, the cashier (who
    # starts and settles the billing), the archivist and the security lead (release passes).
    "occupancy.view": frozenset(
        {
            R.CS_ASSISTANT,
            R.CS_SUPERVISOR,
            R.PROJECT_MANAGER,
            R.CASHIER,
            R.ARCHIVIST,
            R.SECURITY_LEAD,
            R.COMPANY_MANAGER,
        }
    ),
    # Record a move-in, a tenant exit, an ownership transfer (the customer-service assistant's work).
    "occupancy.manage": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
}
