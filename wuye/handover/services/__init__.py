"""Handover writes. Import from here: `from wuye.handover import services`."""

from wuye.handover.services.batches import (  # noqa: F401
    batch_create,
    batch_reschedule,
    checklist_due_dates,
    checklist_item_assign,
    checklist_item_done,
)
from wuye.handover.services.defects import defect_close, defect_create  # noqa: F401
from wuye.handover.services.fees import prepaid_fees, prepaid_period  # noqa: F401
from wuye.handover.services.units import (  # noqa: F401
    handover_complete_step,
    handover_finish,
    handover_not_taken,
    handover_resume,
    handover_start,
)
