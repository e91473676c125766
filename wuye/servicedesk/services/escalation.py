"""Escalation, hand-over of the first-contact duty, approved deadline extensions, notices to the builder."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.duties import require_other_person
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.roles import Role, role_label
from wuye.servicedesk.choices import (
    Category,
    EscalationLevel,
    EventKind,
    Status,
)
from wuye.servicedesk.models import (
    DeadlineExtension,
    Ticket,
    TicketDeadline,
)
from wuye.servicedesk.services.common import (
    last_event_time,
    lock,
    project_staff,
    record_event,
)
from wuye.servicedesk.services.ticket_helpers import _notify_many

if TYPE_CHECKING:
    from wuye.accounts.models import User


@transaction.atomic
def ticket_escalate(
    *, ticket: Ticket, acting_user: User, reason: str, level: int | None = None, at: dt.datetime | None = None
) -> Ticket:
    """Raise to supervisor → project manager → company leadership; the people at that level are told."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.escalate", ticket.project_id)
    if ticket.status in (Status.CLOSED, Status.CANCELLED):
        raise BusinessRuleError("ticket_closed", _("A closed ticket cannot be escalated."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the ticket is escalated.")]})
    new_level = level if level is not None else min(ticket.escalation_level + 1, EscalationLevel.LEADERSHIP)
    if new_level not in EscalationLevel.values or new_level <= ticket.escalation_level:
        raise ValidationError({"level": [_("Escalate to a higher level than the current one.")]})
    return _escalate(ticket, new_level, acting_user=acting_user, reason=reason, at=at)


def _escalate(ticket: Ticket, new_level: int, *, acting_user, reason: str, at=None) -> Ticket:
    when = event_time(at, not_before=last_event_time(ticket))
    previous = ticket.escalation_level
    ticket.escalation_level = new_level
    stamp(ticket, acting_user)
    ticket.save(update_fields=["escalation_level"])
    record_event(
        ticket,
        kind=EventKind.ESCALATION,
        actor=acting_user,
        at=when,
        note=reason,
        data={"from": previous, "to": new_level},
    )
    role = {1: Role.CS_SUPERVISOR, 2: Role.PROJECT_MANAGER, 3: Role.COMPANY_MANAGER}[new_level]
    _notify_many(
        project_staff(ticket.project_id, {role}),
        kind="ticket_escalated",
        ticket=ticket,
        title=_("Escalated: %(number)s") % {"number": ticket.number},
        body=reason,
        key=f"escalated:{new_level}",
    )
    return ticket


@transaction.atomic
def ticket_handover(
    *, ticket: Ticket, to_user: User, acting_user: User, reason: str = "", at: dt.datetime | None = None
) -> Ticket:
    """Hand the first-contact duty (follow-up, final reply, return visit) to a colleague, recorded."""
    ticket = lock(ticket)
    if ticket.first_contact_id != acting_user.pk:
        access.require_perm(acting_user, "ticket.cancel", ticket.project_id)  # supervisors may reassign
    if not access.has_perm(to_user, "ticket.return_visit", ticket.project_id):
        raise ValidationError({"to_user": [_("Hand over to a customer-service colleague of this project.")]})
    if to_user.pk == ticket.first_contact_id:
        raise ValidationError({"to_user": [_("This person already holds the duty.")]})
    when = event_time(at, not_before=last_event_time(ticket))
    previous = ticket.first_contact
    ticket.first_contact = to_user
    stamp(ticket, acting_user)
    ticket.save(update_fields=["first_contact"])
    ticket.return_visits.filter(done_at__isnull=True).update(assigned_to=to_user)
    record_event(
        ticket,
        kind=EventKind.HANDOVER,
        actor=acting_user,
        at=when,
        note=reason,
        data={"from": previous.pk, "to": to_user.pk},
    )
    _notify_many(
        [to_user],
        kind="ticket_handover",
        ticket=ticket,
        title=_("You now follow %(number)s") % {"number": ticket.number},
        body=reason,
        key=f"handover:{when.isoformat()}",
    )
    return ticket


EXTENSION_APPROVERS = {
    # seed 000 §7: minor complaint — "超时需经主管经理批准" (the supervisor); important —
    # "超时需经管理部经理批准": the company's management department, not the project manager
    "minor": {Role.CS_SUPERVISOR, Role.PROJECT_MANAGER, Role.COMPANY_MANAGER},
    "important": {Role.COMPANY_MANAGER},
    "major": {Role.COMPANY_MANAGER},
    None: {Role.CS_SUPERVISOR, Role.PROJECT_MANAGER, Role.COMPANY_MANAGER},
}


@transaction.atomic
def ticket_extend_deadline(
    *,
    ticket: Ticket,
    step: str,
    new_due_at: dt.datetime,
    reason: str,
    acting_user: User,
    at: dt.datetime | None = None,
) -> TicketDeadline:
    """Extend one step's deadline; the acting user is the approver and must hold the role the spec names."""
    ticket = lock(ticket)
    severity = (
        (ticket.severity or ticket.proposed_severity or "minor")
        if ticket.category == Category.COMPLAINT
        else None
    )
    allowed = EXTENSION_APPROVERS[severity]
    held = access.roles_in(acting_user, ticket.project_id) & allowed
    if not held and not acting_user.is_superuser:
        raise PermissionDeniedError(
            "extension_needs_approval",
            _("Extending this deadline needs the approval of: %(roles)s.")
            % {"roles": "、".join(role_label(r) for r in sorted(allowed))},
        )
    # the handler whose step runs late does not extend it: their superior does
    require_other_person(ticket.assignee_id, acting_user, what=_("more time for a ticket you handle"))
    try:
        deadline = ticket.deadlines.select_for_update().get(step=step, cancelled=False)
    except TicketDeadline.DoesNotExist as exc:
        raise ValidationError({"step": [_("The ticket has no such deadline.")]}) from exc
    if deadline.met_at is not None:
        raise BusinessRuleError("deadline_met", _("This step is already done."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the extension.")]})
    if new_due_at <= deadline.due_at:
        raise ValidationError({"new_due_at": [_("The new deadline must be later than the current one.")]})
    when = event_time(at, not_before=last_event_time(ticket))
    DeadlineExtension.objects.create(
        deadline=deadline,
        previous_due_at=deadline.due_at,
        new_due_at=new_due_at,
        reason=reason.strip(),
        approved_by=acting_user,
        approver_role=sorted(held)[0] if held else "superuser",
    )
    record_event(
        ticket,
        kind=EventKind.EXTENSION,
        actor=acting_user,
        at=when,
        note=reason,
        data={"step": step, "from": deadline.due_at.isoformat(), "to": new_due_at.isoformat()},
    )
    deadline.due_at = new_due_at
    deadline.late_notified_at = None
    deadline.save(update_fields=["due_at", "late_notified_at"])
    return deadline


@transaction.atomic
def ticket_record_contractor_notice(
    *, ticket: Ticket, contractor_name: str, notice: str, acting_user: User, at: dt.datetime | None = None
) -> Ticket:
    """A house defect inside the warranty: the written notice to the construction company."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.dispatch", ticket.project_id)
    if ticket.category != Category.HOUSE_DEFECT:
        raise BusinessRuleError(
            "not_a_house_defect", _("Only house defects are notified to the construction company.")
        )
    if not contractor_name.strip() or not notice.strip():
        raise ValidationError({"notice": [_("Name the company and record the notice text.")]})
    when = event_time(at, not_before=ticket.received_at)
    ticket.contractor_name, ticket.contractor_notice, ticket.contractor_notified_at = (
        contractor_name.strip(),
        notice.strip(),
        when,
    )
    stamp(ticket, acting_user)
    ticket.save(update_fields=["contractor_name", "contractor_notice", "contractor_notified_at"])
    record_event(ticket, kind=EventKind.CONTRACTOR_NOTICE, actor=acting_user, at=when, note=notice)
    return ticket
