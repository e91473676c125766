"""Console: payment notices for a period (printable PDF) and the dunning list (Excel, printable)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuye.billing import notices
from wuye.billing.excel import XLSX_CONTENT_TYPE
from wuye.billing.services import period_bounds
from wuye.billing.views.common import staff_project
from wuye.core.widgets import DateField, MonthField

PERM = "billing.report"


class NoticeForm(forms.Form):
    month = MonthField(label=_("Billing month"))
    months = forms.TypedChoiceField(
        label=_("Period"), coerce=int, choices=[(1, _("Month")), (3, _("Quarter"))], initial=1
    )


class DunningForm(forms.Form):
    as_of = DateField(label=_("As of"), required=False)
    grace_days = forms.IntegerField(label=_("Grace days"), required=False, min_value=0, max_value=365)


@login_required
def payment_notices(request):
    project = staff_project(request, PERM)
    today = timezone.localdate()
    form = NoticeForm(request.GET or None, initial={"month": today.strftime("%Y-%m"), "months": 1})
    start = today.replace(day=1)
    months = 1
    if form.is_valid():
        start, months = form.cleaned_data["month"].replace(day=1), form.cleaned_data["months"]
    start, end = period_bounds(start=start, months=months)
    rows = notices.payment_notices(project=project, period_start=start, period_end=end)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(
            notices.payment_notices_pdf(project=project, period_start=start, period_end=end, notices=rows),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = (
            f'inline; filename="payment-notices-{project.code}-{start:%Y%m}.pdf"'
        )
        return response
    return render(
        request,
        "billing/notices.html",
        {"form": form, "rows": rows, "start": start, "end": end, "months": months},
    )


@login_required
def dunning(request):
    project = staff_project(request, PERM)
    form = DunningForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    as_of = data.get("as_of") or timezone.localdate()
    rows = notices.dunning_list(
        project=project, as_of=as_of, user=request.user, grace_days=data.get("grace_days")
    )
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            notices.dunning_workbook(project=project, as_of=as_of, rows=rows), content_type=XLSX_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="dunning-{project.code}-{as_of:%Y%m%d}.xlsx"'
        return response
    total = sum((r["overdue"] for r in rows), start=notices.ZERO)
    return render(
        request, "billing/dunning.html", {"form": form, "rows": rows, "as_of": as_of, "total": total}
    )
