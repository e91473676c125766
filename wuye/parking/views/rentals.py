"""Monthly rentals (月租): the list, and the desk's rent page — look up the renter's unit, register the
car if it is new, then rent a space with the identity and vehicle-licence checks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wuye.core import access
from wuye.core.errors import BusinessRuleError
from wuye.core.tables import ListTable
from wuye.core.views import list_page
from wuye.estate.models import Lease, Ownership
from wuye.parking import services
from wuye.parking.forms import RentForm, UnitLookupForm, VehicleForm, WeeklyForm, in_project
from wuye.parking.models import ParkingSpace, Rental, Vehicle
from wuye.parking.plates import normalize_plate
from wuye.parking.selectors import cash_receipt_number, current_q, rentals_with_receipt
from wuye.parking.views.columns import RENTAL_COLUMNS
from wuye.parking.views.common import attempt, mobile_shown, staff_project, unit_by_code


@login_required
def rental_list(request):
    """Rentals running on a day (default today), or all of them with ?all=1."""
    project = staff_project(request, "parking.view")
    form = WeeklyForm(request.GET or None, initial={"date": timezone.localdate()})
    show_all = request.GET.get("all") == "1"
    day = (form.cleaned_data.get("date") if form.is_valid() else None) or timezone.localdate()
    rentals = rentals_with_receipt(
        Rental.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("space", "vehicle", "unit")
        .prefetch_related("cards")
        .order_by("-start_date", "-id")
    )
    if not show_all:
        rentals = rentals.filter(current_q(day))
    shown = mobile_shown(request.user, project)

    def prepare(rows):
        # one masking rule for the page and the export
        for rental in rows:
            rental.mobile_shown = shown(rental.renter_mobile)
            rental.cards_in_use = [
                c.number for c in rental.cards.all() if c.returned_at is None and c.lost_at is None
            ]
            rental.receipt_number = cash_receipt_number(rental)
        return rows

    filters = [(_("Show"), _("All rentals"))] if show_all else [(_("Current on"), day.isoformat())]
    table = ListTable(
        request, rentals, RENTAL_COLUMNS, title=_("Monthly rentals"), filters=filters, prepare=prepare
    )
    context = {
        "form": form,
        "day": day,
        "show_all": show_all,
        "can_rent": access.has_perm(request.user, "parking.manage", project.pk),
        "can_issue": access.has_perm(request.user, "billing.take_payment", project.pk),
    }
    status = 400 if form.is_bound and form.errors else 200
    return list_page(request, "parking/rentals.html", table, context, status=status)


def _people(unit):
    """The unit's current owners and tenants, as (choice key, label, person)."""
    if unit is None:
        return []
    owners = Ownership.objects.active().filter(unit=unit).select_related("owner").order_by("id")
    leases = Lease.objects.active().filter(unit=unit).select_related("tenant").order_by("id")
    return [(f"owner-{o.owner.pk}", f"{o.owner.name} · {_('owner')}", o.owner) for o in owners] + [
        (f"tenant-{lease.tenant.pk}", f"{lease.tenant.name} · {_('tenant')}", lease.tenant)
        for lease in leases
    ]


def _rent_page(request, project, unit, *, rent_form=None, vehicle_form=None, status=200):
    user = request.user
    spaces = list(
        ParkingSpace.objects.visible_to(user).filter(project=project, is_active=True).order_by("number")
    )
    people = _people(unit)
    owners = [p for key, _label, p in people if key.startswith("owner-")]
    tenants = [p for key, _label, p in people if key.startswith("tenant-")]
    vehicles = list(
        Vehicle.objects.visible_to(user)
        .filter(project=project)
        .filter(Q(owner__in=owners) | Q(tenant__in=tenants))
        .order_by("plate")
    )
    if rent_form is None:
        first = people[0][2] if people else None
        shown = mobile_shown(user, project)
        initial = {
            "unit": unit.code if unit else "",
            "start_date": timezone.localdate(),
            "renter_name": first.name if first else "",
            "renter_mobile": first.mobile if first and shown(first.mobile) == first.mobile else "",
            "vehicle_plate": request.GET.get("plate") or (vehicles[0].plate if len(vehicles) == 1 else ""),
            "space": request.GET.get("space", ""),
        }
        rent_form = RentForm(spaces=spaces, initial=initial)
    if vehicle_form is None:
        vehicle_form = VehicleForm(
            people=[(key, label) for key, label, _p in people],
            initial={"person": people[0][0] if people else ""},
        )
    context = {
        "lookup": in_project(
            UnitLookupForm(initial={"unit": unit.code} if unit else None, auto_id="lookup_%s"), project
        ),
        "unit": unit,
        "people": people,
        "vehicles": vehicles,
        "rent_form": in_project(rent_form, project),
        "vehicle_form": vehicle_form,
        "standard_rent": services.standard_rent(project),
    }
    return render(request, "parking/rent.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rent(request):
    """租车位: parse the form → fetch the space, vehicle and unit in scope → `rental_create`."""
    project = staff_project(request, "parking.manage")
    if request.method == "GET":
        code = request.GET.get("unit", "").strip()
        unit = unit_by_code(request.user, project, code)
        if code and unit is None:
            messages.error(request, _("No unit with this code in the project."))
        return _rent_page(request, project, unit)
    spaces = (
        ParkingSpace.objects.visible_to(request.user)
        .filter(project=project, is_active=True)
        .order_by("number")
    )
    form = RentForm(request.POST, spaces=spaces)
    unit = unit_by_code(request.user, project, request.POST.get("unit", ""))
    if form.is_valid():
        data = form.cleaned_data
        space = spaces.get(pk=data["space"])
        if data["unit"].strip() and unit is None:
            form.add_error("unit", _("No unit with this code in the project."))
        vehicle = None
        try:
            plate = normalize_plate(data["vehicle_plate"])
        except ValidationError as exc:
            form.add_error("vehicle_plate", exc.messages)
        else:
            vehicle = Vehicle.objects.visible_to(request.user).filter(project=project, plate=plate).first()
            if vehicle is None:
                form.add_error("vehicle_plate", _("This vehicle is not registered yet; register it first."))
        if not form.errors:
            rental = attempt(
                form,
                lambda: services.rental_create(
                    space=space, vehicle=vehicle, unit=unit, acting_user=request.user, **form.rental_fields()
                ),
                vehicle="vehicle_plate",
            )
            if rental is not None:
                messages.success(
                    request,
                    _("Space %(space)s is rented to %(plate)s from %(start)s to %(end)s.")
                    % {
                        "space": space.number,
                        "plate": vehicle.plate,
                        "start": rental.start_date,
                        "end": rental.end_date,
                    },
                )
                return redirect(
                    f"{reverse('console:parking-rentals')}?{urlencode({'date': rental.start_date})}"
                )
    return _rent_page(request, project, unit, rent_form=form, status=400)


@login_required
@require_POST
def vehicle_new(request):
    """Register the renter's car (the plate is checked) for an owner or tenant of the unit looked up."""
    project = staff_project(request, "parking.manage")
    unit = unit_by_code(request.user, project, request.POST.get("unit_code", ""))
    people = _people(unit)
    form = VehicleForm(request.POST, people=[(key, label) for key, label, _p in people])
    if form.is_valid():
        data = form.cleaned_data
        person = next((p for key, _label, p in people if key == data["person"]), None)
        is_owner = data["person"].startswith("owner-")
        vehicle = attempt(
            form,
            lambda: services.vehicle_register(
                project=project,
                acting_user=request.user,
                plate=data["plate"],
                model=data["model"],
                licence_owner=data["licence_owner"],
                owner=person if is_owner else None,
                tenant=person if person is not None and not is_owner else None,
            ),
        )
        if vehicle is not None:
            messages.success(request, _("Vehicle %(plate)s was registered.") % {"plate": vehicle.plate})
            query = {"plate": vehicle.plate, **({"unit": unit.code} if unit else {})}
            return redirect(f"{reverse('console:parking-rent')}?{urlencode(query)}")
    return _rent_page(request, project, unit, vehicle_form=form, status=400)


@login_required
@require_POST
def rental_collect_cash(request, pk):
    """The cashier takes a non-resident's rent for the period in cash."""
    rental = get_object_or_404(Rental.objects.visible_to(request.user), pk=pk)
    try:
        services.rental_collect_cash(rental=rental, acting_user=request.user)
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The rent was recorded as paid in cash."))
        paid = rentals_with_receipt(Rental.objects.filter(pk=rental.pk)).first()
        if paid.cash_receipt:  # its receipt, to print for the renter (as the cashier desk does)
            return redirect("console:billing-receipt", pk=paid.cash_receipt)
    return redirect(f"{reverse('console:parking-rentals')}?all=1")
