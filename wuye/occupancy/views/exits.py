"""退租: the list of exits (Excel), finding a unit's tenants, the exit page showing what is outstanding,
and the printable exit record (退租登记表)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.tables import ListTable
from wuye.estate.models import Lease
from wuye.occupancy import pdf, services
from wuye.occupancy.choices import ExitStatus, OwnerConsent
from wuye.occupancy.forms import TenantExitForm, UnitLookupForm
from wuye.occupancy.models import TenantExit
from wuye.occupancy.views.common import EXIT_COLUMNS, MANAGE, VIEW, attempt, staff_project, unit_by_code


@login_required
def exit_list(request):
    project = staff_project(request, VIEW)
    rows = (
        TenantExit.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("unit", "lease__tenant")
    )
    status = request.GET.get("status", "")
    if status in ExitStatus.values:  # e.g. the exits still waiting
        rows = rows.filter(status=status)
    table = ListTable(request, rows.order_by("-moving_date", "-id"), EXIT_COLUMNS, title=_("Tenant exits"))
    if table.export_requested:
        return table.export_response()
    code = request.GET.get("unit", "").strip()
    unit = unit_by_code(request.user, project, code)
    leases = Lease.objects.active().filter(unit=unit).select_related("tenant") if unit else []
    context = {
        "page": table.page,
        "table": table,
        "lookup": UnitLookupForm(initial={"unit": code}),
        "unit": unit,
        "leases": leases,
        "looked_up": bool(code),
    }
    return render(request, "occupancy/exit_list.html", context)


@login_required
def lease_exit(request, pk):
    """The exit page: what billing and the owner still hold up, and the form that records the exit
    (it waits, and says why, until everything is clear)."""
    project = staff_project(request, MANAGE)
    lease = get_object_or_404(
        Lease.objects.visible_to(request.user).filter(unit__project=project).select_related("unit", "tenant"),
        pk=pk,
    )
    waiting = TenantExit.objects.filter(lease=lease, status=ExitStatus.WAITING).first()
    status = 200
    if request.method == "POST":
        form = TenantExitForm(request.POST)
        if form.is_valid():
            exit_ = attempt(
                form,
                lambda: services.tenant_exit_request(
                    lease=lease, acting_user=request.user, **form.cleaned_data
                ),
            )
            if exit_ is not None and exit_.status == ExitStatus.COMPLETED:
                messages.success(request, _("The tenant exit is complete; a release pass may be issued."))
                return redirect("console:occupancy-exits")
            if exit_ is not None:
                waiting = exit_
                form.add_error(None, _("The exit waits: something is still outstanding (see below)."))
        status = 400
    else:
        initial = {"moving_date": timezone.localdate(), "owner_consent": OwnerConsent.NOT_ASKED}
        if waiting:
            initial.update(
                moving_date=waiting.moving_date,
                owner_consent=waiting.owner_consent,
                items_to_stay=waiting.items_to_stay,
            )
        form = TenantExitForm(initial=initial)
    day = waiting.moving_date if waiting else timezone.localdate()
    outstanding = (
        waiting.outstanding
        if waiting
        else services.exit_outstanding(lease=lease, moving_date=day, owner_consent=OwnerConsent.NOT_ASKED)
    )
    context = {"lease": lease, "form": form, "waiting": waiting, "outstanding": outstanding, "as_of": day}
    return render(request, "occupancy/lease_exit.html", context, status=status)


@login_required
def exit_form_pdf(request, pk):
    project = staff_project(request, VIEW)
    exit_ = get_object_or_404(
        TenantExit.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("unit__project", "lease__tenant", "created_by"),
        pk=pk,
    )
    return pdf.pdf_response(
        pdf.tenant_exit_pdf(exit_, viewer=request.user), f"tenant-exit-{exit_.unit.code}.pdf"
    )
