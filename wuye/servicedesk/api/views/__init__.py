"""Service-desk API: tickets and their actions, service menu, calls-and-visits log, customer visits.

Every view: parse (input serializer) → fetch in scope (`visible_to`, out of scope = 404) → call one
service (permissions 403, rules 400 with a code) → answer with the output serializer.
"""

from wuye.servicedesk.api.views.desk import (  # noqa: F401
    ButlerAreaView,
    ContactLogFilter,
    ContactLogViewSet,
    CustomerVisitFilter,
    CustomerVisitViewSet,
    DeadlineSettingsView,
    DeskDutyFilter,
    DeskDutyViewSet,
    ServiceMenuFilter,
    ServiceMenuItemViewSet,
)
from wuye.servicedesk.api.views.tickets import (  # noqa: F401
    AS_OF,
    AsOfMixin,
    TicketFilter,
    TicketViewSet,
    ticket_action,
    ticket_response,
    tickets_for,
)
