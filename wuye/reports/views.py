"""Console pages of the reports: the three-rates sheet (信息三率统计表) with its trend and export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from wuye.core.console import require_perm, require_project
from wuye.reports import chart, excel, periods, repair_fees, selectors
from wuye.reports.forms import RepairFeesFilterForm, ThreeRatesFilterForm


def _query(params: dict, **changes) -> str:
    query = QueryDict(mutable=True)
    for key, value in {**params, **changes}.items():
        if value not in (None, ""):
            query[key] = str(value)
    return query.urlencode()


@login_required
def three_rates(request):
    """The project from the switcher; week or month around a date (or a range); `?format=xlsx`
    downloads the same figures."""
    project = require_project(request)
    require_perm(request, selectors.REPORT_PERM, project.pk)
    data = request.GET.copy()
    if not data.get("start") and not data.get("end"):
        data.setdefault("period", periods.MONTH)
        data.setdefault("date", timezone.localdate().isoformat())
    form = ThreeRatesFilterForm(data)
    if not form.is_valid():
        return render(request, "reports/three_rates.html", {"form": form}, status=400)
    params = form.cleaned_data
    report = selectors.three_rates(
        projects=[project],
        period=params["report_period"],
        department=params.get("department") or None,
        trend=params["trend"],
        trend_kind=params["period"],
    )
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(excel.workbook(report), content_type=excel.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{excel.file_name(report)}"'
        return response
    period = report.period
    if period.kind == periods.CUSTOM:
        shown = {"start": period.first_day, "end": period.end_day}
    else:
        shown = {"date": params.get("date") or period.first_day}
    shown |= {
        "period": params["period"],
        "department": params.get("department"),
        "trend": request.GET.get("trend"),
    }
    context = {
        "form": form,
        "report": report,
        "chart": chart.trend_chart(report.trend),
        "export_query": _query(shown, format="xlsx"),
    }
    if period.kind != periods.CUSTOM:
        context["previous_query"] = _query(shown, date=period.previous().first_day)
        context["next_query"] = _query(shown, date=period.end_day)
    return render(request, "reports/three_rates.html", context)


@login_required
def repair_fees_report(request):
    """月底统计维修费用 of the project from the switcher for `?month=YYYY-MM` (default this month);
    `?format=xlsx` downloads the same figures."""
    project = require_project(request)
    if request.user.is_resident or not repair_fees.may_view(request.user, project):
        raise PermissionDenied
    form = RepairFeesFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/repair_fees.html", {"form": form, "project": project}, status=400)
    period = form.cleaned_data["period"]
    report = repair_fees.repair_fees(project=project, period=period)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(excel.repair_fees_workbook(report), content_type=excel.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{excel.repair_fees_file_name(report)}"'
        return response
    columns = excel.repair_fee_columns()

    def cells(figures):
        return [(getattr(figures, name), money) for name, _header, money in columns]

    rows = []
    for department in report.departments:
        rows.append({"level": "department", "label": department.label, "cells": cells(department.figures)})
        rows += [
            {"level": "item", "label": item.name, "cells": cells(item.figures)} for item in department.items
        ]
    context = {
        "form": form,
        "project": project,
        "report": report,
        "headers": [header for _name, header, _money in columns],
        "rows": rows,
        "total": cells(report.total),
        "by_item": [{"label": item.name, "cells": cells(item.figures)} for item in report.items],
        "export_query": _query({"month": period.label}, format="xlsx"),
        "previous_query": _query({"month": period.previous().label}),
        "next_query": _query({"month": f"{period.end_day:%Y-%m}"}),
    }
    return render(request, "reports/repair_fees.html", context)
