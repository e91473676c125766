"""Permissions of billing (spec 03): permission → the roles that hold it.

Registered into wuye.core.access from the app's ready(); every check in web and API asks
`access.has_perm(user, perm, project_id)`. Permissions are per project; `company_manager` is
company-wide.
"""

from wuye.core.roles import Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    "billing.view": frozenset(
        {R.CASHIER, R.PROJECT_MANAGER, R.CS_SUPERVISOR, R.CS_ASSISTANT, R.COMPANY_MANAGER}
    ),
    # Fee items, tariffs, charge runs, one-off charges.
    "billing.manage": frozenset({R.CASHIER, R.PROJECT_MANAGER}),
    # Take payments, issue and void receipts, record deposits, import bank files, read meters.
    "billing.take_payment": frozenset({R.CASHIER}),
    "billing.read_meters": frozenset({R.CASHIER, R.ENGINEER, R.ENGINEERING_LEAD}),
    # Approve deposit refunds (with their deductions).
    "billing.approve_refund": frozenset({R.PROJECT_MANAGER, R.COMPANY_MANAGER}),
    "billing.report": frozenset({R.CASHIER, R.PROJECT_MANAGER, R.COMPANY_MANAGER}),
}
