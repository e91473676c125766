"""Pieces shared by the service-desk services: locking, the transition core, rework, deadlines, people."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from wuye.accounts.selectors import project_staff  # noqa: F401  (re-exported)
from wuye.core.audit import event_time, stamp
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.servicedesk import deadlines
from wuye.servicedesk.choices import TRANSITIONS, EventKind, Status
from wuye.servicedesk.models import Ticket, TicketDeadline, TicketEvent
from wuye.servicedesk.services.ticket_helpers import _notify_many

STATUS_TIME_FIELD: dict[str, str] = {
    Status.DISPATCHED: "dispatched_at",
    Status.ACCEPTED: "accepted_at",
    Status.IN_PROGRESS: "started_at",
    Status.COMPLETED: "completed_at",
    Status.CUSTOMER_ACCEPTED: "customer_accepted_at",
    Status.RETURN_VISITED: "return_visited_at",
    Status.CLOSED: "closed_at",
    Status.CANCELLED: "cancelled_at",
}


def lock(ticket: Ticket) -> Ticket:
    """The ticket, locked for the rest of the transaction, read afresh (with its project)."""
    return lock_row(Ticket, ticket.pk, queryset=Ticket.objects.select_related("project"))


def last_event_time(ticket: Ticket) -> dt.datetime:
    """Time of the last status step. Annotations (classification, escalation, extension) do not
    count: a paper record of an earlier step may be entered after them."""
    last = ticket.events.exclude(to_status="").order_by("-at").values_list("at", flat=True).first()
    return last or ticket.received_at


def forbidden(ticket: Ticket, to_status: str) -> BusinessRuleError:
    return BusinessRuleError(
        "ticket_transition_forbidden",
        _("A ticket in status “%(from)s” cannot move to “%(to)s”.")
        % {"from": Status(ticket.status).label, "to": Status(to_status).label},
    )


def record_event(ticket, *, kind, actor, at, note="", from_status="", to_status="", data=None) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor,
        at=at,
        note=note,
        from_status=from_status,
        to_status=to_status,
        data=data or {},
    )


def transition(
    ticket: Ticket,
    to_status: str,
    *,
    acting_user,
    at=None,
    note="",
    kind=EventKind.TRANSITION,
    data=None,
    **fields,
) -> Ticket:
    """Move a locked ticket along TRANSITIONS, record the event and meet the deadlines it meets."""
    if to_status not in TRANSITIONS[ticket.status]:
        raise forbidden(ticket, to_status)
    when = event_time(at, not_before=last_event_time(ticket))
    from_status = ticket.status
    ticket.status = to_status
    if to_status in STATUS_TIME_FIELD:
        setattr(ticket, STATUS_TIME_FIELD[to_status], when)
    for name, value in fields.items():
        setattr(ticket, name, value)
    stamp(ticket, acting_user)
    ticket.save()
    record_event(
        ticket,
        kind=kind,
        actor=acting_user,
        at=when,
        note=note,
        from_status=from_status,
        to_status=to_status,
        data=data,
    )
    meet_deadlines(ticket, to_status, when)
    return ticket


def send_back_to_work(ticket: Ticket, *, kind: str, acting_user, at, note: str) -> None:
    """Put a locked ticket whose work was done back in progress as counted rework (二次处理), and
    tell the handler and the first contact. `kind` says why: EventKind.REWORK, the customer did not
    sign off; EventKind.REOPEN, the return visit found it unsolved or the customer dissatisfied."""
    if kind == EventKind.REOPEN:
        notice, title, key = "ticket_reopened", _("Reopened after return visit: %(number)s"), "reopen"
    else:
        notice, title, key = "ticket_rework", _("Rework: %(number)s"), "rework"
    transition(
        ticket,
        Status.IN_PROGRESS,
        acting_user=acting_user,
        at=at,
        note=note,
        kind=kind,
        rework_count=ticket.rework_count + 1,
    )
    _notify_many(
        [u for u in (ticket.assignee, ticket.first_contact) if u],
        kind=notice,
        ticket=ticket,
        title=title % {"number": ticket.number},
        body=note,
        key=f"{key}:{ticket.rework_count}",
    )


def status_time(ticket: Ticket, status: str) -> dt.datetime:
    """When the ticket last entered `status` (set by `transition`)."""
    value = getattr(ticket, STATUS_TIME_FIELD[status])
    if value is None:
        raise ValueError(f"ticket {ticket.pk} has no time for status {status}")
    return value


def meet_deadlines(ticket: Ticket, status: str, when: dt.datetime) -> None:
    steps = [step for step, statuses in deadlines.MET_BY_STATUS.items() if status in statuses]
    if not steps:  # accepting, the customer's sign-off: no deadline ends there
        return
    TicketDeadline.objects.filter(ticket=ticket, step__in=steps, met_at__isnull=True, cancelled=False).update(
        met_at=when
    )


def add_deadline(
    ticket: Ticket,
    step: str,
    *,
    start: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
    met_at: dt.datetime | None = None,
    rule: str = "",
) -> TicketDeadline:
    """Create (or re-arm, after rework) the deadline of `step`, keeping the rule it was armed with.

    With `start`, the project's setting for the step gives the due time; with `due_at`, the time is
    fixed by the customer (`rule` "promised" or "appointment")."""
    values = deadline_values(ticket.project, step, start=start, due_at=due_at, met_at=met_at, rule=rule)
    deadline, created = TicketDeadline.objects.get_or_create(ticket=ticket, step=step, defaults=values)
    if not created:
        for name, value in values.items():
            setattr(deadline, name, value)
        deadline.cancelled, deadline.late_notified_at = False, None
        deadline.save(update_fields=[*values, "cancelled", "late_notified_at"])
    return deadline


def deadline_values(
    project,
    step: str,
    *,
    start: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
    met_at: dt.datetime | None = None,
    rule: str = "",
) -> dict:
    """The columns of a freshly armed deadline of `step` (see `add_deadline`): the due time from the
    project's setting counted from `start`, or fixed by the customer (`due_at` with its `rule`)."""
    if due_at is None:
        if start is None:
            raise ValueError("add_deadline needs `start` or `due_at`")
        amount, unit = deadlines.setting(project, step)
        due_at = deadlines.add(start, amount, unit)
    else:
        amount, unit = None, rule
    return {"due_at": due_at, "original_due_at": due_at, "met_at": met_at, "amount": amount, "unit": unit}
