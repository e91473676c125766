"""Intake and the ticket lists: all tickets, my open tickets, department queues, return visits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wuye.core.errors import BusinessRuleError
from wuye.core.tables import ListTable, form_filters
from wuye.servicedesk import selectors, services
from wuye.servicedesk.choices import OPEN_STATUSES, Department, Status
from wuye.servicedesk.forms import IntakeForm, TicketFilterForm
from wuye.servicedesk.views.columns import RETURN_VISIT_COLUMNS, TICKET_COLUMNS
from wuye.servicedesk.views.common import (
    apply_errors,
    departments_of,
    staff_project,
    with_next_step,
)
from wuye.servicedesk.views.intake import intake_building, remember_building

NEAREST_DEADLINE_FIRST = (F("next_due_at").asc(nulls_last=True), "received_at", "id")


@login_required
@require_http_methods(["GET", "POST"])
def ticket_new(request):
    """The fast intake: everything that reaches the desk becomes a ticket at once (spec 02)."""
    project = staff_project(request, "ticket.create")
    initial = {k: v for k, v in request.GET.items() if k in IntakeForm.base_fields}
    form = IntakeForm(request.POST or None, project=project, user=request.user, initial=initial)
    form.unit_building = intake_building(request, project)  # "2单元602" means the building at hand
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(project=project, acting_user=request.user, **form.ticket_fields())
        except (ValidationError, BusinessRuleError) as exc:
            apply_errors(form, exc)
        else:
            if ticket.status == Status.CLOSED:
                text = _("Ticket %(number)s was recorded and closed with the answer.")
            else:
                text = _("Ticket %(number)s was recorded.")
            messages.success(request, text % {"number": ticket.number})
            remember_building(request, ticket.unit)
            return redirect("console:ticket-detail", pk=ticket.pk)
    return render(request, "servicedesk/ticket_new.html", {"form": form, "project": project})


def _render_list(request, queryset, *, title, template="servicedesk/ticket_list.html", filters=(), **extra):
    """Every ticket list: sortable columns, filter-keeping pages and `?export=xlsx` (wuye.core.tables)."""
    filters = [*form_filters(extra.get("filter_form")), *filters]
    table = ListTable(request, queryset, TICKET_COLUMNS, title=title, filters=filters, prepare=with_next_step)
    if table.export_requested:
        return table.export_response()
    context = {"page": table.page, "table": table, "title": title, "now": timezone.now(), **extra}
    return render(request, template, context)


@login_required
def ticket_list(request):
    project = staff_project(request, "ticket.view")
    form = TicketFilterForm(request.GET or None, statuses=Status.choices)
    now = timezone.now()
    tickets = selectors.ticket_list(user=request.user, as_of=now).filter(project=project)
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            tickets = tickets.filter(Q(number__icontains=query) | Q(unit__code__icontains=query))
        if form.cleaned_data["category"]:
            tickets = tickets.filter(category=form.cleaned_data["category"])
        status = form.cleaned_data["status"]
        if status == "open":
            tickets = tickets.filter(status__in=OPEN_STATUSES)
        elif status:
            tickets = tickets.filter(status=status)
        tickets = tickets.filter(
            selectors.ticket_filter_q(user=request.user, as_of=now, **form.filter_kwargs())
        )
    return _render_list(
        request, tickets.order_by(*NEAREST_DEADLINE_FIRST), title=_list_title(form), filter_form=form
    )


def _list_title(form) -> str:
    """The list says what it shows (a workbench link opens "my overdue", not "all tickets")."""
    if not form.is_bound or not form.is_valid():
        return _("All tickets")
    data = form.cleaned_data
    parts = []
    if data.get("mine"):
        parts.append(_("Mine"))
    if data.get("department"):
        parts.append(str(Department(data["department"]).label))
    for key, label in (
        ("overdue", _("overdue")),
        ("due_today", _("due later today")),
        ("unreturned", _("today's repairs not returned")),
        ("open", _("open")),
    ):
        if data.get(key):
            parts.append(label)
            break
    return " · ".join(parts) if parts else _("All tickets")


@login_required
def ticket_mine(request):
    """首接负责: tickets I received (and still answer for) or am handling, nearest deadline first."""
    project = staff_project(request, "ticket.view")
    tickets = selectors.my_open_tickets(user=request.user).filter(project=project)
    role = request.GET.get("as", "")
    if role == "first_contact":
        tickets = tickets.filter(first_contact=request.user)
    elif role == "handler":
        tickets = tickets.filter(assignee=request.user)
    else:
        role = ""
    shown_as = {"first_contact": _("I answer for (first contact)"), "handler": _("I am handling")}
    return _render_list(
        request,
        tickets.order_by(*NEAREST_DEADLINE_FIRST),
        title=_("My open tickets"),
        mine_tabs=True,
        mine_as=role,
        filters=[(_("My role"), shown_as[role])] if role else [],
    )


@login_required
def ticket_queue(request, department):
    if department not in Department.values:
        raise Http404
    project = staff_project(request, "ticket.view")
    allowed = departments_of(request.user, project.pk)
    if department not in allowed:
        raise PermissionDenied
    tickets = selectors.department_queue(user=request.user, project=project, department=department)
    return _render_list(
        request,
        tickets.order_by(*NEAREST_DEADLINE_FIRST),
        title=_("Queue: %(department)s") % {"department": Department(department).label},
        queues=[(d, Department(d).label) for d in allowed],
        department=department,
    )


@login_required
def return_visit_list(request):
    """回访 worklist: due first, overdue marked, one click to the ticket's return-visit form."""
    project = staff_project(request, "ticket.return_visit")
    visits = selectors.return_visit_worklist(user=request.user, project=project).select_related(
        "ticket__public_area"
    )
    only_mine = request.GET.get("mine") == "1"
    if only_mine:
        visits = visits.filter(assigned_to=request.user)
    now = timezone.now()

    def mark_overdue(rows):
        for visit in rows:
            visit.is_overdue = visit.due_at < now
        return rows

    table = ListTable(
        request,
        visits,
        RETURN_VISIT_COLUMNS,
        title=_("Return visits due"),
        prepare=mark_overdue,
        filters=[(_("Assigned to"), _("Me"))] if only_mine else [],
    )
    if table.export_requested:
        return table.export_response()
    context = {"page": table.page, "table": table, "now": now, "only_mine": only_mine}
    return render(request, "servicedesk/return_visits.html", context)
