"""The actions of the ticket page, as a table: who may use each one, when it is shown, its form and
the one service it calls. Which forms are *shown* follows the status table and the user's roles;
the services still decide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from wuye.core import access
from wuye.core.roles import Role
from wuye.servicedesk import deadlines, forms, services
from wuye.servicedesk.choices import (
    DEPARTMENT_ROLES,
    OPEN_STATUSES,
    REPAIR_CATEGORIES,
    TRANSITIONS,
    Category,
    Department,
    EscalationLevel,
    Status,
)
from wuye.servicedesk.views.common import department_staff

S = Status
EXTENSION_ROLES = {Role.CS_SUPERVISOR, Role.PROJECT_MANAGER, Role.COMPANY_MANAGER}  # any approver of spec 02


def _perm(perm):
    return lambda ticket, user: access.has_perm(user, perm, ticket.project_id)


def _is_open(ticket):
    return ticket.status in OPEN_STATUSES


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    allowed: Callable  # (ticket, user) -> bool: the role may use it at all (else 403)
    shown: Callable  # (ticket, user) -> bool: it makes sense in the ticket's current state
    form: Callable  # (data, ticket, ctx) -> Form
    run: Callable  # (ticket, user, kwargs) -> None
    done: str
    buttons: tuple = ()  # extra submit buttons: (value, label, css class) posted as name="decision"


def _dispatch_form(data, ticket, ctx):
    initial = {"department": ticket.department or Department.CUSTOMER_SERVICE, "assignee": ticket.assignee_id}
    return forms.DispatchForm(data, prefix="dispatch", initial=initial, staff_by_department=ctx.staff())


def _handover_form(data, ticket, ctx):
    candidates = [u for u in ctx.staff()[Department.CUSTOMER_SERVICE] if u.pk != ticket.first_contact_id]
    return forms.HandoverForm(data, prefix="handover", candidates=candidates)


def _extend_form(data, ticket, ctx):
    steps = [
        (d.step, deadlines.STEP_LABELS.get(d.step, d.step))
        for d in ticket.deadlines.all()
        if d.met_at is None and not d.cancelled
    ]
    return forms.ExtendDeadlineForm(data, prefix="extend", steps=steps)


def _simple(form_class, name):
    return lambda data, ticket, ctx: form_class(data, prefix=name)


def _can_extend(ticket, user):
    return user.is_superuser or bool(access.roles_in(user, ticket.project_id) & EXTENSION_ROLES)


def _works_in(ticket, user):
    """The user works the department the order is dispatched to (the service checks it too)."""
    if user.is_superuser or access.is_company_wide(user):
        return True
    return bool(access.roles_in(user, ticket.project_id) & DEPARTMENT_ROLES.get(ticket.department, set()))


def _closable(ticket, user):
    if ticket.status == S.RECEIVED:
        return ticket.category == Category.CONSULTATION
    if ticket.status in (S.COMPLETED, S.CUSTOMER_ACCEPTED):
        return not ticket.needs_return_visit
    return ticket.status == S.RETURN_VISITED


ACTIONS = [
    Action(
        "accept",
        gettext_lazy("Accept the order"),
        _perm("ticket.handle"),
        lambda t, u: t.status == S.DISPATCHED and t.assignee_id in (None, u.pk) and _works_in(t, u),
        _simple(forms.ActionForm, "accept"),
        lambda t, u, kw: services.ticket_accept(ticket=t, acting_user=u, **kw),
        gettext_lazy("You accepted the order."),
    ),
    Action(
        "contact",
        gettext_lazy("Called the customer before the appointment"),
        _perm("ticket.handle"),
        lambda t, u: (
            t.status in (S.DISPATCHED, S.ACCEPTED)
            and t.appointment_at is not None
            and any(
                d.step == "contact_before_appointment" and d.met_at is None and not d.cancelled
                for d in t.deadlines.all()
            )
        ),
        _simple(forms.NoteForm, "contact"),
        lambda t, u, kw: services.ticket_contact_customer(ticket=t, acting_user=u, **kw),
        gettext_lazy("The call was recorded."),
    ),
    Action(
        "start",
        gettext_lazy("Start work (on site)"),
        _perm("ticket.handle"),
        lambda t, u: t.status in (S.RECEIVED, S.ACCEPTED) and t.category != Category.CONSULTATION,
        _simple(forms.NoteForm, "start"),
        lambda t, u, kw: services.ticket_start(ticket=t, acting_user=u, **kw),
        gettext_lazy("Work started."),
    ),
    Action(
        "complete",
        gettext_lazy("Complete"),
        _perm("ticket.handle"),
        lambda t, u: t.status == S.IN_PROGRESS,
        _simple(forms.CompleteForm, "complete"),
        lambda t, u, kw: services.ticket_complete(ticket=t, acting_user=u, **kw),
        gettext_lazy("The work was recorded as completed."),
    ),
    Action(
        "return_visit",
        gettext_lazy("Record the return visit"),
        _perm("ticket.return_visit"),
        lambda t, u: t.status in (S.COMPLETED, S.CUSTOMER_ACCEPTED),
        _simple(forms.ReturnVisitForm, "return_visit"),
        lambda t, u, kw: services.ticket_return_visit(ticket=t, acting_user=u, **kw),
        gettext_lazy("The return visit was recorded."),
    ),
    Action(
        "customer",
        gettext_lazy("Customer sign-off"),
        _perm("ticket.customer_accept"),
        lambda t, u: t.status == S.COMPLETED,
        _simple(forms.CustomerAcceptForm, "customer"),
        lambda t, u, kw: services.ticket_customer_accept(ticket=t, acting_user=u, **kw),
        gettext_lazy("The customer's answer was recorded."),
        buttons=(
            ("accept", gettext_lazy("Customer accepts"), ""),
            ("reject", gettext_lazy("Customer rejects: rework"), "secondary"),
        ),
    ),
    Action(
        "close",
        gettext_lazy("Close"),
        _perm("ticket.close"),
        _closable,
        _simple(forms.CloseForm, "close"),
        lambda t, u, kw: services.ticket_close(ticket=t, acting_user=u, **kw),
        gettext_lazy("The ticket was closed."),
    ),
    Action(
        "dispatch",
        gettext_lazy("Dispatch / pass on"),
        lambda t, u: t.assignee_id == u.pk or access.has_perm(u, "ticket.dispatch", t.project_id),
        lambda t, u: S.DISPATCHED in TRANSITIONS[t.status],
        _dispatch_form,
        lambda t, u, kw: services.ticket_dispatch(ticket=t, acting_user=u, **kw),
        gettext_lazy("The ticket was dispatched."),
    ),
    Action(
        "escalate",
        gettext_lazy("Escalate"),
        _perm("ticket.escalate"),
        lambda t, u: _is_open(t) and t.escalation_level < EscalationLevel.LEADERSHIP,
        lambda data, t, ctx: forms.EscalateForm(data, prefix="escalate", current_level=t.escalation_level),
        lambda t, u, kw: services.ticket_escalate(ticket=t, acting_user=u, **kw),
        gettext_lazy("The ticket was escalated."),
    ),
    Action(
        "handover",
        gettext_lazy("Hand over first-contact duty"),
        lambda t, u: t.first_contact_id == u.pk or access.has_perm(u, "ticket.cancel", t.project_id),
        lambda t, u: _is_open(t),
        _handover_form,
        lambda t, u, kw: services.ticket_handover(ticket=t, acting_user=u, **kw),
        gettext_lazy("The first-contact duty was handed over."),
    ),
    Action(
        "extend",
        gettext_lazy("Extend a deadline"),
        _can_extend,
        lambda t, u: _is_open(t) and any(d.met_at is None and not d.cancelled for d in t.deadlines.all()),
        _extend_form,
        lambda t, u, kw: services.ticket_extend_deadline(ticket=t, acting_user=u, **kw),
        gettext_lazy("The deadline was extended."),
    ),
    Action(
        "classify",
        gettext_lazy("Classify the complaint"),
        _perm("complaint.classify"),
        lambda t, u: t.category == Category.COMPLAINT and _is_open(t),
        lambda data, t, ctx: forms.ClassifyForm(
            data,
            prefix="classify",
            initial={"validity": t.validity, "severity": t.severity or t.proposed_severity},
        ),
        lambda t, u, kw: services.complaint_classify(ticket=t, acting_user=u, **kw),
        gettext_lazy("The complaint was classified."),
    ),
    Action(
        "incident",
        gettext_lazy("Link to an event"),
        _perm("ticket.dispatch"),
        lambda t, u: t.category == Category.COMPLAINT and _is_open(t),
        lambda data, t, ctx: forms.IncidentForm(
            data, prefix="incident", project=t.project, initial={"incident": t.incident_id}
        ),
        lambda t, u, kw: services.complaint_link_incident(ticket=t, acting_user=u, **kw),
        gettext_lazy("The complaint was linked to the event."),
    ),
    Action(
        "reply",
        gettext_lazy("Reply to the customer"),
        _perm("ticket.return_visit"),
        lambda t, u: t.status != S.CANCELLED and t.category != Category.CONSULTATION,
        lambda data, t, ctx: forms.ReplyForm(
            data, prefix="reply", initial={"kind": "result" if t.completed_at else "interim"}
        ),
        lambda t, u, kw: services.ticket_reply(ticket=t, acting_user=u, **kw),
        gettext_lazy("The reply was recorded."),
    ),
    Action(
        "opinion",
        gettext_lazy("Supervisor's handling opinion"),
        _perm("complaint.classify"),
        lambda t, u: t.category == Category.COMPLAINT and _is_open(t),
        lambda data, t, ctx: forms.OpinionForm(
            data, prefix="opinion", initial={"opinion": t.handling_opinion}
        ),
        lambda t, u, kw: services.complaint_record_opinion(ticket=t, acting_user=u, **kw),
        gettext_lazy("The handling opinion was recorded."),
    ),
    Action(
        "quote",
        gettext_lazy("Price agreed before the work"),
        _perm("ticket.handle"),
        lambda t, u: (
            t.status in (S.RECEIVED, S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS)
            and (t.is_paid or t.category in REPAIR_CATEGORIES)
            and not (t.service_item_id and t.service_item.pricing in ("fixed", "free"))
        ),
        lambda data, t, ctx: forms.QuoteForm(data, prefix="quote", initial={"amount": t.quoted_fee}),
        lambda t, u, kw: services.ticket_quote(ticket=t, acting_user=u, **kw),
        gettext_lazy("The quote was recorded."),
    ),
    Action(
        "contractor",
        gettext_lazy("Notice to the construction company"),
        _perm("ticket.dispatch"),
        lambda t, u: t.category == Category.HOUSE_DEFECT and _is_open(t),
        _simple(forms.ContractorNoticeForm, "contractor"),
        lambda t, u, kw: services.ticket_record_contractor_notice(ticket=t, acting_user=u, **kw),
        gettext_lazy("The notice was recorded."),
    ),
    Action(
        "cancel",
        gettext_lazy("Cancel the ticket"),
        _perm("ticket.cancel"),
        lambda t, u: S.CANCELLED in TRANSITIONS[t.status],
        _simple(forms.CancelForm, "cancel"),
        lambda t, u, kw: services.ticket_cancel(ticket=t, acting_user=u, **kw),
        gettext_lazy("The ticket was cancelled."),
    ),
]
ACTIONS_BY_NAME = {a.name: a for a in ACTIONS}
# The form opened by default: the next step of the lifecycle the user can take.
PRIMARY_ORDER = ("accept", "start", "complete", "return_visit", "customer", "close")


class ActionContext:
    """Data some action forms need, fetched once and only when a form needs it."""

    def __init__(self, ticket):
        self.ticket = ticket
        self._staff = None

    def staff(self):
        if self._staff is None:
            self._staff = department_staff(self.ticket.project_id)
        return self._staff
