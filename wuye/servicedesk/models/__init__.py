"""Service desk tables: one Ticket for every intake (报事), its timeline, deadlines and visits.

A package of modules named after what they hold; every model is importable from here.
"""

from wuye.servicedesk.models.menu import ServiceMenuItem
from wuye.servicedesk.models.people import (
    ButlerArea,
    ContactLog,
    CustomerVisit,
    DeskDuty,
    ReturnVisit,
    ReturnVisitQuerySet,
)
from wuye.servicedesk.models.tickets import (
    ComplaintIncident,
    CustomerReply,
    CustomerReplyQuerySet,
    DeadlineExtension,
    Ticket,
    TicketDeadline,
    TicketEvent,
    TicketQuerySet,
)

__all__ = [
    "ButlerArea",
    "ComplaintIncident",
    "ContactLog",
    "CustomerReply",
    "CustomerReplyQuerySet",
    "CustomerVisit",
    "DeadlineExtension",
    "DeskDuty",
    "ReturnVisit",
    "ReturnVisitQuerySet",
    "ServiceMenuItem",
    "Ticket",
    "TicketDeadline",
    "TicketEvent",
    "TicketQuerySet",
]
