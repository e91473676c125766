"""Complaints (seed 000 §7): validity, severity, incidents, and the rules that raise severity."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.servicedesk import deadlines
from wuye.servicedesk.choices import OPEN_STATUSES, Category, EventKind, Severity, Status, Validity
from wuye.servicedesk.models import ComplaintIncident, CustomerReply, Ticket
from wuye.servicedesk.services.common import add_deadline, last_event_time, lock, project_staff, record_event

if TYPE_CHECKING:
    from wuye.accounts.models import User

MAJOR_CUSTOMER_COUNT = 5  # five or more customers complaining about the same event
MAJOR_AFTER_DAYS = 7  # a valid complaint not reasonably solved within one week


def _project_rule(project, name, default):
    return int((project.settings or {}).get("servicedesk", {}).get(name, default))


def incident_customer_count(incident: ComplaintIncident) -> int:
    return (
        Ticket.objects.filter(incident=incident, category=Category.COMPLAINT)
        .exclude(validity=Validity.INVALID)
        .aggregate(n=Count("customer_key", distinct=True))["n"]
    )


def propose_severity(ticket: Ticket, *, as_of: dt.datetime | None = None) -> str:
    """The system's proposal; the supervisor confirms (spec 02)."""
    as_of = as_of or timezone.now()
    project = ticket.project
    incident = ticket.incident if ticket.incident_id else None
    if incident is not None and incident_customer_count(incident) >= _project_rule(
        project, "complaint_major_customers", MAJOR_CUSTOMER_COUNT
    ):
        return Severity.MAJOR
    days = _project_rule(project, "complaint_major_after_days", MAJOR_AFTER_DAYS)
    if (
        ticket.validity == Validity.VALID
        and ticket.status in OPEN_STATUSES
        and ticket.received_at <= as_of - dt.timedelta(days=days)
    ):
        return Severity.MAJOR
    if ticket.urgent:
        return Severity.IMPORTANT
    return ticket.severity or Severity.MINOR


def arm_complaint_deadlines(ticket: Ticket, severity: str) -> None:
    """Deadlines of the severity's steps, counted from intake; other severities' steps are dropped."""
    wanted = deadlines.COMPLAINT_STEPS[severity]
    all_steps = {step for steps in deadlines.COMPLAINT_STEPS.values() for step in steps}
    ticket.deadlines.filter(step__in=all_steps - set(wanted), met_at__isnull=True).update(cancelled=True)
    existing = set(ticket.deadlines.filter(step__in=wanted, cancelled=False).values_list("step", flat=True))
    for step in wanted:
        if step not in existing:
            add_deadline(ticket, step, start=ticket.received_at)
        # a completed complaint meets a newly armed resolve step at its completion time
    if ticket.completed_at:
        ticket.deadlines.filter(step__in=wanted, met_at__isnull=True).update(met_at=ticket.completed_at)


def _set_severity(ticket: Ticket, severity: str, *, acting_user, reason: str, system: bool, at=None) -> None:
    previous = ticket.severity or ticket.proposed_severity
    ticket.proposed_severity = severity
    if ticket.validity == Validity.VALID:
        ticket.severity = severity
    stamp(ticket, acting_user)
    ticket.save(update_fields=["proposed_severity", "severity"])
    if ticket.status in OPEN_STATUSES:
        arm_complaint_deadlines(ticket, severity)
    record_event(
        ticket,
        kind=EventKind.CLASSIFICATION,
        actor=acting_user,
        at=at or timezone.now(),
        note=reason,
        data={"from": previous, "to": severity, "system": system},
    )
    if severity in (Severity.MAJOR, Severity.IMPORTANT) and previous != severity:
        users = project_staff(ticket.project_id, {Role.CS_SUPERVISOR})
        if severity == Severity.MAJOR:
            users += project_staff(ticket.project_id, {Role.PROJECT_MANAGER})

        def send():
            from wuye.notifications.services import notify

            for user in {u.pk: u for u in users}.values():
                notify(
                    recipient=user,
                    kind="complaint_severity",
                    ticket=ticket,
                    url=f"/tickets/{ticket.pk}/",
                    title=_("%(severity)s complaint: %(number)s")
                    % {"severity": Severity(severity).label, "number": ticket.number},
                    body=reason,
                    dedupe_key=f"severity:{severity}:{ticket.pk}",
                )

        transaction.on_commit(send)


@transaction.atomic
def complaint_classify(
    *,
    ticket: Ticket,
    validity: str,
    acting_user: User,
    severity: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Ticket:
    """The project supervisor decides validity and (for valid complaints) severity."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "complaint.classify", ticket.project_id)
    if ticket.category != Category.COMPLAINT:
        raise BusinessRuleError("not_a_complaint", _("Only complaints are classified."))
    errors = {}
    if validity not in Validity.values:
        errors["validity"] = [_("Choose valid, invalid or assist.")]
    if validity == Validity.VALID and severity not in Severity.values:
        errors["severity"] = [_("A valid complaint needs a severity.")]
    if errors:
        raise ValidationError(errors)
    when = event_time(at, not_before=last_event_time(ticket))
    ticket.validity = validity
    ticket.classified_by, ticket.classified_at = acting_user, when
    if validity != Validity.VALID:
        ticket.severity = ""
    stamp(ticket, acting_user)
    ticket.save(update_fields=["validity", "classified_by", "classified_at", "severity"])
    if validity == Validity.VALID:
        proposed = propose_severity(ticket)
        # the rules can only raise what the supervisor chose, never lower it
        order: list[str] = [Severity.MINOR, Severity.IMPORTANT, Severity.MAJOR]
        chosen = max(severity, proposed, key=order.index)
        _set_severity(
            ticket, chosen, acting_user=acting_user, reason=note or _("Classified."), system=False, at=when
        )
    else:
        record_event(
            ticket,
            kind=EventKind.CLASSIFICATION,
            actor=acting_user,
            at=when,
            note=note,
            data={"validity": validity},
        )
    return ticket


@transaction.atomic
def complaint_link_incident(
    *,
    ticket: Ticket,
    acting_user: User,
    incident: ComplaintIncident | None = None,
    title: str = "",
    at: dt.datetime | None = None,
) -> ComplaintIncident:
    """Group complaints about the same event; at five distinct customers all become major."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.dispatch", ticket.project_id)
    if ticket.category != Category.COMPLAINT:
        raise BusinessRuleError("not_a_complaint", _("Only complaints are grouped into incidents."))
    if incident is None:
        if not title.strip():
            raise ValidationError({"title": [_("Name the event.")]})
        incident = ComplaintIncident.objects.create(
            project=ticket.project, title=title.strip(), created_by=acting_user
        )
    elif incident.project_id != ticket.project_id:
        raise ValidationError({"incident": [_("The incident belongs to another project.")]})
    when = event_time(at, not_before=last_event_time(ticket))
    ticket.incident = incident
    ticket.save(update_fields=["incident"])
    record_event(
        ticket,
        kind=EventKind.NOTE,
        actor=acting_user,
        at=when,
        note=incident.title,
        data={"incident": incident.pk},
    )
    raise_incident_if_major(incident, acting_user=acting_user)
    return incident


def raise_incident_if_major(incident: ComplaintIncident, *, acting_user: User | None) -> bool:
    threshold = _project_rule(incident.project, "complaint_major_customers", MAJOR_CUSTOMER_COUNT)
    if incident_customer_count(incident) < threshold:
        return False
    if incident.raised_to_major_at is None:
        incident.raised_to_major_at = timezone.now()
        incident.save(update_fields=["raised_to_major_at"])
    reason = _("%(n)s or more customers complained about the same event.") % {"n": threshold}
    for complaint in (
        Ticket.objects.select_for_update().filter(incident=incident).exclude(validity=Validity.INVALID)
    ):
        already = complaint.proposed_severity == Severity.MAJOR and (
            complaint.validity != Validity.VALID or complaint.severity == Severity.MAJOR
        )
        if not already:
            _set_severity(complaint, Severity.MAJOR, acting_user=acting_user, reason=reason, system=True)
    return True


def raise_week_old_complaints(*, as_of: dt.datetime, acting_user: User | None = None) -> int:
    """Sweep rule: a valid complaint open for 7 days becomes major. Idempotent."""
    raised = 0
    candidates = (
        Ticket.objects.filter(category=Category.COMPLAINT, validity=Validity.VALID, status__in=OPEN_STATUSES)
        .exclude(severity=Severity.MAJOR)
        .select_related("project")
    )
    for ticket in candidates.iterator():
        days = _project_rule(ticket.project, "complaint_major_after_days", MAJOR_AFTER_DAYS)
        if ticket.received_at <= as_of - dt.timedelta(days=days):
            with transaction.atomic():
                locked = lock(ticket)
                if locked.severity != Severity.MAJOR:
                    _set_severity(
                        locked,
                        Severity.MAJOR,
                        acting_user=acting_user,
                        reason=_("Valid complaint not solved within %(n)s days.") % {"n": days},
                        system=True,
                    )
                    raised += 1
    return raised


# --- the supervisor's opinion and the replies to the customer (seed 000 §6, §7) --------------------


@transaction.atomic
def complaint_record_opinion(
    *, ticket: Ticket, opinion: str, acting_user: User, at: dt.datetime | None = None
) -> Ticket:
    """The customer-centre supervisor signs the handling opinion on 《客户投诉、意见记录表》
    (seed 000 §7.6: "客户中心主管(经理)在《客户投诉、意见记录表》上簽署處理意見"). A later opinion
    replaces the earlier one on the form; both stay in the timeline."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "complaint.classify", ticket.project_id)
    if ticket.category != Category.COMPLAINT:
        raise BusinessRuleError("not_a_complaint", _("Only complaints get a handling opinion."))
    if ticket.status not in OPEN_STATUSES:
        raise BusinessRuleError("ticket_closed", _("The ticket is closed."))
    if not (opinion or "").strip():
        raise ValidationError({"opinion": [_("Write the handling opinion.")]})
    when = event_time(at, not_before=ticket.received_at)
    ticket.handling_opinion, ticket.opinion_by, ticket.opinion_at = opinion.strip(), acting_user, when
    stamp(ticket, acting_user)
    ticket.save(update_fields=["handling_opinion", "opinion_by", "opinion_at"])
    record_event(ticket, kind=EventKind.OPINION, actor=acting_user, at=when, note=opinion.strip())
    return ticket


@transaction.atomic
def ticket_reply(
    *, ticket: Ticket, kind: str, channel: str, content: str, acting_user: User, at: dt.datetime | None = None
) -> CustomerReply:
    """Record a reply to the customer: who, when, by what channel, what was said (the content of
    《客户建议/意见受理回复表》). It is what meets the reply steps (deadlines.MET_BY_REPLY):
    - a major complaint's clear reply within 2 days (seed 000 §7.6: "2日内给投诉的客户明确答复");
    - the result, replied the same day the department reports back (seed 000 §7.6–7: "在当天将
      处理结果…回复给投诉的客户"), which needs the work completed first;
    - a request or suggestion replied within 1 day (seed 000 §6).
    """
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.return_visit", ticket.project_id)
    check_reply(ticket, kind=kind, channel=channel, content=content)
    not_before = ticket.completed_at if kind == CustomerReply.Kind.RESULT else ticket.received_at
    when = event_time(at, not_before=not_before)
    reply = CustomerReply.objects.create(
        ticket=ticket, kind=kind, channel=channel, content=content.strip(), replied_by=acting_user, at=when
    )
    record_event(
        ticket,
        kind=EventKind.REPLY,
        actor=acting_user,
        at=when,
        note=content.strip(),
        data={"kind": kind, "channel": channel, "reply": reply.pk},
    )
    steps = deadlines.MET_BY_REPLY[kind]
    ticket.deadlines.filter(step__in=steps, met_at__isnull=True, cancelled=False).update(met_at=when)
    return reply


def check_reply(ticket: Ticket, *, kind: str, channel: str, content: str) -> None:
    """What `customer_reply_record` (and the history import) checks of a reply before writing it."""
    errors = {}
    if kind not in CustomerReply.Kind.values:
        errors["kind"] = [_("Choose an interim reply or the result.")]
    if channel not in CustomerReply.Channel.values:
        errors["channel"] = [_("Choose how the customer was replied to.")]
    if not (content or "").strip():
        errors["content"] = [_("Record what the customer was told.")]
    if errors:
        raise ValidationError(errors)
    if ticket.status == Status.CANCELLED:
        raise BusinessRuleError("ticket_cancelled", _("The ticket is cancelled."))
    if kind == CustomerReply.Kind.RESULT and ticket.completed_at is None:
        raise BusinessRuleError(
            "result_before_completion",
            _("The result is replied after the department reports the work done."),
            {"kind": [_("The work is not completed yet: record an interim reply.")]},
        )


def arm_result_reply(ticket: Ticket) -> None:
    """A complaint reported done by the department: the result is replied the same day (seed 000 §7)."""
    if ticket.category == Category.COMPLAINT and ticket.completed_at is not None:
        add_deadline(ticket, "complaint_result_reply", start=ticket.completed_at)
