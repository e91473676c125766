"""Notice services (seed 000 §15): one service per step of a notice, each checking its rule."""

from wuye.notices.services.drafting import (  # noqa: F401
    CONTENT_FIELDS,
    format_number,
    notice_approve,
    notice_create,
    notice_reject,
    notice_submit,
    notice_update,
)
from wuye.notices.services.publishing import (  # noqa: F401
    notice_archive,
    notice_deliver,
    notice_publish,
    notice_retire,
    notice_taken_down,
    notices_retire_sweep,
)
