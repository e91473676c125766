"""Defects found at handover: open ones per building, overdue ones, closing one with its result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.console import staff_project
from wuye.core.forms import attempt_or_message
from wuye.handover import selectors, services
from wuye.handover.forms import DefectCloseForm
from wuye.handover.models import Defect

STATES = ("open", "overdue", "closed", "all")


@login_required
def defect_list(request):
    project = staff_project(request, "handover.view")
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    if state not in STATES:
        state = "open"
    defects = selectors.defects_for(request.user).filter(project=project)
    if state == "open":
        defects = defects.open()
    elif state == "overdue":
        defects = defects.overdue(today)
    elif state == "closed":
        defects = defects.filter(closed_at__isnull=False)
    building = request.GET.get("building", "")
    if building.isdigit():
        defects = defects.filter(building_id=int(building))
    context = {
        "defects": defects.order_by("due_date", "id")[:500],
        "by_building": selectors.open_defects_by_building(project, today=today),
        "state": state,
        "states": [
            ("open", _("Open")),
            ("overdue", _("Overdue")),
            ("closed", _("Closed")),
            ("all", _("All")),
        ],
        "today": today,
        "close_form": DefectCloseForm(),
        "can_close": access.has_perm(request.user, "handover.defects", project.pk),
    }
    return render(request, "handover/defects.html", context)


@login_required
@require_POST
def defect_close(request, pk):
    project = staff_project(request, "handover.view")
    defect = get_object_or_404(Defect.objects.visible_to(request.user).filter(project=project), pk=pk)
    form = DefectCloseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    elif attempt_or_message(
        request,
        lambda: services.defect_close(defect=defect, acting_user=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("The defect was closed."))
    return redirect("console:handover-defects")
