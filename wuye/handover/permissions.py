"""Permissions of handover (spec 04, seed 000 §1, seed 003): permission → the roles that hold it."""

from wuye.core.roles import ALL_STAFF, Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    "handover.view": ALL_STAFF,
    # Batches and their preparation checklist (the project's management).
    "handover.plan": frozenset({R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    # Handing over units at the venue (the customer-service staff; the payment step is the
    # cashier's: it takes the money through billing with billing.take_payment).
    "handover.manage": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    # Defects found at handover: recorded and followed up by customer service and engineering.
    "handover.defects": frozenset(
        {R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER, R.ENGINEER, R.ENGINEERING_LEAD}
    ),
}
