"""Permissions of notices (seed 000 §15): permission → the roles that hold it.

Customer-service assistants draft notices (supervisors too); nothing goes out before the project
manager approves and signs it, never the person who drafted it (services.notice_approve); the desk
posts, delivers and takes notices down; the archivist files the signed copy.
"""

from wuye.core.roles import Role

R = Role

DESK = frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR})

PERMISSIONS: dict[str, frozenset[str]] = {
    "notices.view": DESK | frozenset({R.PROJECT_MANAGER, R.ARCHIVIST, R.COMPANY_MANAGER}),
    "notices.draft": DESK,
    "notices.approve": frozenset({R.PROJECT_MANAGER}),
    # post at the designated places, deliver to a customer, retire early, confirm the take-down
    "notices.publish": DESK | frozenset({R.PROJECT_MANAGER}),
    "notices.archive": frozenset({R.ARCHIVIST}),
}
