"""Permissions of census (seed 000 §22): permission → the roles that hold it.

The assistant assigned to a building confirms its census (the service checks it is that assistant);
the supervisor or the project manager assigns the assistants; the project manager signs the report
off; security and the cashier get copies and may read it.
"""

from wuye.core.roles import Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    "census.view": frozenset(
        {
            R.CS_ASSISTANT,
            R.CS_SUPERVISOR,
            R.PROJECT_MANAGER,
            R.SECURITY,
            R.SECURITY_LEAD,
            R.CASHIER,
            R.COMPANY_MANAGER,
        }
    ),
    "census.assign": frozenset({R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    "census.confirm": frozenset({R.CS_ASSISTANT}),
    "census.sign_off": frozenset({R.PROJECT_MANAGER}),
}
