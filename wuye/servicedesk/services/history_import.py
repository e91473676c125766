"""A closed ticket's whole history entered at once (paper records of the previous management, the
demo's months of history): the ticket, its timeline, deadlines, replies, return visits and history
rows written in bulk, instead of a dozen step services with a dozen queries each.

Each step is checked and applied as its service does (`ticket_dispatch`, `complaint_classify`,
`ticket_complete`, `ticket_return_visit`…): the same permissions, transitions (TRANSITIONS), times
(never before the previous step nor in the future), fee rules (`completion_fields`), and the same
deadline code — the intake plan (`intake_deadlines`), the due times (`deadline_values`), and what
meets them (deadlines.MET_BY_STATUS, MET_BY_REPLY) — so an imported ticket is indistinguishable
from one walked through the services (test_history_import proves it field by field). The ticket's
history rows are dated at the step times. A history alerts nobody: no notifications are queued.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time
from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.servicedesk import deadlines
from wuye.servicedesk.choices import (
    OPEN_STATUSES,
    TRANSITIONS,
    Category,
    Department,
    EventKind,
    Satisfaction,
    Severity,
    Status,
    Validity,
    VisitMethod,
)
from wuye.servicedesk.models import CustomerReply, ReturnVisit, Ticket, TicketDeadline, TicketEvent
from wuye.servicedesk.services.closing import check_close
from wuye.servicedesk.services.common import STATUS_TIME_FIELD, deadline_values, forbidden, project_staff
from wuye.servicedesk.services.complaints import check_reply, propose_severity
from wuye.servicedesk.services.intake import _validate_intake, intake_deadlines, intake_ticket, ticket_numbers
from wuye.servicedesk.services.ticket_helpers import _check_handler
from wuye.servicedesk.services.tickets import arms_on_site, check_dispatch, completion_fields, require_result

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Project

SEVERITY_ORDER: list[str] = [Severity.MINOR, Severity.IMPORTANT, Severity.MAJOR]


@dataclass(frozen=True)
class TicketStep:
    """One step of a ticket's life: `action` names the step service, `args` its own keyword
    arguments (without ticket, acting_user and at).

    dispatch (department, assignee, note) · classify (validity, severity, note) · opinion (opinion)
    · accept · start (note) · complete (result, labour_hours, materials, materials_fee, labour_fee,
    fee_change_reason) · reply (kind, channel, content) · customer_accept (accepted, comment) ·
    return_visit (solved, satisfaction, comment, method) · close (answer)."""

    action: str
    actor: User
    at: dt.datetime
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TicketHistory:
    """A ticket as intake took it (`intake`: the other keyword arguments of `ticket_create`, such
    as unit, public_area, contact_name, contact_phone, urgent, service_item, answer) and its steps,
    oldest first, up to its close."""

    category: str
    content: str
    received_by: User
    received_at: dt.datetime
    steps: Sequence[TicketStep] = ()
    intake: Mapping[str, Any] = field(default_factory=dict)


@transaction.atomic
def ticket_history_import(*, project: Project, histories: Sequence[TicketHistory]) -> list[Ticket]:
    """Enter closed tickets with their whole history. Every step is checked as its service checks it;
    one wrong step refuses the whole import. Returns the tickets, in the order given."""
    now = timezone.now()
    supervisors = bool(project_staff(project.pk, {Role.CS_SUPERVISOR}))
    if not histories:
        return []
    numbers = ticket_numbers(project, [event_time(h.received_at, now=now) for h in histories])
    walks = [
        _Walk(project, history, number=number, now=now, has_supervisor=supervisors)
        for history, number in zip(histories, numbers, strict=True)
    ]
    tickets = Ticket.objects.bulk_create([w.ticket for w in walks])
    for walk in walks:
        for snapshot, _type in walk.snapshots:
            snapshot.pk = walk.ticket.pk
    replies = [reply for w in walks for reply, _event in w.replies]
    CustomerReply.objects.bulk_create(replies)
    for walk in walks:
        for reply, event in walk.replies:
            event.data["reply"] = reply.pk
    TicketEvent.objects.bulk_create([e for w in walks for e in w.events], batch_size=500)
    TicketDeadline.objects.bulk_create([d for w in walks for d in w.deadlines.values()], batch_size=500)
    ReturnVisit.objects.bulk_create([v for w in walks for v in w.visits], batch_size=500)
    reason = _("Ticket history imported")
    for history_type in ("+", "~"):
        Ticket.history.bulk_history_create(  # type: ignore[attr-defined]  # simple_history's manager
            [s for w in walks for s, kind in w.snapshots if kind == history_type],
            update=history_type == "~",
            default_change_reason=reason,
            batch_size=500,
        )
    return tickets


class _Walk:
    """One ticket walked through its steps in memory, as the step services would write it."""

    def __init__(
        self, project: Project, history: TicketHistory, *, number: str, now: dt.datetime, has_supervisor: bool
    ):
        self.project, self.now = project, now
        self.events: list[TicketEvent] = []
        self.deadlines: dict[str, TicketDeadline] = {}
        self.visits: list[ReturnVisit] = []
        self.replies: list[tuple[CustomerReply, TicketEvent]] = []
        self.snapshots: list[tuple[Ticket, str]] = []
        self.last_step_at: dt.datetime = history.received_at  # the time of the last status step
        self.ticket: Ticket
        self._intake(history, number=number, has_supervisor=has_supervisor)
        for step in history.steps:
            handler = getattr(self, f"_{step.action}", None)
            if step.action.startswith("_") or handler is None:
                raise ValidationError(
                    {"steps": [_("Unknown ticket step: %(step)s.") % {"step": step.action}]}
                )
            handler(step.actor, step.at, **step.args)
        if self.ticket.status != Status.CLOSED:
            raise BusinessRuleError(
                "history_not_closed", _("Only the history of a closed ticket is imported at once.")
            )

    # --- what every service does: the ticket saved, the timeline, the deadlines ------------------

    def _snapshot(self, actor, when: dt.datetime, history_type: str = "~") -> None:
        snapshot = copy.copy(self.ticket)
        snapshot._history_user = actor  # type: ignore[attr-defined]
        snapshot._history_date = when  # type: ignore[attr-defined]
        self.snapshots.append((snapshot, history_type))

    def _event(self, *, kind, actor, at, note="", from_status="", to_status="", data=None) -> TicketEvent:
        event = TicketEvent(
            ticket=self.ticket,
            kind=kind,
            actor=actor,
            at=at,
            note=note,
            from_status=from_status,
            to_status=to_status,
            data=data or {},
        )
        self.events.append(event)
        return event

    def _arm(self, step: str, **rule) -> TicketDeadline:
        """`add_deadline`: arm the step, or re-arm it after rework."""
        values = deadline_values(self.project, step, **rule)
        deadline = self.deadlines.get(step)
        if deadline is None:
            deadline = self.deadlines[step] = TicketDeadline(ticket=self.ticket, step=step, **values)
        else:
            for name, value in values.items():
                setattr(deadline, name, value)
            deadline.cancelled, deadline.late_notified_at = False, None
        return deadline

    def _meet(self, steps, when: dt.datetime) -> None:
        for step in steps:
            deadline = self.deadlines.get(step)
            if deadline is not None and deadline.met_at is None and not deadline.cancelled:
                deadline.met_at = when

    def _transition(
        self, to_status: str, *, actor, at, note="", kind=EventKind.TRANSITION, data=None, **fields
    ):
        """`common.transition`."""
        ticket = self.ticket
        if to_status not in TRANSITIONS[ticket.status]:
            raise forbidden(ticket, to_status)
        when = event_time(at, not_before=self.last_step_at, now=self.now)
        from_status = ticket.status
        ticket.status = to_status
        if to_status in STATUS_TIME_FIELD:
            setattr(ticket, STATUS_TIME_FIELD[to_status], when)
        for name, value in fields.items():
            setattr(ticket, name, value)
        self._snapshot(actor, when)
        self._event(
            kind=kind,
            actor=actor,
            at=when,
            note=note,
            from_status=from_status,
            to_status=to_status,
            data=data,
        )
        self._meet([s for s, statuses in deadlines.MET_BY_STATUS.items() if to_status in statuses], when)
        self.last_step_at = when

    def _send_back_to_work(self, *, kind: str, actor, at, note: str) -> None:
        self._transition(
            Status.IN_PROGRESS,
            actor=actor,
            at=at,
            note=note,
            kind=kind,
            rework_count=self.ticket.rework_count + 1,
        )

    def _require(self, actor, perm: str) -> None:
        access.require_perm(actor, perm, self.project.pk)

    def _check_assignee(self, actor) -> None:
        if self.ticket.assignee_id not in (None, actor.pk) and not access.has_perm(
            actor, "ticket.dispatch", self.project.pk
        ):
            raise BusinessRuleError(
                "ticket_assigned_to_other", _("This order is dispatched to someone else.")
            )

    # --- the steps: each as its service ------------------------------------------------------------

    def _intake(self, history: TicketHistory, *, number: str, has_supervisor: bool) -> None:
        """`ticket_create` for a paper record (`at` given)."""
        intake = dict(history.intake)
        answer = intake.pop("answer", "")
        quoted_fee = intake.pop("quoted_fee", None)
        place = {name: intake.pop(name, None) for name in ("unit", "public_area", "service_item")}
        text = {name: intake.pop(name, "") for name in ("contact_name", "contact_phone", "caller_number")}
        options = {
            "channel": intake.pop("channel", "phone"),
            "appointment_at": intake.pop("appointment_at", None),
            "promised_at": intake.pop("promised_at", None),
            "urgent": intake.pop("urgent", False),
            "department": intake.pop("department", ""),
        }
        if intake:
            raise ValidationError(
                {"intake": [_("Unknown intake fields: %(names)s.") % {"names": sorted(intake)}]}
            )
        user = history.received_by
        contact_phone, quote = _validate_intake(
            project=self.project,
            category=history.category,
            content=history.content,
            acting_user=user,
            unit=place["unit"],
            public_area=place["public_area"],
            contact_phone=text["contact_phone"],
            service_item=place["service_item"],
            quoted_fee=quoted_fee,
            department=options["department"],
            answer=answer,
        )
        received_at = event_time(history.received_at, now=self.now)
        ticket = self.ticket = intake_ticket(
            project=self.project,
            category=history.category,
            content=history.content,
            acting_user=user,
            contact_name=text["contact_name"],
            contact_phone=contact_phone,
            caller_number=text["caller_number"],
            quote=quote,
            received_at=received_at,
            number=number,
            unit=place["unit"],
            public_area=place["public_area"],
            service_item=place["service_item"],
            **options,
        )
        self.last_step_at = received_at
        self._snapshot(user, received_at, "+")
        self._event(kind=EventKind.INTAKE, actor=user, at=received_at, to_status=Status.RECEIVED)
        for step, rule in intake_deadlines(ticket):
            self._arm(step, **rule)
        if ticket.urgent or ticket.proposed_severity in (Severity.MAJOR, Severity.IMPORTANT):
            # reported on paper at the time, when the project has a supervisor to report to
            self._arm("report_superior", start=received_at, met_at=received_at if has_supervisor else None)
        if answer:
            self._transition(
                Status.CLOSED,
                actor=user,
                at=received_at,
                answer=answer.strip(),
                note=_("Answered on the spot."),
            )

    def _dispatch(self, actor, at, *, department: str, assignee: User | None = None, note: str = "") -> None:
        ticket = self.ticket
        check_dispatch(ticket, department=department, assignee=assignee, acting_user=actor)
        first_dispatch = ticket.dispatched_at is None
        data = {"department": department, "assignee": assignee.pk if assignee else None}
        self._transition(
            Status.DISPATCHED,
            actor=actor,
            at=at,
            note=note,
            department=department,
            assignee=assignee,
            data=data,
        )
        if arms_on_site(ticket, first_dispatch=first_dispatch):
            self._arm("on_site", start=ticket.dispatched_at)

    def _classify(self, actor, at, *, validity: str, severity: str = "", note: str = "") -> None:
        """`complaint_classify` (the rules may raise the chosen severity, never lower it)."""
        ticket = self.ticket
        self._require(actor, "complaint.classify")
        if ticket.category != Category.COMPLAINT:
            raise BusinessRuleError("not_a_complaint", _("Only complaints are classified."))
        errors = {}
        if validity not in Validity.values:
            errors["validity"] = [_("Choose valid, invalid or assist.")]
        if validity == Validity.VALID and severity not in Severity.values:
            errors["severity"] = [_("A valid complaint needs a severity.")]
        if errors:
            raise ValidationError(errors)
        when = event_time(at, not_before=self.last_step_at, now=self.now)
        ticket.validity, ticket.classified_by, ticket.classified_at = validity, actor, when
        if validity != Validity.VALID:
            ticket.severity = ""
        self._snapshot(actor, when)
        if validity != Validity.VALID:
            data: dict = {"validity": validity}
            self._event(kind=EventKind.CLASSIFICATION, actor=actor, at=when, note=note, data=data)
            return
        chosen = max(severity, propose_severity(ticket, as_of=when), key=SEVERITY_ORDER.index)
        previous = ticket.severity or ticket.proposed_severity
        ticket.proposed_severity = ticket.severity = chosen
        self._snapshot(actor, when)
        if ticket.status in OPEN_STATUSES:
            self._arm_complaint(chosen)
        data = {"from": previous, "to": chosen, "system": False}
        self._event(
            kind=EventKind.CLASSIFICATION, actor=actor, at=when, note=note or _("Classified."), data=data
        )

    def _arm_complaint(self, severity: str) -> None:
        """`arm_complaint_deadlines`: the severity's steps from intake, the other severities' dropped."""
        wanted = deadlines.COMPLAINT_STEPS[severity]
        for step, deadline in self.deadlines.items():
            if (
                step not in wanted
                and deadline.met_at is None
                and any(step in steps for steps in deadlines.COMPLAINT_STEPS.values())
            ):
                deadline.cancelled = True
        for step in wanted:
            if step not in self.deadlines or self.deadlines[step].cancelled:
                self._arm(step, start=self.ticket.received_at)
        if self.ticket.completed_at:
            for step in wanted:
                if self.deadlines[step].met_at is None:
                    self.deadlines[step].met_at = self.ticket.completed_at

    def _opinion(self, actor, at, *, opinion: str) -> None:
        ticket = self.ticket
        self._require(actor, "complaint.classify")
        if ticket.category != Category.COMPLAINT:
            raise BusinessRuleError("not_a_complaint", _("Only complaints get a handling opinion."))
        if ticket.status not in OPEN_STATUSES:
            raise BusinessRuleError("ticket_closed", _("The ticket is closed."))
        if not (opinion or "").strip():
            raise ValidationError({"opinion": [_("Write the handling opinion.")]})
        when = event_time(at, not_before=ticket.received_at, now=self.now)
        ticket.handling_opinion, ticket.opinion_by, ticket.opinion_at = opinion.strip(), actor, when
        self._snapshot(actor, when)
        self._event(kind=EventKind.OPINION, actor=actor, at=when, note=opinion.strip())

    def _accept(self, actor, at) -> None:
        ticket = self.ticket
        self._require(actor, "ticket.handle")
        if ticket.status != Status.DISPATCHED:
            raise BusinessRuleError(
                "ticket_transition_forbidden", _("Only a dispatched order can be accepted.")
            )
        if ticket.assignee_id and ticket.assignee_id != actor.pk:
            raise BusinessRuleError(
                "ticket_assigned_to_other", _("This order is dispatched to someone else.")
            )
        _check_handler(ticket, actor)
        self._transition(Status.ACCEPTED, actor=actor, at=at, assignee=actor)

    def _start(self, actor, at, *, note: str = "") -> None:
        ticket = self.ticket
        self._require(actor, "ticket.handle")
        if ticket.status == Status.RECEIVED:
            department = ticket.department or Department.CUSTOMER_SERVICE
            self._transition(
                Status.IN_PROGRESS, actor=actor, at=at, note=note, assignee=actor, department=department
            )
            return
        if ticket.status != Status.ACCEPTED:
            raise forbidden(ticket, Status.IN_PROGRESS)
        self._check_assignee(actor)
        self._transition(Status.IN_PROGRESS, actor=actor, at=at, note=note)

    def _complete(self, actor, at, *, result: str, **work) -> None:
        ticket = self.ticket
        self._require(actor, "ticket.handle")
        require_result(result)
        self._check_assignee(actor)
        fields, data = completion_fields(ticket, result=result, **work)
        self._transition(Status.COMPLETED, actor=actor, at=at, note=result.strip(), data=data, **fields)
        if ticket.category == Category.COMPLAINT:  # `arm_result_reply`
            self._arm("complaint_result_reply", start=ticket.completed_at)
        if ticket.needs_return_visit:
            due = self._arm("return_visit", start=ticket.completed_at).due_at
            pending = next((v for v in self.visits if v.done_at is None), None)
            if pending is not None:
                pending.due_at = due
            else:
                self.visits.append(ReturnVisit(ticket=ticket, due_at=due, assigned_to=ticket.first_contact))

    def _reply(self, actor, at, *, kind: str, channel: str, content: str) -> None:
        ticket = self.ticket
        self._require(actor, "ticket.return_visit")
        check_reply(ticket, kind=kind, channel=channel, content=content)
        not_before = ticket.completed_at if kind == CustomerReply.Kind.RESULT else ticket.received_at
        when = event_time(at, not_before=not_before, now=self.now)
        reply = CustomerReply(
            ticket=ticket, kind=kind, channel=channel, content=content.strip(), replied_by=actor, at=when
        )
        data = {"kind": kind, "channel": channel, "reply": None}  # the reply's id once written
        event = self._event(kind=EventKind.REPLY, actor=actor, at=when, note=content.strip(), data=data)
        self.replies.append((reply, event))
        self._meet(deadlines.MET_BY_REPLY[kind], when)

    def _customer_accept(self, actor, at, *, accepted: bool = True, comment: str = "") -> None:
        self._require(actor, "ticket.customer_accept")
        if accepted:
            self._transition(Status.CUSTOMER_ACCEPTED, actor=actor, at=at, note=comment)
            return
        if not (comment or "").strip():
            raise ValidationError({"comment": [_("Record why the customer did not accept.")]})
        self._send_back_to_work(kind=EventKind.REWORK, actor=actor, at=at, note=comment)

    def _return_visit(
        self, actor, at, *, solved: bool, satisfaction: str, comment: str = "", method: str = "phone"
    ) -> None:
        ticket = self.ticket
        self._require(actor, "ticket.return_visit")
        if satisfaction not in Satisfaction.values:
            raise ValidationError({"satisfaction": [_("Choose the customer's satisfaction.")]})
        if method not in VisitMethod.values:
            raise ValidationError({"method": [_("Unknown visit method.")]})
        if ticket.status not in (Status.COMPLETED, Status.CUSTOMER_ACCEPTED):
            raise BusinessRuleError(
                "ticket_transition_forbidden", _("A return visit follows completion of the work.")
            )
        visit = next((v for v in self.visits if v.done_at is None), None)
        if visit is None:
            due = deadlines.due(self.project, "return_visit", ticket.completed_at or self.now)
            visit = ReturnVisit(ticket=ticket, due_at=due, assigned_to=ticket.first_contact)
            self.visits.append(visit)
        data = {"solved": solved, "satisfaction": satisfaction}
        self._transition(Status.RETURN_VISITED, actor=actor, at=at, note=comment, data=data)
        visit.done_at, visit.done_by = ticket.return_visited_at, actor
        visit.method, visit.solved, visit.satisfaction, visit.comment = (
            method,
            bool(solved),
            satisfaction,
            comment,
        )
        if not solved or satisfaction == Satisfaction.DISSATISFIED:
            self._send_back_to_work(
                kind=EventKind.REOPEN, actor=actor, at=ticket.return_visited_at, note=comment
            )

    def _close(self, actor, at, *, answer: str = "") -> None:
        ticket = self.ticket
        self._require(actor, "ticket.close")
        check_close(ticket, answer=answer)
        fields = {"answer": answer.strip()} if answer else {}
        self._transition(Status.CLOSED, actor=actor, at=at, note=answer, **fields)
