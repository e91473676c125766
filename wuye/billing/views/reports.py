"""Billing reports of the current project: arrears ageing (with its Excel export) and the cashier's
daily close."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from wuye.accounts.choices import Role
from wuye.accounts.models import User
from wuye.billing import excel, reports
from wuye.billing.forms import AsOfForm, CloseForm
from wuye.billing.views.common import staff_project

PERM = "billing.report"


@login_required
def arrears(request):
    """欠费账龄: open amounts per unit and fee item by days past due; `?format=xlsx` downloads it."""
    project = staff_project(request, PERM)
    form = AsOfForm(request.GET or None, initial={"as_of": timezone.localdate()})
    as_of = (form.cleaned_data.get("as_of") if form.is_valid() else None) or timezone.localdate()
    report = reports.ageing_report(projects=[project], as_of=as_of)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(excel.ageing_workbook(report), content_type=excel.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{excel.ageing_file_name(report)}"'
        return response
    context = {
        "form": form,
        "report": report,
        "as_of": as_of,
        "headers": excel.age_headers(),
        "columns": reports.AGE_COLUMNS,
    }
    return render(
        request, "billing/arrears.html", context, status=400 if form.is_bound and form.errors else 200
    )


@login_required
def cashier_close(request):
    """收银日结: takings by method, receipts issued and voided, and whether the ledger agrees."""
    project = staff_project(request, PERM)
    cashiers = list(
        User.objects.filter(
            assignments__project=project, assignments__role=Role.CASHIER, assignments__ended_at__isnull=True
        )
        .distinct()
        .order_by("username")
    )
    form = CloseForm(request.GET or None, cashiers=cashiers, initial={"date": timezone.localdate()})
    data = form.cleaned_data if form.is_valid() else {}
    day = data.get("date") or timezone.localdate()
    cashier = next((c for c in cashiers if c.pk == data.get("cashier")), None)
    report = reports.close_report(project=project, day=day, cashier=cashier)
    return render(request, "billing/close.html", {"form": form, "report": report, "day": day})
