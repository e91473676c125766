"""The service-desk sweep: idempotent, safe to run every minute (cron or Celery beat).

- marks late steps once (late_notified_at) and tells the first-contact person and the handler;
- escalates: a late urgent step goes to the supervisor; a valid complaint open 7 days becomes major;
- lists repair orders dispatched today and not returned (17:00 daily) for department heads;
- Friday: the week's requests summary for supervisors.
Overdue state is also computed at read time, so correctness never depends on this running.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.days import local_midnight
from wuye.core.roles import Role
from wuye.estate.models import Project
from wuye.notifications.services import notify
from wuye.servicedesk import deadlines
from wuye.servicedesk.choices import OPEN_STATUSES, Category
from wuye.servicedesk.models import Ticket, TicketDeadline
from wuye.servicedesk.selectors import unreturned_repairs
from wuye.servicedesk.services.common import project_staff
from wuye.servicedesk.services.complaints import raise_week_old_complaints
from wuye.servicedesk.services.settings import unreturned_digest_time


@dataclass
class SweepResult:
    late_marked: int = 0
    escalated: int = 0
    complaints_raised: int = 0
    digests: list[str] = field(default_factory=list)


def sweep(*, now: dt.datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    late = (
        TicketDeadline.objects.filter(
            met_at__isnull=True, cancelled=False, late_notified_at__isnull=True, due_at__lt=now
        )
        .filter(ticket__status__in=OPEN_STATUSES)
        .select_related("ticket", "ticket__first_contact", "ticket__assignee")
    )
    for deadline in late.iterator():
        with transaction.atomic():
            locked = TicketDeadline.objects.select_for_update().get(pk=deadline.pk)
            if locked.late_notified_at is not None or locked.met_at is not None:
                continue
            locked.late_notified_at = now
            locked.save(update_fields=["late_notified_at"])
            ticket = deadline.ticket
            label = deadlines.STEP_LABELS.get(deadline.step, deadline.step)
            title = _("Late: %(number)s — %(step)s") % {"number": ticket.number, "step": label}
            recipients = {u.pk: u for u in (ticket.first_contact, ticket.assignee) if u}
            if ticket.urgent or deadline.step.startswith("complaint_major"):
                for user in project_staff(ticket.project_id, {Role.CS_SUPERVISOR}):
                    recipients[user.pk] = user
                result.escalated += 1
            for user in recipients.values():
                notify(
                    recipient=user,
                    kind="deadline_late",
                    ticket=ticket,
                    title=title,
                    url=f"/tickets/{ticket.pk}/",
                    dedupe_key=f"late:{deadline.pk}:{locked.due_at.isoformat()}",
                )
            result.late_marked += 1
    result.complaints_raised = raise_week_old_complaints(as_of=now)
    local = timezone.localtime(now)
    result.digests += unreturned_repairs_digest(now=now)
    if local.weekday() == 4 and local.hour >= 16:
        result.digests += weekly_requests_digest(week_ending=local.date())
    return result


def unreturned_repairs_digest(*, now: dt.datetime) -> list[str]:
    """Daily, from each project's time on (default 16:30, before the early shift leaves at 17:00 —
    seed 000 §13): today's repair orders not returned, never-dispatched ones included, to the
    engineering lead and the supervisor. Once per project and day."""
    local = timezone.localtime(now)
    day = local.date()
    sent = []
    projects = Project.objects.filter(pk__in=unreturned_repairs(day=day).order_by().values("project_id"))
    for project in projects:
        if local.time() < unreturned_digest_time(project):
            continue
        project_id = project.pk
        rows = list(unreturned_repairs(project_id=project_id, day=day))
        if not rows:
            continue
        body = "\n".join(f"{t.number} {t.unit or t.public_area or ''} {t.get_status_display()}" for t in rows)
        for user in project_staff(project_id, {Role.ENGINEERING_LEAD, Role.CS_SUPERVISOR}):
            if notify(
                recipient=user,
                kind="unreturned_repairs",
                title=_("%(n)s repair orders not returned today") % {"n": len(rows)},
                body=body,
                url="/tickets/?unreturned=1",
                dedupe_key=f"unreturned:{project_id}:{day.isoformat()}",
            ):
                sent.append(f"unreturned:{project_id}:{user.pk}")
    return sent


def weekly_requests_digest(*, week_ending: dt.date) -> list[str]:
    """Friday: requests received this week, handled and pending, to the supervisors."""
    start_day = week_ending - dt.timedelta(days=week_ending.weekday())
    start, end = local_midnight(start_day), local_midnight(week_ending + dt.timedelta(days=1))
    sent = []
    qs = Ticket.objects.filter(category=Category.SUGGESTION, received_at__gte=start, received_at__lt=end)
    for project_id in qs.values_list("project_id", flat=True).distinct():
        mine = qs.filter(project_id=project_id)
        total = mine.count()
        done = mine.filter(completed_at__isnull=False).count()
        body = _("Received %(total)s, handled %(done)s, pending %(pending)s.") % {
            "total": total,
            "done": done,
            "pending": total - done,
        }
        for user in project_staff(project_id, {Role.CS_SUPERVISOR, Role.PROJECT_MANAGER}):
            if notify(
                recipient=user,
                kind="weekly_requests",
                title=_("Weekly requests summary"),
                body=body,
                url="/tickets/?category=suggestion",
                dedupe_key=f"weekly-requests:{project_id}:{start_day.isoformat()}",
            ):
                sent.append(f"weekly:{project_id}:{user.pk}")
    return sent
