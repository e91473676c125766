"""Staff console pages for the estate registry (server-rendered, Chinese first)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from wuye.core import access
from wuye.core.console import current_project, require_perm, require_project
from wuye.core.errors import BusinessRuleError
from wuye.core.forms import apply_service_errors
from wuye.core.masking import mask_id_number, mask_mobile
from wuye.core.tables import Column, ListTable
from wuye.estate import archive, roster, selectors, services
from wuye.estate.choices import OccupancyStatus
from wuye.estate.forms import RosterUploadForm, UnitStatusForm
from wuye.estate.models import Owner, RosterImport, Unit

UNIT_COLUMNS = [
    Column("code", _l("Unit code"), sort=("building__number", "entrance", "floor", "room")),
    Column("building", _l("Building"), sort="building__number", width=14),
    Column("floor", _l("Floor"), sort="floor", css="hide-sm"),
    Column("use", _l("Use"), "get_use_display", sort="use", css="hide-sm"),
    Column("area", _l("Building area (m²)"), "building_area", sort="building_area", css="hide-sm", width=16),
    Column("status", _l("Status"), "get_status_display", sort="status"),
]

OWNER_COLUMNS = [
    Column("name", _l("Name"), sort="name", width=14),
    Column("units", _l("Units"), lambda o: "、".join(u.code for u in o.units_shown), width=20),
    Column("mobile", _l("Mobile"), "mobile_shown", width=16),
    Column("company", _l("Company"), sort="company", css="hide-sm", width=24),
]


@login_required
def unit_list(request):
    project = None if request.user.is_resident else require_project(request)
    if project is not None:
        require_perm(request, "estate.view", project.pk)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in OccupancyStatus.values:
        status = ""
    units = selectors.unit_search(user=request.user, project=project, query=query, status=status)
    filters = [(_("Unit code or owner name"), query)] if query else []
    if status:
        filters.append((_("Status"), OccupancyStatus(status).label))
    title = _("My units") if project is None else _("Units") + f" · {project.name}"
    table = ListTable(request, units, UNIT_COLUMNS, title=title, filters=filters, file_stem=str(_("Units")))
    if table.export_requested:
        return table.export_response()
    context = {
        "page": table.page,
        "table": table,
        "query": query,
        "status": status,
        "statuses": OccupancyStatus.choices,
        "counts": selectors.unit_status_counts(user=request.user, project=project) if project else [],
    }
    return render(request, "estate/unit_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_detail(request, pk):
    try:
        unit = selectors.unit_with_people(user=request.user, pk=pk)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.is_resident:
        require_perm(request, "estate.view", unit.project_id)
    can_change = access.has_perm(request.user, "unit.change_status", unit.project_id)
    form = UnitStatusForm(request.POST or None, unit=unit) if can_change else None
    if request.method == "POST":
        if not can_change:
            require_perm(request, "unit.change_status", unit.project_id)
        if form.is_valid():
            try:
                services.unit_change_status(
                    unit=unit,
                    to_status=form.cleaned_data["status"],
                    reason=form.cleaned_data["reason"],
                    at=form.cleaned_data["at"],
                    acting_user=request.user,
                )
            except (ValidationError, BusinessRuleError) as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The status was changed."))
                return redirect("console:unit-detail", pk=unit.pk)
    show_people = request.user.is_resident or access.has_perm(request.user, "people.view", unit.project_id)
    context = {
        "unit": unit,
        "form": form,
        "ownerships": unit.ownerships.all() if show_people else [],
        "leases": unit.leases.all() if show_people else [],
        "history": unit.status_changes.select_related("changed_by")[:50],
    }
    return render(request, "estate/unit_detail.html", context)


@login_required
def owner_list(request):
    project = require_project(request)
    require_perm(request, "people.view", project.pk)
    query = request.GET.get("q", "").strip()
    owners = selectors.owner_search(user=request.user, project=project, query=query)
    unmasked = access.has_perm(request.user, "people.view_personal", project.pk)

    def shown(rows):
        # one masking rule for the page and the export
        for owner in rows:
            owner.mobile_shown = owner.mobile if unmasked else mask_mobile(owner.mobile)
            owner.units_shown = [o.unit for o in owner.active_ownerships]
        return rows

    table = ListTable(
        request,
        owners,
        OWNER_COLUMNS,
        title=_("Owners") + f" · {project.name}",
        prepare=shown,
        filters=[(_("Name or unit code"), query)] if query else [],
        file_stem=str(_("Owners")),
    )
    if table.export_requested:
        return table.export_response()
    rows = [{"owner": o, "mobile": o.mobile_shown, "units": o.units_shown} for o in table.page.object_list]
    return render(
        request, "estate/owner_list.html", {"page": table.page, "table": table, "rows": rows, "query": query}
    )


@login_required
def owner_detail(request, pk):
    owner = get_object_or_404(Owner.objects.visible_to(request.user).select_related("project"), pk=pk)
    if not request.user.is_resident:
        require_perm(request, "people.view", owner.project_id)
    unmasked = services.owner_record_access(owner=owner, acting_user=request.user, channel="web")
    if owner.user_id == request.user.pk:
        unmasked = True
    context = {
        "owner": owner,
        "unmasked": unmasked,
        "id_number": owner.id_number if unmasked else mask_id_number(owner.id_number),
        "mobile": owner.mobile if unmasked else mask_mobile(owner.mobile),
        "emergency_mobile": owner.emergency_mobile if unmasked else mask_mobile(owner.emergency_mobile),
        "birthday": owner.birthday if unmasked else None,
        "ownerships": owner.ownerships.select_related("unit").order_by("-start_date"),
        "archive_sections": archive.sections_for(request.user, owner),
        "access_logs": owner.access_logs.select_related("user")[:20]
        if access.has_perm(request.user, "people.view_personal", owner.project_id)
        else [],
    }
    return render(request, "estate/owner_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def roster_import_page(request):
    project = require_project(request)
    require_perm(request, "roster.import", project.pk)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            result = roster.roster_import(
                project=project, data=file.read(), file_name=file.name, acting_user=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if result.result == RosterImport.Result.ACCEPTED:
                messages.success(request, _("%(n)s roster rows were imported.") % {"n": result.accepted_rows})
    imports = RosterImport.objects.filter(project=current_project(request)).select_related("imported_by")[:20]
    return render(request, "estate/roster_import.html", {"form": form, "result": result, "imports": imports})
