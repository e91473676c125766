"""Calls and visits log (来电来访), customer visits (走访) and the visit-quota page."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wuye.core import access
from wuye.core.console import require_perm, require_project
from wuye.core.days import local_midnight
from wuye.core.errors import BusinessRuleError
from wuye.core.tables import ListTable
from wuye.core.views import list_page
from wuye.servicedesk import quota, services
from wuye.servicedesk.choices import Category
from wuye.servicedesk.forms import ContactLogForm, CustomerVisitForm, FromContactLogForm
from wuye.servicedesk.models import ContactLog, CustomerVisit
from wuye.servicedesk.views.columns import CONTACT_LOG_COLUMNS, CUSTOMER_VISIT_COLUMNS
from wuye.servicedesk.views.common import apply_errors, staff_project


@login_required
@require_http_methods(["GET", "POST"])
def contact_log_list(request):
    project = staff_project(request, "contact.record")
    form = ContactLogForm(request.POST or None, project=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_log_create(project=project, acting_user=request.user, **form.service_kwargs())
        except (ValidationError, BusinessRuleError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The call or visit was logged."))
            return redirect("console:contact-log-list")
    logs = (
        ContactLog.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("unit", "received_by", "ticket")
    )
    query = request.GET.get("q", "").strip()
    if query:
        logs = logs.filter(
            Q(caller_number__icontains=query) | Q(name__icontains=query) | Q(unit__code__icontains=query)
        )
    table = ListTable(
        request,
        logs.order_by("-at", "-id"),
        CONTACT_LOG_COLUMNS,
        title=_("Calls and visits"),
        filters=[(_("Number, name or unit"), query)] if query else [],
    )
    context = {"form": form, "query": query, "categories": Category.choices}
    return list_page(request, "servicedesk/contact_logs.html", table, context)


@login_required
@require_POST
def contact_log_ticket(request, pk):
    """One click: the logged call or visit becomes a ticket of the chosen category."""
    if request.user.is_resident:
        raise PermissionDenied
    log = get_object_or_404(ContactLog.objects.visible_to(request.user), pk=pk)
    require_perm(request, "contact.record", log.project_id)
    form = FromContactLogForm(request.POST)
    if form.is_valid():
        try:
            ticket = services.ticket_from_contact_log(
                log=log, category=form.cleaned_data["category"], acting_user=request.user
            )
        except (ValidationError, BusinessRuleError) as exc:
            text = exc.message if isinstance(exc, BusinessRuleError) else " ".join(exc.messages)
            messages.error(request, _("No ticket was made: %(reason)s") % {"reason": text})
        else:
            messages.success(request, _("Ticket %(number)s was recorded.") % {"number": ticket.number})
            return redirect("console:ticket-detail", pk=ticket.pk)
    else:
        messages.error(request, _("Choose the category of the ticket."))
    return redirect("console:contact-log-list")


@login_required
@require_http_methods(["GET", "POST"])
def customer_visit_list(request):
    project = staff_project(request, "contact.record")
    form = CustomerVisitForm(request.POST or None, project=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.customer_visit_create(
                project=project, acting_user=request.user, **form.service_kwargs()
            )
        except (ValidationError, BusinessRuleError) as exc:
            apply_errors(form, exc)
        else:
            numbers = ", ".join(t.number for t in visit.tickets.all())
            if numbers:
                messages.success(
                    request,
                    _("The visit was recorded; ticket %(numbers)s was made from the opinion.")
                    % {"numbers": numbers},
                )
            else:
                messages.success(request, _("The visit was recorded."))
            return redirect("console:customer-visit-list")
    visits = (
        CustomerVisit.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("unit", "visited_by")
        .prefetch_related("tickets")
    )
    only_mine = request.GET.get("mine") == "1"
    if only_mine:
        visits = visits.filter(visited_by=request.user)
    table = ListTable(
        request,
        visits.order_by("-at", "-id"),
        CUSTOMER_VISIT_COLUMNS,
        title=_("Customer visits"),
        filters=[(_("Visited by"), _("Me"))] if only_mine else [],
    )
    context = {"form": form, "only_mine": only_mine}
    return list_page(request, "servicedesk/customer_visits.html", table, context)


def _month_param(value: str):
    """`?month=2026-10` → the end of that month (or now for the current one); None when absent."""
    try:
        year, month = (int(x) for x in value.split("-"))
        first = dt.date(year, month, 1)
    except (TypeError, ValueError):
        return None
    if first > timezone.localdate():  # a month to come (up to 9999-12): no figures yet
        return None
    end = dt.date(year + month // 12, month % 12 + 1, 1)
    return min(local_midnight(end) - dt.timedelta(seconds=1), timezone.now())


@login_required
def visit_quota(request):
    project = require_project(request)
    if request.user.is_resident or not (
        access.has_perm(request.user, "contact.record", project.pk)
        or access.has_perm(request.user, "report.view", project.pk)
    ):
        raise PermissionDenied
    as_of = _month_param(request.GET.get("month", "")) or timezone.now()
    report = quota.visit_quota_progress(project=project, as_of=as_of)
    today = timezone.localdate()
    months = []
    year, month = today.year, today.month
    for _i in range(6):
        months.append(f"{year}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    context = {"report": report, "months": months, "month": timezone.localtime(as_of).strftime("%Y-%m")}
    return render(request, "servicedesk/visit_quota.html", context)
