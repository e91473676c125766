from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wuye.core import access, services, workbench, workdays
from wuye.core.console import current_project
from wuye.core.models import CalendarDay
from wuye.core.roles import role_label
from wuye.core.validators import int_param
from wuye.core.widgets import DateField


def list_page(request, template_name, table, context=None, *, status=200):
    """A console list page built on a `ListTable`: the table's file when an export is asked for,
    else the template rendered with `page` and `table` added to `context`."""
    if table.export_requested:
        return table.export_response()
    return render(
        request, template_name, {"page": table.page, "table": table, **(context or {})}, status=status
    )


@login_required
def home(request):
    project = current_project(request)
    context = {"project": project}
    if request.user.is_resident:
        Unit = apps.get_model("estate", "Unit")  # noqa: N806  (by name: core imports no app)
        context["my_units"] = Unit.objects.visible_to(request.user).select_related("project", "building")
    elif project is not None:
        # the workbench: the cards each app registered (wuye/*/workbench.py) for this user's roles here
        context["cards"] = workbench.cards(user=request.user, project=project, now=timezone.now())
        context["roles"] = sorted(
            role_label(r) for r in access.roles_in(request.user, project.pk)
        )  # never codes
    return render(request, "core/home.html", context)


class CalendarDayForm(forms.Form):
    date = DateField(label=gettext_lazy("Date"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=50)


class CalendarImportForm(forms.Form):
    csv_text = forms.CharField(
        label=gettext_lazy("CSV rows: date,kind,name (kind: holiday/workday or 休/班)"),
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": "2027-01-01,holiday,元旦\n2027-02-07,workday,春节调休"}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request):
    """The company holiday table; managers edit it, everybody sees which years are covered."""
    can_manage = access.has_perm_anywhere(request.user, "calendar.manage")
    day_form = CalendarDayForm(request.POST if "add" in request.POST else None)
    import_form = CalendarImportForm(request.POST if "import" in request.POST else None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if "add" in request.POST and day_form.is_valid():
                services.calendar_day_set(acting_user=request.user, **day_form.cleaned_data)
                messages.success(request, _("Saved."))
                return redirect("console:calendar")
            if "import" in request.POST and import_form.is_valid():
                n = services.calendar_import_csv(
                    text=import_form.cleaned_data["csv_text"], acting_user=request.user
                )
                messages.success(request, _("%(n)s days imported.") % {"n": n})
                return redirect("console:calendar")
            if "remove" in request.POST:
                day = get_object_or_404(CalendarDay, pk=request.POST["remove"])
                services.calendar_day_remove(day=day, acting_user=request.user)
                messages.success(request, _("Removed."))
                return redirect("console:calendar")
        except ValidationError as exc:
            for error in exc.messages:
                import_form.add_error(None, error)
    today = timezone.localdate()
    # beyond 1900–2199 no calendar source knows the year; the bounds also keep dt.date() in range
    year = int_param(request.GET.get("year"), default=today.year, low=1900, high=2199)
    days = list(CalendarDay.objects.filter(date__year=year))
    entered = {d.date for d in days}
    coverage = {y: workdays.year_coverage(y) for y in sorted({*range(today.year - 1, today.year + 3), year})}
    context = {
        "can_manage": can_manage,
        "day_form": day_form,
        "import_form": import_form,
        "days": days,
        "year": year,
        "years": range(today.year - 1, today.year + 3),
        "coverage": coverage,
        "year_source": coverage[year],
        # what deadlines assume in a year chinese-calendar does not know, where the table is silent
        "rule_days": (
            [(date, name) for date, name in workdays.rule_holidays(year).items() if date not in entered]
            if coverage[year] in (workdays.RULE, workdays.TABLE)
            else []
        ),
    }
    return render(request, "core/calendar.html", context)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form posted from a page open too long (or without its token) is told to
    reload the page — not "no permission", which sent people to their manager for a role they had.
    API paths get the API's error shape."""
    from wuye.core.api.errors import error_body

    if request.path.startswith("/api/"):
        return JsonResponse(error_body("csrf_failed"), status=403)
    return render(request, "403_csrf.html", status=403)
