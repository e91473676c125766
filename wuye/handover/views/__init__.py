"""Console pages of handover (in Chinese through the catalogue): batches with their checklist, the
unit's handover form step by step, defects, the daily report and the summary."""

from wuye.handover.views.batches import (  # noqa: F401
    batch_detail,
    batch_list,
    batch_reschedule,
    checklist_assign,
    checklist_done,
    daily_report,
    summary,
)
from wuye.handover.views.defects import defect_close, defect_list  # noqa: F401
from wuye.handover.views.units import (  # noqa: F401
    defect_new,
    document_receipt_pdf,
    handover_detail,
    handover_finish,
    handover_form_pdf,
    handover_not_taken,
    handover_start,
    handover_step,
)
