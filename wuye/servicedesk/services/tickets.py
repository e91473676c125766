"""Ticket lifecycle services (spec 02): the work, from dispatch to completion. One function per
action; each checks the permission and the allowed transition, records who and when (an explicit
`at` for paper records), writes the timeline, meets or arms deadlines, and queues notifications
after commit. What follows the work (sign-off, return visit, close, cancel) is in `closing`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.money import to_money
from wuye.servicedesk.choices import (
    DEPARTMENT_LEADS,
    DEPARTMENT_ROLES,
    REPAIR_CATEGORIES,
    Category,
    Department,
    EventKind,
    Status,
)
from wuye.servicedesk.models import (
    ReturnVisit,
    Ticket,
)
from wuye.servicedesk.services.common import (
    add_deadline,
    forbidden,
    lock,
    project_staff,
    record_event,
    status_time,
    transition,
)
from wuye.servicedesk.services.intake import menu_fixed_price
from wuye.servicedesk.services.ticket_helpers import _check_handler, _money, _notify_many

if TYPE_CHECKING:
    from wuye.accounts.models import User


# --- the work ------------------------------------------------------------------------------------


@transaction.atomic
def ticket_dispatch(
    *,
    ticket: Ticket,
    department: str,
    acting_user: User,
    assignee: User | None = None,
    at: dt.datetime | None = None,
    note: str = "",
) -> Ticket:
    """Dispatch (or pass on) to a department and optionally a person. Nobody refuses a ticket as
    'not mine': the current handler passes it on, and the pass is recorded."""
    ticket = lock(ticket)
    check_dispatch(ticket, department=department, assignee=assignee, acting_user=acting_user)
    first_dispatch = ticket.dispatched_at is None
    transition(
        ticket,
        Status.DISPATCHED,
        acting_user=acting_user,
        at=at,
        note=note,
        department=department,
        assignee=assignee,
        data={"department": department, "assignee": assignee.pk if assignee else None},
    )
    dispatched_at = status_time(ticket, Status.DISPATCHED)
    if arms_on_site(ticket, first_dispatch=first_dispatch):
        add_deadline(ticket, "on_site", start=dispatched_at)
    recipients = [assignee] if assignee else project_staff(ticket.project_id, {DEPARTMENT_LEADS[department]})
    _notify_many(
        recipients,
        kind="ticket_dispatched",
        ticket=ticket,
        title=_("New order %(number)s") % {"number": ticket.number},
        body=ticket.content,
        key=f"dispatched:{dispatched_at.isoformat()}",
    )
    return ticket


def check_dispatch(ticket: Ticket, *, department: str, assignee: User | None, acting_user: User) -> None:
    """Who may dispatch (the dispatcher, or the current handler passing it on) and to whom."""
    if ticket.assignee_id != acting_user.pk:
        access.require_perm(acting_user, "ticket.dispatch", ticket.project_id)
    if department not in Department.values:
        raise ValidationError({"department": [_("Unknown department.")]})
    if assignee is not None:
        roles = access.roles_in(assignee, ticket.project_id)
        if not roles & DEPARTMENT_ROLES[department]:
            raise ValidationError({"assignee": [_("This person does not work in that department here.")]})


def arms_on_site(ticket: Ticket, *, first_dispatch: bool) -> bool:
    """The first dispatch of a repair starts the on-site clock (seed 002: on site within 10 minutes),
    unless it is urgent (its own clocks run from intake) or the customer made an appointment."""
    return (
        first_dispatch
        and not ticket.urgent
        and ticket.appointment_at is None
        and ticket.category in REPAIR_CATEGORIES
    )


@transaction.atomic
def ticket_contact_customer(
    *, ticket: Ticket, acting_user: User, at: dt.datetime | None = None, note: str = ""
) -> Ticket:
    """The handler called the customer before an appointment (seed 002: 15 minutes before)."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.handle", ticket.project_id)
    deadline = ticket.deadlines.filter(step="contact_before_appointment", cancelled=False).first()
    if deadline is None:
        raise BusinessRuleError("no_appointment", _("This ticket has no appointment to call ahead for."))
    if deadline.met_at is not None:
        raise BusinessRuleError("already_contacted", _("The customer has already been contacted."))
    when = event_time(at, not_before=ticket.received_at)
    deadline.met_at = when
    deadline.save(update_fields=["met_at"])
    record_event(
        ticket,
        kind=EventKind.NOTE,
        actor=acting_user,
        at=when,
        note=note or _("Customer contacted before the appointment."),
        data={"step": "contact_before_appointment"},
    )
    return ticket


@transaction.atomic
def ticket_accept(*, ticket: Ticket, acting_user: User, at: dt.datetime | None = None) -> Ticket:
    """The handler signs for the order. Two handlers accepting at once: the row lock lets exactly one win."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.handle", ticket.project_id)
    if ticket.status != Status.DISPATCHED:
        if ticket.status == Status.ACCEPTED:
            raise BusinessRuleError("ticket_already_accepted", _("Someone has already accepted this order."))
        raise BusinessRuleError("ticket_transition_forbidden", _("Only a dispatched order can be accepted."))
    if ticket.assignee_id and ticket.assignee_id != acting_user.pk:
        raise BusinessRuleError("ticket_assigned_to_other", _("This order is dispatched to someone else."))
    _check_handler(ticket, acting_user)
    return transition(ticket, Status.ACCEPTED, acting_user=acting_user, at=at, assignee=acting_user)


@transaction.atomic
def ticket_start(
    *, ticket: Ticket, acting_user: User, at: dt.datetime | None = None, note: str = ""
) -> Ticket:
    """On site / work begins. A receiver may also handle a ticket herself straight from intake."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.handle", ticket.project_id)
    if ticket.status == Status.RECEIVED:
        return transition(
            ticket,
            Status.IN_PROGRESS,
            acting_user=acting_user,
            at=at,
            note=note,
            assignee=acting_user,
            department=ticket.department or Department.CUSTOMER_SERVICE,
        )
    if ticket.status != Status.ACCEPTED:
        # back to work after completion is rework (customer rejection, return visit): counted there
        raise forbidden(ticket, Status.IN_PROGRESS)
    if ticket.assignee_id not in (None, acting_user.pk) and not access.has_perm(
        acting_user, "ticket.dispatch", ticket.project_id
    ):
        raise BusinessRuleError("ticket_assigned_to_other", _("This order is dispatched to someone else."))
    return transition(ticket, Status.IN_PROGRESS, acting_user=acting_user, at=at, note=note)


@transaction.atomic
def ticket_complete(
    *,
    ticket: Ticket,
    acting_user: User,
    result: str,
    at: dt.datetime | None = None,
    labour_hours: Decimal | str | None = None,
    materials: str = "",
    materials_fee: Decimal | str | None = None,
    labour_fee: Decimal | str | None = None,
    fee_change_reason: str = "",
) -> Ticket:
    """The handler's result: time spent, materials and the fee. A paid service's fee stays on the
    ticket as a receivable that billing charges, due on the completion date. The price told to
    the customer before the work (`quoted_fee`) is the price charged unless the handler records
    why it changed (a labour-only menu price: materials come on top, as the customer was told).
    A return visit falls due one day later (seed 000 §8); a complaint's result is replied the
    same day (seed 000 §7)."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.handle", ticket.project_id)
    require_result(result)
    if ticket.assignee_id not in (None, acting_user.pk) and not access.has_perm(
        acting_user, "ticket.dispatch", ticket.project_id
    ):
        raise BusinessRuleError("ticket_assigned_to_other", _("This order is dispatched to someone else."))
    fields, data = completion_fields(
        ticket,
        result=result,
        labour_hours=labour_hours,
        materials=materials,
        materials_fee=materials_fee,
        labour_fee=labour_fee,
        fee_change_reason=fee_change_reason,
    )
    transition(
        ticket, Status.COMPLETED, acting_user=acting_user, at=at, note=result.strip(), data=data, **fields
    )
    if ticket.category == Category.COMPLAINT:
        from wuye.servicedesk.services.complaints import arm_result_reply

        arm_result_reply(ticket)
    if ticket.needs_return_visit:
        completed_at = status_time(ticket, Status.COMPLETED)
        due = add_deadline(ticket, "return_visit", start=completed_at).due_at
        pending = ticket.return_visits.filter(done_at__isnull=True).first()
        if pending:
            pending.due_at = due
            pending.save(update_fields=["due_at"])
        else:
            ReturnVisit.objects.create(ticket=ticket, due_at=due, assigned_to=ticket.first_contact)
        _notify_many(
            [ticket.first_contact],
            kind="return_visit_due",
            ticket=ticket,
            title=_("Return visit due: %(number)s") % {"number": ticket.number},
            key=f"visit-due:{completed_at.isoformat()}",
        )
    return ticket


def require_result(result: str) -> None:
    if not (result or "").strip():
        raise ValidationError({"result": [_("Describe what was done.")]})


def completion_fields(
    ticket: Ticket,
    *,
    result: str,
    labour_hours: Decimal | str | None = None,
    materials: str = "",
    materials_fee: Decimal | str | None = None,
    labour_fee: Decimal | str | None = None,
    fee_change_reason: str = "",
) -> tuple[dict, dict]:
    """What completing the work writes on the ticket (the fields) and in its timeline (the event's
    data), checked as `ticket_complete` describes: the fee of a paid service from the quote or the
    menu's fixed price, a changed fee only with its reason."""
    materials_amount = _money(materials_fee, "materials_fee")
    labour_amount = _money(labour_fee, "labour_fee")
    item = ticket.service_item
    fixed_price = menu_fixed_price(item) if item is not None else None
    if ticket.is_paid and labour_fee in (None, "") and ticket.quoted_fee is not None:
        labour_amount = ticket.quoted_fee
    elif ticket.is_paid and labour_fee in (None, "") and fixed_price is not None:
        labour_amount = fixed_price
    if labour_hours not in (None, "") and Decimal(str(labour_hours)) < 0:
        raise ValidationError({"labour_hours": [_("The time spent cannot be negative.")]})
    fee = to_money(materials_amount + labour_amount) if ticket.is_paid else Decimal("0.00")
    reason = (fee_change_reason or "").strip()
    if ticket.is_paid and ticket.quoted_fee is not None:
        compared = labour_amount if (item is not None and item.labour_only) else fee
        if compared != ticket.quoted_fee and not reason:
            msg = _("The customer was quoted %(quote)s before the work; record why the fee is %(fee)s.") % {
                "quote": ticket.quoted_fee,
                "fee": compared,
            }
            raise ValidationError({"fee_change_reason": [msg]})
    fields = {
        "answer": result.strip(),
        "labour_hours": Decimal(str(labour_hours)) if labour_hours not in (None, "") else None,
        "materials": materials,
        "materials_fee": materials_amount,
        "labour_fee": labour_amount,
        "fee": fee,
        "fee_change_reason": reason,
    }
    data = {
        "fee": str(fee),
        **({"quoted_fee": str(ticket.quoted_fee), "fee_change_reason": reason} if reason else {}),
    }
    return fields, data


@transaction.atomic
def ticket_quote(
    *, ticket: Ticket, amount: Decimal | str, acting_user: User, note: str = "", at: dt.datetime | None = None
) -> Ticket:
    """The price agreed with the customer before a paid job (a range or negotiable menu item, or a
    repair found to be chargeable on site: seed 000 §13 "向客户说明标准及原因"). A published fixed price
    is not re-quoted; the completed fee must match the quote unless the handler says why."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.handle", ticket.project_id)
    if not access.has_perm(acting_user, "ticket.dispatch", ticket.project_id):
        _check_handler(ticket, acting_user)  # the department doing the job quotes it, or the desk
    if ticket.status not in (Status.RECEIVED, Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS):
        raise BusinessRuleError("quote_after_work", _("The price is agreed before the work is completed."))
    price = _money(amount, "amount")
    fixed = menu_fixed_price(ticket.service_item) if ticket.service_item else None
    if fixed is not None and price != fixed:
        raise ValidationError(
            {"amount": [_("The published price of this service is %(price)s.") % {"price": fixed}]}
        )
    when = event_time(at, not_before=ticket.received_at)
    previous = ticket.quoted_fee
    ticket.quoted_fee, ticket.is_paid = price, True
    stamp(ticket, acting_user)
    ticket.save(update_fields=["quoted_fee", "is_paid"])
    record_event(
        ticket,
        kind=EventKind.QUOTE,
        actor=acting_user,
        at=when,
        note=note,
        data={"from": str(previous) if previous is not None else None, "to": str(price)},
    )
    return ticket
