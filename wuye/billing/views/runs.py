"""Charge runs: pick the month (or quarter), preview what it would charge, then commit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.billing import services
from wuye.billing.forms import ChargeRunForm
from wuye.billing.models import ChargeRun
from wuye.billing.views.columns import CHARGE_RUN_COLUMNS
from wuye.billing.views.common import attempt, staff_project
from wuye.core import access
from wuye.core.tables import ListTable


def _next_month():
    today = timezone.localdate()
    return (
        today.replace(year=today.year + 1, month=1, day=1)
        if today.month == 12
        else today.replace(month=today.month + 1, day=1)
    )


def _runs_table(request, project) -> ListTable:
    runs = (
        ChargeRun.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("created_by")
        .order_by("-period_start", "-id")
    )
    return ListTable(request, runs, CHARGE_RUN_COLUMNS, title=_("Charge runs"))


def _for_period(service, form, project, user):
    """Preview or create (`service`) the run of the form's period: the service's result, or None with
    its errors on the form."""
    return attempt(
        form,
        lambda: service(
            project=project,
            period_start=form.cleaned_data["period"],
            months=form.cleaned_data["months"],
            acting_user=user,
        ),
        period_start="period",
    )


@login_required
def charge_runs(request):
    """The project's runs; with `?period=YYYY-MM&months=1|3` a preview (dry run: nothing is written)
    and the button that commits it."""
    project = staff_project(request, "billing.view")
    can_run = access.has_perm(request.user, "billing.manage", project.pk)
    table = _runs_table(request, project)
    if table.export_requested:
        return table.export_response()
    preview = None
    if "period" in request.GET:
        form = ChargeRunForm(request.GET)
        if form.is_valid():
            if not can_run:
                raise PermissionDenied
            preview = _for_period(services.charge_run_preview, form, project, request.user)
    else:
        form = ChargeRunForm(initial={"period": f"{_next_month():%Y-%m}", "months": 1})
    context = {
        "project": project,
        "form": form,
        "preview": preview,
        "can_run": can_run,
        "page": table.page,
        "table": table,
    }
    return render(request, "billing/charge_runs.html", context)


@login_required
@require_POST
def charge_run_commit(request):
    project = staff_project(request, "billing.manage")
    form = ChargeRunForm(request.POST)
    if form.is_valid():
        result = _for_period(services.charge_run_create, form, project, request.user)
        if result is not None:
            if result.already_run:
                messages.info(request, _("This period was already billed; nothing new was charged."))
            else:
                messages.success(
                    request,
                    _("%(count)s charges were created, %(total)s yuan in all.")
                    % {"count": result.run.charge_count, "total": result.run.total_amount},
                )
            return redirect("console:billing-charge-runs")
    table = _runs_table(request, project)
    context = {
        "project": project,
        "form": form,
        "preview": None,
        "can_run": True,
        "page": table.page,
        "table": table,
    }
    return render(request, "billing/charge_runs.html", context, status=400)
