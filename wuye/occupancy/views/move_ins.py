"""入住: the list (Excel), recording a move-in for a unit looked up by its code, the care task, the
printable move-in notice (入住知会单)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.tables import ListTable
from wuye.estate.models import Owner, Ownership
from wuye.occupancy import pdf, services
from wuye.occupancy.choices import CareStatus
from wuye.occupancy.forms import MoveInForm, UnitLookupForm
from wuye.occupancy.models import MoveIn
from wuye.occupancy.views.common import (
    MANAGE,
    MOVE_IN_COLUMNS,
    VIEW,
    attempt,
    attempt_or_message,
    staff_project,
    unit_by_code,
)


@login_required
def move_in_list(request):
    project = staff_project(request, VIEW)
    rows = (
        MoveIn.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("unit", "owner", "tenant")
    )
    care = request.GET.get("care", "")
    if care in CareStatus.values:  # the care tasks still to do
        rows = rows.filter(care=care)
    table = ListTable(request, rows.order_by("-moved_in_on", "-id"), MOVE_IN_COLUMNS, title=_("Move-ins"))
    if table.export_requested:
        return table.export_response()
    context = {
        "page": table.page,
        "table": table,
        "can_manage": access.has_perm(request.user, MANAGE, project.pk),
    }
    return render(request, "occupancy/move_in_list.html", context)


@login_required
def move_in_new(request):
    """Look the unit up by its code, then record the move-in (parse → fetch in scope → one service)."""
    project = staff_project(request, MANAGE)
    code = (request.POST.get("unit") or request.GET.get("unit") or "").strip()
    unit = unit_by_code(request.user, project, code)
    lookup = UnitLookupForm(initial={"unit": code})
    if code and unit is None:
        messages.error(request, _("No unit with this code in the project."))
    owners = (
        list(Owner.objects.filter(pk__in=Ownership.objects.active().filter(unit=unit).values("owner_id")))
        if unit
        else []
    )
    form = None
    status = 200
    if unit is not None:
        if request.method == "POST":
            form = MoveInForm(request.POST, owners=owners)
            if form.is_valid():
                owner = next((o for o in owners if o.pk == form.cleaned_data["owner"]), None)
                move_in = attempt(
                    form,
                    lambda: services.move_in_record(
                        unit=unit, owner=owner, acting_user=request.user, **form.service_fields()
                    ),
                    tenant_info="tenant_name",
                )
                if move_in is not None:
                    messages.success(request, _("The move-in was recorded and the departments notified."))
                    return redirect("console:occupancy-move-in", pk=move_in.pk)
            status = 400
        else:
            form = MoveInForm(
                owners=owners,
                initial={
                    "moved_in_on": timezone.localdate(),
                    "owner": owners[0].pk if len(owners) == 1 else None,
                },
            )
    context = {"lookup": lookup, "unit": unit, "owners": owners, "form": form}
    return render(request, "occupancy/move_in_form.html", context, status=status)


@login_required
def move_in_detail(request, pk):
    project = staff_project(request, VIEW)
    move_in = get_object_or_404(MoveIn.objects.visible_to(request.user).filter(project=project), pk=pk)
    context = {"move_in": move_in, "can_manage": access.has_perm(request.user, MANAGE, project.pk)}
    return render(request, "occupancy/move_in_detail.html", context)


@login_required
@require_POST
def move_in_care_done(request, pk):
    project = staff_project(request, MANAGE)
    move_in = get_object_or_404(MoveIn.objects.visible_to(request.user).filter(project=project), pk=pk)
    if attempt_or_message(
        request, lambda: services.move_in_care_done(move_in=move_in, acting_user=request.user)
    ):
        messages.success(request, _("The care task is done."))
    return redirect("console:occupancy-move-in", pk=pk)


@login_required
def move_in_notice_pdf(request, pk):
    project = staff_project(request, VIEW)
    move_in = get_object_or_404(
        MoveIn.objects.visible_to(request.user).filter(project=project).select_related("unit__project"), pk=pk
    )
    return pdf.pdf_response(
        pdf.move_in_notice_pdf(move_in, viewer=request.user), f"move-in-notice-{move_in.unit.code}.pdf"
    )
