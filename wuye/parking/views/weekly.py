"""The Monday list (月租名单) for the garage toll collector: printable, and as an Excel download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from wuye.core import access
from wuye.parking import excel
from wuye.parking.forms import WeeklyForm
from wuye.parking.views.common import staff_project


@login_required
def weekly(request):
    """Rentals current on the chosen day (default this week's Monday); `?format=xlsx` downloads them."""
    project = staff_project(request, "parking.view")
    form = WeeklyForm(request.GET or None)
    day = (form.cleaned_data.get("date") if form.is_valid() else None) or excel.monday_of(
        timezone.localdate()
    )
    unmasked = access.has_perm(request.user, "people.view_personal", project.pk)
    report = excel.weekly_list(project, day, unmasked=unmasked)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(excel.weekly_workbook(report), content_type=excel.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{excel.file_name(report)}"'
        return response
    if not form.is_bound:
        form = WeeklyForm(initial={"date": day})
    context = {"form": form, "report": report, "headers": excel.headers(), "day": day}
    return render(
        request, "parking/weekly.html", context, status=400 if form.is_bound and form.errors else 200
    )
