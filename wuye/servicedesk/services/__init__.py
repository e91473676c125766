"""Service-desk writes. Import from here: `from wuye.servicedesk import services`."""

from wuye.servicedesk.services.closing import (  # noqa: F401
    ticket_cancel,
    ticket_close,
    ticket_customer_accept,
    ticket_return_visit,
)
from wuye.servicedesk.services.complaints import (  # noqa: F401
    complaint_classify,
    complaint_link_incident,
    complaint_record_opinion,
    propose_severity,
    raise_week_old_complaints,
    ticket_reply,
)
from wuye.servicedesk.services.escalation import (  # noqa: F401
    EXTENSION_APPROVERS,
    ticket_escalate,
    ticket_extend_deadline,
    ticket_handover,
    ticket_record_contractor_notice,
)
from wuye.servicedesk.services.history_import import (  # noqa: F401
    TicketHistory,
    TicketStep,
    ticket_history_import,
)
from wuye.servicedesk.services.intake import (  # noqa: F401
    intake_department,
    menu_fixed_price,
    resident_first_contact,
    service_item_department,
    ticket_create,
)
from wuye.servicedesk.services.settings import (  # noqa: F401
    butler_area_set,
    deadline_settings,
    deadline_settings_save,
    desk_duty_set,
    unreturned_digest_time,
)
from wuye.servicedesk.services.tickets import (  # noqa: F401
    ticket_accept,
    ticket_complete,
    ticket_contact_customer,
    ticket_dispatch,
    ticket_quote,
    ticket_start,
)
from wuye.servicedesk.services.visits import (  # noqa: F401
    contact_log_create,
    customer_visit_create,
    service_menu_item_save,
    ticket_from_contact_log,
)
