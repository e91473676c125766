"""Reads for the service desk: deadline states, queues, worklists. Overdue is computed at read
time from `as_of`, so nothing depends on the sweep having run."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from wuye.core import access
from wuye.core.days import end_of_local_day, local_day_bounds
from wuye.core.masking import mask_mobile
from wuye.servicedesk import deadlines
from wuye.servicedesk.choices import OPEN_STATUSES, REPAIR_CATEGORIES, Status
from wuye.servicedesk.models import ReturnVisit, Ticket, TicketDeadline


def deadline_rows(ticket: Ticket, *, as_of: dt.datetime | None = None) -> list[dict]:
    """`[{step, label, due_at, met_at, state, rule}]` for the ticket (cancelled steps left out);
    `rule` says how the due time was counted ("1 day(s)", "2 working day(s)", "appointment")."""
    as_of = as_of or timezone.now()
    rows = []
    source = ticket.deadlines.all()  # uses a prefetch when the caller made one
    for deadline in sorted((d for d in source if not d.cancelled), key=lambda d: (d.due_at, d.pk)):
        rows.append(
            {
                "step": deadline.step,
                "label": str(deadlines.STEP_LABELS.get(deadline.step, deadline.step)),
                "due_at": deadline.due_at,
                "met_at": deadline.met_at,
                "state": deadlines.state(deadline, as_of),
                "amount": deadline.amount,
                "unit": deadline.unit,
                "rule": deadlines.rule_label(deadline.amount, deadline.unit),
            }
        )
    return rows


def _open_steps():
    """A ticket's steps still to be met (for `Exists` against the outer ticket)."""
    return TicketDeadline.objects.filter(ticket=OuterRef("pk"), cancelled=False, met_at__isnull=True)


def with_overdue(queryset, *, as_of: dt.datetime):
    """Annotate `is_overdue` (an open step past due at `as_of`) and `next_due_at` (nearest open step).

    Only open tickets: a closed ticket may keep a step nothing meets (e.g. contact before appointment)
    and must not stay overdue for ever."""
    # Correlated subqueries, not a join + GROUP BY: the list stays an index scan with LIMIT even
    # over a million tickets (bench/servicedesk.py: 17 s → 23 ms for a company-wide first page).
    open_steps = _open_steps()
    is_open = Q(status__in=OPEN_STATUSES)
    return queryset.annotate(
        is_overdue=Case(
            When(is_open, then=Exists(open_steps.filter(due_at__lt=as_of))),
            default=Value(False),
            output_field=BooleanField(),
        ),
        next_due_at=Case(
            When(is_open, then=Subquery(open_steps.order_by("due_at").values("due_at")[:1])),
            default=Value(None),
            output_field=DateTimeField(),
        ),
    )


def ticket_list(*, user, as_of: dt.datetime | None = None):
    as_of = as_of or timezone.now()
    qs = Ticket.objects.visible_to(user).select_related(
        "project", "unit", "public_area", "received_by", "first_contact", "assignee"
    )
    return with_overdue(qs, as_of=as_of).prefetch_related(
        Prefetch("deadlines", queryset=TicketDeadline.objects.all())
    )


def my_open_tickets(*, user, as_of: dt.datetime | None = None):
    """Tickets the user is accountable for (first contact) or handling, nearest deadline first."""
    return (
        ticket_list(user=user, as_of=as_of)
        .filter(status__in=OPEN_STATUSES)
        .filter(Q(first_contact=user) | Q(assignee=user))
        .order_by("next_due_at", "received_at")
    )


def department_queue(*, user, project, department: str, as_of: dt.datetime | None = None):
    return (
        ticket_list(user=user, as_of=as_of)
        .filter(project=project, department=department, status__in=OPEN_STATUSES)
        .order_by("next_due_at", "received_at")
    )


def return_visit_worklist(*, user, project=None):
    qs = (
        ReturnVisit.objects.visible_to(user)
        .filter(done_at__isnull=True)
        .exclude(ticket__status__in=[Status.CANCELLED, Status.CLOSED])
        .select_related("ticket", "ticket__unit", "assigned_to")
    )
    if project is not None:
        qs = qs.filter(ticket__project=project)
    return qs.order_by("due_at")


def unreturned_repairs(tickets=None, *, day: dt.date, project_id: int | None = None):
    """Today's repair orders not returned: reported or dispatched on `day` and not completed yet —
    including those never dispatched. Seed 000 §13: "当日早班人员下午5:00下班前检查当日报修，维修服务单
    未返回及未处理的…报部门负责人". The list goes to the engineering lead and the supervisor before
    the early shift leaves, and is what the console's `?unreturned=1` shows. `tickets` narrows a
    queryset (default: all tickets)."""
    start, end = local_day_bounds(day)
    tickets = Ticket.objects.all() if tickets is None else tickets
    if project_id is not None:
        tickets = tickets.filter(project_id=project_id)
    return tickets.filter(
        Q(received_at__gte=start, received_at__lt=end) | Q(dispatched_at__gte=start, dispatched_at__lt=end),
        category__in=REPAIR_CATEGORIES,
        status__in=[Status.RECEIVED, Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS],
    ).order_by("received_at")


def ticket_filter_q(
    *,
    user,
    as_of: dt.datetime,
    mine: bool = False,
    open_only: bool = False,
    overdue: bool = False,
    due_today: bool = False,
    department: str = "",
    unreturned: bool = False,
) -> Q:
    """The worklist filters as one condition on tickets, shared by the console list, the API and
    the workbench's counts (so a card's number is the number of rows its link opens):

    - mine: I am the first-contact person or the handler;
    - open_only (`open=1`): not closed nor cancelled;
    - overdue: open, with a step past due at `as_of` (as `with_overdue`'s `is_overdue`);
    - due_today: open, with a pending step falling due later today (from `as_of` to midnight; late
      steps are `overdue`, not counted twice);
    - department: the ticket's current department;
    - unreturned: `unreturned_repairs` of `as_of`'s day.
    """
    condition = Q()
    if mine:
        condition &= Q(first_contact=user) | Q(assignee=user)
    if open_only or overdue or due_today:
        condition &= Q(status__in=OPEN_STATUSES)
    if overdue:
        condition &= Q(Exists(_open_steps().filter(due_at__lt=as_of)))
    if due_today:
        condition &= Q(Exists(_open_steps().filter(due_at__gte=as_of, due_at__lt=end_of_local_day(as_of))))
    if department:
        condition &= Q(department=department)
    if unreturned:
        day = timezone.localtime(as_of).date()
        condition &= Q(pk__in=unreturned_repairs(day=day).order_by().values("pk"))
    return condition


#: the steps during which the assigned handler needs to reach the customer
CONTACT_STEPS = frozenset({Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS})


def contact_visible(user, ticket: Ticket, *, personal: bool | None = None) -> bool:
    """Whether `user` sees a ticket's contact phone and caller number unmasked (issue 10): roles
    with personal-data access (`people.view_personal`, as on the owner record), the resident
    whose ticket it is, and the handler it is assigned to — only until the work is completed.
    `personal`: the user's `people.view_personal` in the ticket's project, when already known."""
    if user.is_resident:
        return True  # residents only ever see their own tickets
    if personal is None:
        personal = access.has_perm(user, "people.view_personal", ticket.project_id)
    return personal or (ticket.assignee_id == user.pk and ticket.status in CONTACT_STEPS)


def shown_contact(user, ticket: Ticket, *, personal: bool | None = None) -> dict[str, str]:
    """The ticket's contact phone and caller number as `user` may see them."""
    phones = {"contact_phone": ticket.contact_phone, "caller_number": ticket.caller_number}
    if contact_visible(user, ticket, personal=personal):
        return phones
    return {name: mask_mobile(value) for name, value in phones.items()}
