"""Key custody services (seed 000 §23): one service per movement of a key, each checking its rule
and writing the movement."""

from wuye.keys.services.custody import key_entrust, key_issue, key_register  # noqa: F401
from wuye.keys.services.loans import (  # noqa: F401
    MAX_LOAN_DAYS,
    VIEWING_HOURS,
    key_borrow,
    key_return,
    key_viewing,
    keys_overdue_sweep,
)
from wuye.keys.services.releases import (  # noqa: F401
    key_release_approve,
    key_release_complete,
    key_release_reject,
    key_release_request,
    open_release,
)
