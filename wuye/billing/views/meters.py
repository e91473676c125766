"""Meter readings (抄表): a round of readings entered as one table, meters installed and replaced."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wuye.billing import services
from wuye.billing.forms import MeterFilterForm, MeterInstallForm, MeterReplaceForm, ReadingBatchForm
from wuye.billing.models import Meter, MeterReading
from wuye.billing.views.columns import METER_COLUMNS
from wuye.billing.views.common import attempt, staff_project
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tables import ListTable, form_filters
from wuye.estate.models import Building, Unit

PERM = "billing.read_meters"
PER_PAGE = 100


def _active_meters(user, project, filters: dict):
    latest = MeterReading.objects.filter(meter=OuterRef("pk")).order_by("-read_on")
    meters = (
        Meter.objects.visible_to(user)
        .filter(unit__project=project, replaced_on__isnull=True)
        .select_related("unit")
        .annotate(last_read_on=Max("readings__read_on"), last_reading=Subquery(latest.values("reading")[:1]))
        .order_by("unit__building__number", "unit__code", "meter_type")
    )
    if filters.get("building"):
        meters = meters.filter(unit__building_id=filters["building"])
    if filters.get("meter_type"):
        meters = meters.filter(meter_type=filters["meter_type"])
    if filters.get("q"):
        meters = meters.filter(unit__code__icontains=filters["q"].strip())
    return meters


def _page(request, project, *, batch_form=None, install_form=None, row_errors=None, entered=None, status=200):
    buildings = Building.objects.filter(project=project).order_by("number")
    filter_form = MeterFilterForm(request.GET or None, buildings=buildings)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    table = ListTable(
        request,
        _active_meters(request.user, project, filters),
        METER_COLUMNS,
        title=_("Meter readings"),
        filters=form_filters(filter_form),
        per_page=PER_PAGE,
    )
    if table.export_requested:
        return table.export_response()
    page = table.page
    row_errors, entered = row_errors or {}, entered or {}
    for meter in page.object_list:
        meter.row_error = row_errors.get(meter.pk, "")
        meter.entered = entered.get(meter.pk, "")
    context = {
        "project": project,
        "filter_form": filter_form,
        "page": page,
        "table": table,
        "batch_form": batch_form or ReadingBatchForm(initial={"read_on": timezone.localdate()}),
        "install_form": install_form or MeterInstallForm(initial={"installed_on": timezone.localdate()}),
    }
    return render(request, "billing/meters.html", context, status=status)


def _message(exc) -> str:
    if isinstance(exc, BusinessRuleError):
        return exc.message
    return " ".join(
        m for messages_ in getattr(exc, "message_dict", {"": exc.messages}).values() for m in messages_
    )


@login_required
@require_http_methods(["GET", "POST"])
def meter_readings(request):
    """One date, a figure per meter: each figure is recorded by the service (readings never go
    backwards; consumption × the tariff becomes a charge). Rows with a problem keep their figure and
    say why; the others are saved."""
    project = staff_project(request, PERM)
    if request.method == "GET":
        return _page(request, project)
    form = ReadingBatchForm(request.POST)
    entered = {}
    for key, value in request.POST.items():
        if key.startswith("reading-") and value.strip():
            try:
                entered[int(key.removeprefix("reading-"))] = value.strip()
            except ValueError:
                continue
    if not form.is_valid() or not entered:
        if form.is_valid():
            form.add_error(None, _("Enter at least one reading."))
        return _page(request, project, batch_form=form, entered=entered, status=400)
    meters = (
        Meter.objects.visible_to(request.user)
        .filter(unit__project=project, pk__in=entered)
        .select_related("unit")
    )
    meters = {m.pk: m for m in meters}
    row_errors, saved = {}, 0
    for meter_id, value in entered.items():
        meter = meters.get(meter_id)
        if meter is None:
            continue
        try:
            reading = Decimal(value)
            services.meter_reading_record(
                meter=meter, read_on=form.cleaned_data["read_on"], reading=reading, acting_user=request.user
            )
        except InvalidOperation:
            row_errors[meter_id] = _("Enter a number.")
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except (ValidationError, BusinessRuleError) as exc:
            row_errors[meter_id] = _message(exc)
        else:
            saved += 1
    if saved:
        messages.success(request, _("%(count)s readings were recorded.") % {"count": saved})
    if row_errors:
        messages.error(
            request,
            _("%(count)s readings were not recorded; see the marked rows.") % {"count": len(row_errors)},
        )
        kept = {k: v for k, v in entered.items() if k in row_errors}
        return _page(request, project, batch_form=form, row_errors=row_errors, entered=kept, status=400)
    return redirect(request.get_full_path())


@login_required
@require_POST
def meter_install(request):
    project = staff_project(request, PERM)
    form = MeterInstallForm(request.POST)
    if form.is_valid():
        unit = (
            Unit.objects.visible_to(request.user)
            .filter(project=project, code=form.cleaned_data["unit_code"].strip())
            .first()
        )
        if unit is None:
            form.add_error("unit_code", _("No unit with this code in the project."))
        else:
            meter = attempt(
                form,
                lambda: services.meter_install(
                    unit=unit,
                    meter_type=form.cleaned_data["meter_type"],
                    installed_on=form.cleaned_data["installed_on"],
                    serial=form.cleaned_data["serial"],
                    initial_reading=form.cleaned_data["initial_reading"],
                    acting_user=request.user,
                ),
            )
            if meter is not None:
                messages.success(request, _("The meter was installed."))
                return redirect("console:billing-meters")
    return _page(request, project, install_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def meter_replace(request, pk):
    """换表: the old meter's final reading is charged; the new meter starts from its own figure."""
    project = staff_project(request, PERM)
    meter = get_object_or_404(
        Meter.objects.visible_to(request.user).filter(unit__project=project).select_related("unit"), pk=pk
    )
    form = MeterReplaceForm(request.POST or None, initial={"replaced_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        new_meter = attempt(
            form, lambda: services.meter_replace(meter=meter, acting_user=request.user, **form.cleaned_data)
        )
        if new_meter is not None:
            messages.success(request, _("The meter of %(unit)s was replaced.") % {"unit": meter.unit.code})
            return redirect("console:billing-meters")
    last = meter.readings.order_by("-read_on").first()
    return render(
        request,
        "billing/meter_replace.html",
        {"meter": meter, "form": form, "last": last},
        status=400 if form.is_bound and form.errors else 200,
    )
