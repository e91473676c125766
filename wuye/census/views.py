"""The monthly occupancy report page (月度物业动态信息表): units by status per building, the month's
changes, each building's census (assign, confirm) and the project manager's sign-off; Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wuye.census import excel, months, selectors, services
from wuye.census.choices import CensusStatus, ChangeKind
from wuye.census.models import BuildingCensus, OccupancyReport
from wuye.core import access
from wuye.core.console import staff_project
from wuye.core.forms import attempt_or_message
from wuye.core.roles import Role
from wuye.core.tables import Column, ListTable
from wuye.estate.choices import OccupancyStatus, StatusChangeSource


def _month(value: str | None) -> tuple[object, str | None]:
    """The month asked for (default: this month), or this month with the error to show."""
    if not value:
        return months.month_first(timezone.localdate()), None
    try:
        return months.parse_month(value), None
    except ValidationError as exc:
        return months.month_first(timezone.localdate()), exc.message_dict["month"][0]


def _back(month) -> HttpResponse:
    return redirect(f"{reverse('console:census-report')}?month={months.month_label(month)}")


@login_required
def report(request):
    project = staff_project(request, "census.view")
    month, error = _month(request.GET.get("month"))
    data = selectors.monthly_report(project=project, month=month)
    if request.GET.get("format") == "xlsx" and error is None:
        response = HttpResponse(excel.workbook(data), content_type=excel.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{excel.file_name(data)}"'
        return response
    user = request.user
    can_assign = access.has_perm(user, "census.assign", project.pk)
    assistants = []
    if can_assign:
        assistants = list(
            get_user_model()
            .objects.filter(
                assignments__project=project,
                assignments__role=Role.CS_ASSISTANT,
                assignments__ended_at__isnull=True,
                is_active=True,
            )
            .distinct()
            .order_by("username")
        )
    today = timezone.localdate()
    rows = [
        {
            **row,
            "counts_list": [(s, row["counts"][s]) for s in OccupancyStatus.values],
            "changes_list": [row["change_counts"][k] for k in ChangeKind.values],
            "overdue": row["census"] is not None and selectors.census_overdue(row["census"], today),
            "mine": row["census"] is not None
            and row["census"].assistant_id == user.pk
            and row["census"].status == CensusStatus.OPEN,
        }
        for row in data.rows
    ]
    status_label = dict(OccupancyStatus.choices)
    changes = [
        {
            **change,
            "building_label": row["building_label"],
            "kind_label": ChangeKind(change["kind"]).label,
            "from_label": status_label[change["from_status"]],
            "to_label": status_label[change["to_status"]],
            "source_label": StatusChangeSource(change["source"]).label,
            "at_time": change["at"][:16].replace("T", " "),
        }
        for row in data.rows
        for change in row["changes"]
    ]
    context = {
        "data": data,
        "rows": rows,
        "changes": changes,
        "month_value": data.label,
        "month_error": error,
        "statuses": OccupancyStatus.labels,
        "kinds": ChangeKind.labels,
        "totals": [data.figures["counts"][s] for s in OccupancyStatus.values],
        "change_totals": [data.figures["change_counts"][k] for k in ChangeKind.values],
        "previous": months.month_label(months.previous_month(data.month)),
        "following": months.month_label(months.next_month(data.month)),
        "can_assign": can_assign and not data.signed,
        "can_open": can_assign and not data.signed and data.month <= months.month_first(today),
        "can_sign": access.has_perm(user, "census.sign_off", project.pk)
        and data.report is not None
        and not data.signed,
        "report_overdue": data.report is not None and selectors.report_overdue(data.report, today),
        "assistants": assistants,
        "can_confirm": access.has_perm(user, "census.confirm", project.pk) and not data.signed,
    }
    return render(request, "census/report.html", context, status=400 if error else 200)


@login_required
@require_POST
def month_open(request):
    project = staff_project(request, "census.assign")
    month, error = _month(request.POST.get("month"))
    if error:
        messages.error(request, error)
    elif attempt_or_message(
        request, lambda: services.census_month_open(project=project, month=month, acting_user=request.user)
    ):
        messages.success(request, _("The month's census was started."))
    return _back(month)


@login_required
@require_POST
def sign_off(request):
    project = staff_project(request, "census.view")
    month, error = _month(request.POST.get("month"))
    if error:
        messages.error(request, error)
    elif attempt_or_message(
        request, lambda: services.report_sign_off(project=project, month=month, acting_user=request.user)
    ):
        messages.success(
            request, _("The report was signed off and its copies sent to security and the cashier.")
        )
    return _back(month)


def _census(request, pk) -> BuildingCensus:
    project = staff_project(request, "census.view")
    return get_object_or_404(BuildingCensus.objects.visible_to(request.user), pk=pk, project=project)


@login_required
@require_POST
def assign(request, pk):
    census = _census(request, pk)
    assistant = (
        get_user_model().objects.filter(pk=request.POST.get("assistant") or 0).first()
        if (request.POST.get("assistant") or "").isdigit()
        else None
    )
    if attempt_or_message(
        request, lambda: services.census_assign(census=census, assistant=assistant, acting_user=request.user)
    ):
        messages.success(request, _("The assistant was assigned."))
    return _back(census.month)


@login_required
@require_POST
def confirm(request, pk):
    census = _census(request, pk)
    remarks = (request.POST.get("remarks") or "")[:2000]
    if attempt_or_message(
        request, lambda: services.census_confirm(census=census, acting_user=request.user, remarks=remarks)
    ):
        messages.success(request, _("The building's census was confirmed."))
    return _back(census.month)


# --- the lists the home page's census figures open ---------------------------------------------

CENSUS_COLUMNS = [
    Column("month", gettext_lazy("Month"), lambda c: months.month_label(c.month), sort="month"),
    Column("building", gettext_lazy("Building"), lambda c: str(c.building), sort="building__number"),
    Column("due_on", gettext_lazy("Due on"), sort="due_on"),
    Column("status", gettext_lazy("Status"), "get_status_display"),
]

REPORT_COLUMNS = [
    Column("month", gettext_lazy("Month"), lambda r: months.month_label(r.month), sort="month"),
    Column("status", gettext_lazy("Status"), "get_status_display", sort="status"),
    Column("due_on", gettext_lazy("Due on"), sort="due_on"),
]


@login_required
def my_censuses(request):
    """The censuses the signed-in assistant still has to confirm (`?state=overdue`: the late ones)."""
    project = staff_project(request, "census.confirm")
    today = timezone.localdate()
    rows = selectors.censuses_to_confirm(user=request.user, project=project).select_related("building")
    overdue = request.GET.get("state") == "overdue"
    if overdue:
        rows = rows.filter(due_on__lt=today)
    table = ListTable(
        request,
        rows.order_by("month", "building__number", "id"),
        CENSUS_COLUMNS,
        title=_("Censuses to confirm"),
    )
    if table.export_requested:
        return table.export_response()
    return render(
        request,
        "census/my_censuses.html",
        {"page": table.page, "table": table, "today": today, "overdue_only": overdue},
    )


@login_required
def report_list(request):
    """The project's monthly reports (`?state=to_sign`: those the project manager can sign now)."""
    project = staff_project(request, "census.view")
    today = timezone.localdate()
    to_sign = request.GET.get("state") == "to_sign"
    rows = (
        selectors.reports_to_sign(project=project, today=today)
        if to_sign
        else OccupancyReport.objects.visible_to(request.user).filter(project=project)
    )
    table = ListTable(
        request, rows.order_by("-month", "-id"), REPORT_COLUMNS, title=_("Monthly occupancy reports")
    )
    if table.export_requested:
        return table.export_response()
    return render(
        request,
        "census/report_list.html",
        {"page": table.page, "table": table, "today": today, "to_sign_only": to_sign},
    )
