"""Service-desk console pages (server-rendered; vanilla JS in static/js/ only where it helps)."""

from wuye.servicedesk.views.contacts import (  # noqa: F401
    contact_log_list,
    contact_log_ticket,
    customer_visit_list,
    visit_quota,
)
from wuye.servicedesk.views.detail import repair_order_pdf, ticket_action, ticket_detail  # noqa: F401
from wuye.servicedesk.views.intake import ticket_new_unit_context  # noqa: F401
from wuye.servicedesk.views.notifications import (  # noqa: F401
    notification_list,
    notification_read,
    notification_read_all,
)
from wuye.servicedesk.views.settings import desk_settings  # noqa: F401
from wuye.servicedesk.views.tickets import (  # noqa: F401
    return_visit_list,
    ticket_list,
    ticket_mine,
    ticket_new,
    ticket_queue,
)
