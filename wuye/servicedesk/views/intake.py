"""The intake's unit panel: the unit's context as soon as it is typed (an HTML fragment for console.js)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wuye.estate.models import Building
from wuye.estate.selectors import unit_resolve
from wuye.estate.unit_context import unit_context
from wuye.servicedesk.views.common import staff_project

BUILDING_SESSION_KEY = "wuye_intake_building"  # {project id: building id}, the building at hand


def intake_building(request, project) -> Building | None:
    """The building of the unit last chosen at this desk in this project (for "2单元602", "602")."""
    building_id = request.session.get(BUILDING_SESSION_KEY, {}).get(str(project.pk))
    if not building_id:
        return None
    return Building.objects.visible_to(request.user).filter(project=project, pk=building_id).first()


def remember_building(request, unit) -> None:
    if unit is None:
        return
    chosen = dict(request.session.get(BUILDING_SESSION_KEY, {}))
    if chosen.get(str(unit.project_id)) != unit.building_id:
        chosen[str(unit.project_id)] = unit.building_id
        request.session[BUILDING_SESSION_KEY] = chosen


@login_required
@require_GET
def ticket_new_unit_context(request):
    """?q=<the unit as typed>: the unit's status (warned when vacant or not handed over), people,
    open tickets and arrears as the role may see them; candidates when the text is ambiguous."""
    project = staff_project(request, "ticket.create")
    query = request.GET.get("q", "").strip()[:40]
    unit, candidates, blocks = None, [], {}
    if query:
        building = intake_building(request, project)
        unit, candidates = unit_resolve(user=request.user, project=project, text=query, building=building)
        if unit is not None:
            blocks = unit_context(user=request.user, unit=unit, channel="web")
            remember_building(request, unit)
    context = {"query": query, "unit": unit, "candidates": candidates, "blocks": blocks}
    return render(request, "servicedesk/_unit_context.html", context)
