"""Column declarations of the service-desk lists (page headers, sort keys and the Excel export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wuye.core.tables import Column


def _where(ticket) -> str:
    if ticket.unit_id:
        return ticket.unit.code
    return ticket.public_area.name if ticket.public_area_id else ""


def _handler(ticket) -> str:
    if ticket.assignee_id:
        return str(ticket.assignee)
    return ticket.get_department_display() if ticket.department else ""


TICKET_COLUMNS = [
    Column("due", _("Next step due"), "next_due_at", sort="next_due_at", width=18),
    Column("next_step", _("Next step"), "next_step_label", page=False, width=16),
    Column("number", _("Number"), sort="number", width=18),
    Column("urgent", _("Urgent"), page=False),
    Column("category", _("Category"), "get_category_display", sort="category"),
    Column("where", _("Where"), _where, sort=("unit__code", "public_area__name"), width=14),
    Column("content", _("Content"), css="hide-sm", width=50),
    Column("status", _("Status"), "get_status_display", sort="status"),
    Column("overdue", _("Overdue"), "is_overdue", page=False),
    Column(
        "handler", _("Handler"), _handler, sort=("assignee__username", "department"), css="hide-sm", width=14
    ),
    Column("received", _("Received"), "received_at", sort="received_at", css="hide-md", width=18),
]


def _visit_where(visit) -> str:
    return _where(visit.ticket)


RETURN_VISIT_COLUMNS = [
    Column("due", _("Due"), "due_at", sort="due_at", width=18),
    Column("number", _("Number"), "ticket.number", sort="ticket__number", width=18),
    Column("category", _("Category"), "ticket.get_category_display", sort="ticket__category"),
    Column("unit", _("Unit"), _visit_where, sort=("ticket__unit__code", "ticket__public_area__name")),
    Column("content", _("Content"), "ticket.content", css="hide-sm", width=50),
    Column("assigned_to", _("Assigned to"), sort="assigned_to__username", css="hide-sm", width=14),
    Column("overdue", _("Overdue"), "is_overdue", page=False),
    Column("action", "", page=False, export=False),
]


CONTACT_LOG_COLUMNS = [
    Column("at", _("Time"), sort="at", width=18),
    Column("kind", _("Kind"), "get_kind_display", page=False),
    Column("received_by", _("Received by"), page=False, width=14),
    Column("caller", _("Caller"), "caller_number", sort="caller_number", width=16),
    Column("name", _("Name"), page=False),
    Column("unit", _("Unit"), "unit.code", page=False),
    Column("content", _("Content"), width=50),
    Column("ticket", _("Ticket"), "ticket.number", sort="ticket__number", width=18),
]


def _visit_tickets(visit) -> str:
    return "、".join(t.number for t in visit.tickets.all())


CUSTOMER_VISIT_COLUMNS = [
    Column("at", _("Time"), sort="at", width=18),
    Column("visited_by", _("Visited by"), page=False, width=14),
    Column("customer", _("Customer"), "customer_name", sort="customer_name", width=14),
    Column("unit", _("Unit"), "unit.code", sort="unit__code", page=False),
    Column("key_customer", _("Key customer"), page=False),
    Column("declined", _("Customer declined"), page=False),
    Column("method", _("Method"), "get_method_display", sort="method", css="hide-sm"),
    Column("satisfaction", _("Satisfaction"), "get_satisfaction_display", sort="satisfaction"),
    Column("opinions", _("Opinions"), "opinion", width=50),
    Column("tickets", _("Tickets"), _visit_tickets, page=False, width=20),
]


NOTIFICATION_COLUMNS = [
    Column("created_at", _("Time"), sort="created_at", width=18),
    Column("title", _("Title"), sort="title", width=30),
    Column("body", _("Content"), width=60),
    Column("read_at", _("Read at"), sort="read_at", width=18),
]
