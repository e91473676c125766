"""Ticket lifecycle after the work (spec 02): the customer's sign-off, the return visit, closing and
cancelling. Sign-off refused or an unsolved return visit sends the work back as counted rework."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.errors import BusinessRuleError
from wuye.servicedesk import deadlines
from wuye.servicedesk.choices import Category, EventKind, Satisfaction, Status, VisitMethod
from wuye.servicedesk.models import ReturnVisit, Ticket
from wuye.servicedesk.services.common import lock, send_back_to_work, transition

if TYPE_CHECKING:
    from wuye.accounts.models import User


@transaction.atomic
def ticket_customer_accept(
    *,
    ticket: Ticket,
    acting_user: User,
    accepted: bool = True,
    comment: str = "",
    at: dt.datetime | None = None,
) -> Ticket:
    """The customer signs off. If not, the work goes back as rework (二次处理) and is counted."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.customer_accept", ticket.project_id)
    if accepted:
        return transition(ticket, Status.CUSTOMER_ACCEPTED, acting_user=acting_user, at=at, note=comment)
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Record why the customer did not accept.")]})
    send_back_to_work(ticket, kind=EventKind.REWORK, acting_user=acting_user, at=at, note=comment)
    return ticket


@transaction.atomic
def ticket_return_visit(
    *,
    ticket: Ticket,
    acting_user: User,
    solved: bool,
    satisfaction: str,
    comment: str = "",
    method: str = "phone",
    at: dt.datetime | None = None,
) -> Ticket:
    """Record the return visit (seed 000 §8). Unsolved or dissatisfied reopens the work as rework."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.return_visit", ticket.project_id)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": [_("Choose the customer's satisfaction.")]})
    if method not in VisitMethod.values:
        raise ValidationError({"method": [_("Unknown visit method.")]})
    if ticket.status not in (Status.COMPLETED, Status.CUSTOMER_ACCEPTED):
        raise BusinessRuleError(
            "ticket_transition_forbidden", _("A return visit follows completion of the work.")
        )
    visit = ticket.return_visits.filter(done_at__isnull=True).first()
    if visit is None:
        due = deadlines.due(ticket.project, "return_visit", ticket.completed_at or timezone.now())
        visit = ReturnVisit(ticket=ticket, due_at=due, assigned_to=ticket.first_contact)
    transition(
        ticket,
        Status.RETURN_VISITED,
        acting_user=acting_user,
        at=at,
        note=comment,
        data={"solved": solved, "satisfaction": satisfaction},
    )
    visit.done_at, visit.done_by = ticket.return_visited_at, acting_user
    visit.method, visit.solved, visit.satisfaction, visit.comment = (
        method,
        bool(solved),
        satisfaction,
        comment,
    )
    visit.save()
    if not solved or satisfaction == Satisfaction.DISSATISFIED:
        send_back_to_work(
            ticket, kind=EventKind.REOPEN, acting_user=acting_user, at=ticket.return_visited_at, note=comment
        )
    return ticket


def check_close(ticket: Ticket, *, answer: str = "") -> None:
    """What closing a ticket needs (`ticket_close` and the history import)."""
    if ticket.status == Status.RECEIVED and ticket.category != Category.CONSULTATION:
        raise BusinessRuleError(
            "ticket_transition_forbidden", _("Only a consultation can be closed straight from intake.")
        )
    if ticket.status == Status.RECEIVED and not (answer or "").strip():
        raise ValidationError({"answer": [_("Record the answer given.")]})
    if ticket.status in (Status.COMPLETED, Status.CUSTOMER_ACCEPTED) and ticket.needs_return_visit:
        raise BusinessRuleError(
            "return_visit_required", _("This ticket needs its return visit before it is closed.")
        )


@transaction.atomic
def ticket_close(
    *, ticket: Ticket, acting_user: User, answer: str = "", at: dt.datetime | None = None
) -> Ticket:
    """Close the ticket. Straight from intake only a consultation, with the answer given; a completed
    ticket that needs a return visit waits for it."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.close", ticket.project_id)
    check_close(ticket, answer=answer)
    fields = {"answer": answer.strip()} if answer else {}
    return transition(ticket, Status.CLOSED, acting_user=acting_user, at=at, note=answer, **fields)


@transaction.atomic
def ticket_cancel(*, ticket: Ticket, acting_user: User, reason: str, at: dt.datetime | None = None) -> Ticket:
    """Cancel with a reason; the ticket's open deadlines are cancelled with it."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.cancel", ticket.project_id)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for cancelling.")]})
    transition(
        ticket, Status.CANCELLED, acting_user=acting_user, at=at, note=reason, cancel_reason=reason.strip()
    )
    ticket.deadlines.filter(met_at__isnull=True).update(cancelled=True)
    return ticket
