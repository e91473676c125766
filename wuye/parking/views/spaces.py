"""Parking spaces (车位): the list with who rents each space today, and adding a space."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.tables import ListTable
from wuye.parking import services
from wuye.parking.forms import SpaceForm
from wuye.parking.models import ParkingSpace
from wuye.parking.selectors import spaces_with_current_rental
from wuye.parking.views.columns import SPACE_COLUMNS
from wuye.parking.views.common import attempt, staff_project

AREAS = dict(ParkingSpace.Area.choices)


def _render(request, project, *, form=None, status=200):
    spaces = spaces_with_current_rental(
        timezone.localdate(), ParkingSpace.objects.visible_to(request.user).filter(project=project)
    )
    query = request.GET.get("q", "").strip()
    if query:
        spaces = spaces.filter(number__icontains=query)
    area = request.GET.get("area", "")
    if area in AREAS:
        spaces = spaces.filter(area=area)
    else:
        area = ""
    filters = [(_("Space"), query)] if query else []
    if area:
        filters.append((_("Area"), AREAS[area]))
    table = ListTable(
        request, spaces.order_by("number", "id"), SPACE_COLUMNS, title=_("Parking spaces"), filters=filters
    )
    if table.export_requested:
        return table.export_response()
    can_manage = access.has_perm(request.user, "parking.manage", project.pk)
    context = {
        "page": table.page,
        "table": table,
        "query": query,
        "area": area,
        "areas": [("", _("All")), *AREAS.items()],
        "form": (form or SpaceForm()) if can_manage else None,
        "can_rent": can_manage,
    }
    return render(request, "parking/spaces.html", context, status=status)


@login_required
def space_list(request):
    return _render(request, staff_project(request, "parking.view"))


@login_required
@require_POST
def space_new(request):
    project = staff_project(request, "parking.manage")
    form = SpaceForm(request.POST)
    if form.is_valid():
        space = attempt(
            form,
            lambda: services.space_save(
                project=project,
                acting_user=request.user,
                number=form.cleaned_data["number"],
                area=form.cleaned_data["area"],
            ),
        )
        if space is not None:
            messages.success(request, _("Space %(number)s was added.") % {"number": space.number})
            return redirect("console:parking-spaces")
    return _render(request, project, form=form, status=400)
