"""The renovation board (装修掌控表): renovating units × department × day for the seven days ending
on the chosen date, gaps in red; a gap of the user's own department opens the patrol form."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.core.console import staff_project
from wuye.core.forms import attempt
from wuye.renovation.choices import ON_SITE_STATUSES, Department
from wuye.renovation.forms import RENAME, BoardForm, PatrolForm
from wuye.renovation.models import Renovation
from wuye.renovation.selectors_board import board
from wuye.renovation.services import common
from wuye.renovation.services import supervision as sup_services
from wuye.renovation.views.common import VIEW, can

DAYS = 7


def _departments(user, project) -> list[str]:
    mine = common.user_departments(user, project.pk)
    return [d for d in Department.values if d in mine]


def _board_context(request, project, day):
    result = board(project, day, days=DAYS)
    mine = (
        set(_departments(request.user, project)) if can(request.user, project, "renovation.patrol") else set()
    )
    today = timezone.localdate()
    rows = []
    for row in result.rows:
        days = []
        for cell in row.cells:
            departments = []
            for department in result.departments:
                patrol = cell["patrols"][department]
                gap = cell["on_site"] and patrol is None
                departments.append(
                    {
                        "department": department,
                        "patrol": patrol,
                        "gap": gap,
                        "can_record": gap
                        and department in mine
                        and cell["day"] <= today
                        and row.renovation.status in ON_SITE_STATUSES,
                    }
                )
            days.append({"day": cell["day"], "on_site": cell["on_site"], "departments": departments})
        rows.append({"renovation": row.renovation, "days": days, "gaps": row.gaps})
    return {
        "board": result,
        "rows": rows,
        "day": day,
        "previous": day - dt.timedelta(days=DAYS),
        "next": day + dt.timedelta(days=DAYS),
        "department_labels": dict(Department.choices),
        "gaps_by_department": [(Department(d).label, n) for d, n in result.gaps_by_department().items()],
    }


@login_required
def renovation_board(request):
    project = staff_project(request, VIEW)
    form = BoardForm(request.GET or None)
    day = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data.get("date"):
        day = form.cleaned_data["date"]
    context = {"form": form, **_board_context(request, project, day)}
    patrol_form = None
    target = request.GET.get("renovation", "")
    if target.isdigit() and request.GET.get("department"):
        renovation = get_object_or_404(
            Renovation.objects.filter(project=project).visible_to(request.user), pk=int(target)
        )
        departments = [d for d in _departments(request.user, project) if d == request.GET["department"]]
        if departments and can(request.user, project, "renovation.patrol"):
            initial = {"department": departments[0]}
            patrol_day = request.GET.get("day", "")
            if patrol_day and patrol_day != timezone.localdate().isoformat():
                initial["at"] = f"{patrol_day} 18:00"
            patrol_form = PatrolForm(prefix="patrol", departments=departments, initial=initial)
            context["patrol_renovation"] = renovation
    context["patrol_form"] = patrol_form
    return render(request, "renovation/board.html", context)


@login_required
@require_POST
def board_patrol(request, pk):
    """The patrol form of a gap cell: the same service as the renovation page's patrol form."""
    project = staff_project(request, VIEW)
    if not can(request.user, project, "renovation.patrol"):
        raise PermissionDenied
    renovation = get_object_or_404(Renovation.objects.filter(project=project).visible_to(request.user), pk=pk)
    form = PatrolForm(
        request.POST, request.FILES, prefix="patrol", departments=_departments(request.user, project)
    )
    back = request.POST.get("date", "")
    if form.is_valid():
        done = attempt(
            form,
            lambda: sup_services.patrol_record(
                renovation=renovation, acting_user=request.user, **form.service_kwargs()
            ),
            **RENAME,
        )
        if done is not None:
            messages.success(
                request,
                _("Patrol of %(unit)s recorded.") % {"unit": renovation.unit.code},
            )
            url = reverse("console:renovation-board")
            return redirect(f"{url}?{urlencode({'date': back})}" if back else url)
    day = timezone.localdate()
    board_form = BoardForm({"date": back} if back else None)
    if board_form.is_bound and board_form.is_valid() and board_form.cleaned_data.get("date"):
        day = board_form.cleaned_data["date"]
    context = {
        "form": board_form,
        **_board_context(request, project, day),
        "patrol_form": form,
        "patrol_renovation": renovation,
    }
    return render(request, "renovation/board.html", context, status=400)
