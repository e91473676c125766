"""The renovation register (装修登记) with its filters and Excel workbook, and the new application."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuye.core.console import staff_project
from wuye.core.forms import attempt
from wuye.core.tables import Column, ListTable, form_filters
from wuye.renovation import excel, register
from wuye.renovation.forms import RENAME, ApplicationForm, RegisterFilterForm
from wuye.renovation.selectors import is_approval_late
from wuye.renovation.services import application as app_services
from wuye.renovation.views.common import VIEW, can


def _approval(r) -> str:
    if r.approval_due_at is None:
        return ""
    due = timezone.localtime(r.approval_due_at).strftime("%Y-%m-%d %H:%M")
    return f"{due} {_('late')}" if is_approval_late(r) else due


COLUMNS = [
    Column("number", gettext_lazy("Number"), sort="number"),
    Column("unit", gettext_lazy("Unit"), "unit.code", sort="unit__code"),
    Column("owner", gettext_lazy("Owner"), "owner.name"),
    Column("company", gettext_lazy("Renovation company"), "company_name", sort="company_name"),
    Column("stage", gettext_lazy("Stage"), "get_status_display", sort="status"),
    Column("approval", gettext_lazy("Approval due"), _approval, sort="approval_due_at"),
    Column("started", gettext_lazy("Started"), "started_at", sort="started_at"),
    Column("accepted", gettext_lazy("Accepted on"), "accepted_on", sort="accepted_on"),
    Column("refundable", gettext_lazy("Deposit refundable from"), "refundable_on", sort="refundable_on"),
    Column("deposit", gettext_lazy("Deposit held"), "deposit_held", sort="deposit_held"),
]


def _mark_late(rows):
    for r in rows:
        r.late = is_approval_late(r)
    return rows


def _rows(request, project, form):
    rows = register.register_queryset(request.user, project)
    if form.is_valid():
        rows = register.apply_filters(rows, project, form.cleaned_data)
    return rows


@login_required
def renovation_list(request):
    project = staff_project(request, VIEW)
    form = RegisterFilterForm(request.GET or None, project=project)
    if request.GET.get("export") == "workbook":
        content = excel.register_workbook(request.user, project)
        return excel.xlsx_response(content, f"renovations-{timezone.localdate():%Y%m%d}.xlsx")
    rows = _rows(request, project, form)
    table = ListTable(
        request, rows, COLUMNS, title=_("Renovation register"), filters=form_filters(form), prepare=_mark_late
    )
    if table.export_requested:
        return table.export_response()
    context = {
        "title": _("Renovation register"),
        "form": form,
        "table": table,
        "page": table.page,
        "can_create": can(request.user, project, "renovation.manage"),
    }
    return render(request, "renovation/list.html", context)


@login_required
def renovation_new(request):
    project = staff_project(request, VIEW)
    if not can(request.user, project, "renovation.manage"):
        raise PermissionDenied
    if request.method == "POST":
        form = ApplicationForm(request.POST, project=project, user=request.user)
        if form.is_valid():
            renovation = attempt(
                form,
                lambda: app_services.renovation_create(acting_user=request.user, **form.service_kwargs()),
                **RENAME,
            )
            if renovation is not None:
                messages.success(
                    request,
                    _("Renovation %(number)s of %(unit)s is registered; collect the documents.")
                    % {"number": renovation.number, "unit": renovation.unit.code},
                )
                return redirect("console:renovation", pk=renovation.pk)
        status = 400
    else:
        form = ApplicationForm(project=project, user=request.user)
        status = 200
    return render(request, "renovation/new.html", {"form": form}, status=status)
