"""过户: the list of transfers (Excel), the transfer form showing what is still missing, and the
printable transfer form (过户登记表)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.tables import ListTable
from wuye.estate.models import Ownership, Unit
from wuye.occupancy import pdf, services
from wuye.occupancy.forms import TransferForm, UnitLookupForm
from wuye.occupancy.models import OwnershipTransfer
from wuye.occupancy.views.common import MANAGE, TRANSFER_COLUMNS, VIEW, attempt, staff_project, unit_by_code


@login_required
def transfer_list(request):
    project = staff_project(request, VIEW)
    code = request.GET.get("unit", "").strip()
    if code:
        unit = unit_by_code(request.user, project, code)
        if unit is not None:
            return redirect("console:occupancy-unit-transfer", pk=unit.pk)
        messages.error(request, _("No unit with this code in the project."))
    rows = (
        OwnershipTransfer.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("unit", "new_owner")
    )
    table = ListTable(
        request, rows.order_by("-transfer_date", "-id"), TRANSFER_COLUMNS, title=_("Ownership transfers")
    )
    if table.export_requested:
        return table.export_response()
    context = {"page": table.page, "table": table, "lookup": UnitLookupForm(initial={"unit": code})}
    return render(request, "occupancy/transfer_list.html", context)


@login_required
def unit_transfer(request, pk):
    project = staff_project(request, MANAGE)
    unit = get_object_or_404(Unit.objects.visible_to(request.user).filter(project=project), pk=pk)
    status = 200
    if request.method == "POST":
        form = TransferForm(request.POST)
        if form.is_valid():
            transfer = attempt(
                form,
                lambda: services.ownership_transfer(
                    unit=unit, acting_user=request.user, **form.service_fields()
                ),
                new_owner="name",
                fire_safety_letter="fire_safety_letter_signed",
            )
            if transfer is not None:
                messages.success(
                    request, _("The unit was transferred to %(name)s.") % {"name": transfer.new_owner.name}
                )
                return redirect("console:occupancy-transfers")
        status = 400
        day = form.cleaned_data.get("transfer_date")
    else:
        form = TransferForm(initial={"transfer_date": timezone.localdate()})
        day = None
    day = day or timezone.localdate()
    missing, prepaid = services.transfer_missing(
        unit=unit,
        transfer_date=day,
        title_certificate_no="-",
        has_new_owner=True,
        fire_safety_letter_signed=True,
    )
    context = {
        "unit": unit,
        "form": form,
        "owners": Ownership.objects.active().filter(unit=unit).select_related("owner"),
        "missing": missing,
        "prepaid": prepaid,
        "as_of": day,
    }
    return render(request, "occupancy/transfer_form.html", context, status=status)


@login_required
def transfer_form_pdf(request, pk):
    project = staff_project(request, VIEW)
    transfer = get_object_or_404(
        OwnershipTransfer.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("unit__project", "new_owner", "created_by"),
        pk=pk,
    )
    return pdf.pdf_response(
        pdf.transfer_form_pdf(transfer, viewer=request.user), f"ownership-transfer-{transfer.unit.code}.pdf"
    )
