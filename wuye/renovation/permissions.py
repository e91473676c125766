"""Permissions of renovation (seed 000 §2): permission → the roles that hold it.

The customer-service centre takes the application and its documents and prepares the deposit
refund; engineering approves the file (the customer-service and engineering heads sign) and
inspects; customer service, engineering and security each patrol every renovating unit every
day; the cashier takes the fees; the project manager approves penalties and refunds.
"""

from wuye.core.roles import Role

R = Role

CS = frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR})
ENGINEERING = frozenset({R.ENGINEER, R.ENGINEERING_LEAD})
SECURITY = frozenset({R.SECURITY, R.SECURITY_LEAD})

PERMISSIONS: dict[str, frozenset[str]] = {
    "renovation.view": CS
    | ENGINEERING
    | SECURITY
    | frozenset({R.CASHIER, R.ARCHIVIST, R.PROJECT_MANAGER, R.COMPANY_MANAGER}),
    # the application, its documents, the agreement and briefing, workers and passes
    "renovation.manage": CS | frozenset({R.PROJECT_MANAGER}),
    # engineering's decision on the complete file; entry and completion inspections
    "renovation.approve": frozenset({R.ENGINEERING_LEAD, R.ENGINEER}),
    "renovation.inspect": ENGINEERING | SECURITY | CS,
    # one patrol record per department per renovating unit per day
    "renovation.patrol": CS | ENGINEERING | SECURITY,
    # violations found on patrol, hot-work permits
    "renovation.record_violation": CS | ENGINEERING | SECURITY,
    "renovation.issue_permit": ENGINEERING | frozenset({R.SECURITY_LEAD, R.PROJECT_MANAGER}),
    # the renovation fees at the cashier
    "renovation.take_fees": frozenset({R.CASHIER}),
    # penalties and deposit refunds (never the proposer's own)
    "renovation.approve_penalty": frozenset({R.PROJECT_MANAGER}),
    "renovation.prepare_refund": CS,
    "renovation.approve_refund": frozenset({R.PROJECT_MANAGER}),
}

#: the department a role patrols and signs for
ROLE_DEPARTMENT: dict[str, str] = {
    **{role: "customer_service" for role in CS},
    **{role: "engineering" for role in ENGINEERING},
    **{role: "security" for role in SECURITY},
}

#: the heads who get yesterday's patrol gaps each morning
DEPARTMENT_HEADS: dict[str, str] = {
    "customer_service": R.CS_SUPERVISOR,
    "engineering": R.ENGINEERING_LEAD,
    "security": R.SECURITY_LEAD,
}
