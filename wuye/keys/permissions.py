"""Permissions of key custody (seed 000 §23): permission → the roles that hold it.

The customer centre names one person who keeps the keys (钥匙管理员): only they hand keys out and
take them back, and their recording a loan is the keeper's consent. Keys come into custody also at
the handover desk (the rectification key, keys not taken), so the customer-service staff and the
project manager may register them. Releases outside the normal procedure are approved by the
project manager and company leadership (both; see services.key_release_approve).
"""

from wuye.core.roles import Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    "keys.view": frozenset(
        {R.KEY_KEEPER, R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER, R.COMPANY_MANAGER}
    ),
    # take a key into custody: register it, or keep one entrusted by the owner
    "keys.receive": frozenset({R.KEY_KEEPER, R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    # every movement out of and back into the cabinet
    "keys.manage": frozenset({R.KEY_KEEPER}),
    "keys.approve_release": frozenset({R.PROJECT_MANAGER, R.COMPANY_MANAGER}),
}
