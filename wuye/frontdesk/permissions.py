"""Permissions of the front desk and the gate (seed 000 §4, §14; seed 001): permission → roles.

The customer-service centre's front desk prepares release passes (the handler's signature is the
issue), keeps the registers (visitors, mail, storage, lending) and the shift log; the guards at
the gate release goods against an issued pass and keep the visitors' time out; the archivist
keeps the archive copies.
"""

from wuye.core.roles import Role

R = Role

DESK = frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR})
GATE = frozenset({R.SECURITY, R.SECURITY_LEAD})

PERMISSIONS: dict[str, frozenset[str]] = {
    "frontdesk.view": DESK | GATE | frozenset({R.PROJECT_MANAGER, R.ARCHIVIST, R.COMPANY_MANAGER}),
    # release passes: prepared and issued at the desk, released at the gate
    "frontdesk.prepare_pass": DESK,
    "frontdesk.issue_pass": DESK | frozenset({R.PROJECT_MANAGER}),
    "frontdesk.release_pass": GATE,
    # the desk's registers: visitors, mail, storage, lending; the shift log
    "frontdesk.desk": DESK,
    "frontdesk.visitors": DESK | GATE,
    "frontdesk.shift_log": DESK | GATE,
}
