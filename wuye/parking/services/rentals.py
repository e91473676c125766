"""Monthly rentals: checks, the resident rule, no overlap, rent charges and cash rent at the cashier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing import calc
from wuye.billing.choices import ChargeSource
from wuye.billing.services import (
    apply_credit,
    charge_create,
    walk_in_payment_create,
)
from wuye.billing.services.charges import PARKING_RENT_CODE, system_fee_item
from wuye.core import access
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.core.validators import check_name, check_plausible_date, normalize_mobile
from wuye.estate.models import Lease, Ownership
from wuye.parking.models import ParkingSpace, Rental, Session, Vehicle
from wuye.parking.plates import normalize_plate
from wuye.parking.selectors import RENTAL_PAYMENT_KEY_PREFIX
from wuye.parking.services.spaces import standard_rent

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from wuye.accounts.models import User
    from wuye.estate.models import Project, Unit


def _resident_of(project, unit, vehicle) -> bool:
    """An owner or tenant of the project: the vehicle's person holds an active ownership or lease."""
    if (
        vehicle.owner_id
        and Ownership.objects.active().filter(owner_id=vehicle.owner_id, unit__project=project).exists()
    ):
        return True
    if (
        vehicle.tenant_id
        and Lease.objects.active().filter(tenant_id=vehicle.tenant_id, unit__project=project).exists()
    ):
        return True
    return False


def _months(start: dt.date, end: dt.date):
    for slice_start, slice_end, _days in calc.month_slices(start, end):
        yield slice_start, slice_end


@transaction.atomic
def rental_create(
    *,
    space: ParkingSpace,
    vehicle: Vehicle,
    start_date: dt.date,
    end_date: dt.date,
    renter_name: str,
    renter_mobile: str,
    licence_plate: str,
    identity_checked: bool,
    acting_user: User,
    unit: Unit | None = None,
    monthly_rent: Decimal | None = None,
) -> Rental:
    """月租 (seed 000 §17): for owners and tenants of the project (non-residents only at the
    standard rate, flagged); identity and vehicle licence checked (the licence's plate must match);
    a space is never rented twice for overlapping dates; the rent is charged to the unit's account
    month by month, prorated by day."""
    project = space.project
    access.require_perm(acting_user, "parking.manage", project.pk)
    errors = {}
    if vehicle.project_id != project.pk:
        errors["vehicle"] = [_("The vehicle is registered in another project.")]
    if unit is not None and unit.project_id != project.pk:
        errors["unit"] = [_("The unit belongs to another project.")]
    if end_date < start_date:
        errors["end_date"] = [_("The end cannot be before the start.")]
    if not identity_checked:
        errors["identity_checked"] = [_("Check the renter's identity first.")]
    try:
        if normalize_plate(licence_plate) != vehicle.plate:
            errors["licence_plate"] = [_("The plate on the vehicle licence does not match the vehicle.")]
    except ValidationError as exc:
        errors["licence_plate"] = exc.messages
    try:
        renter_mobile = normalize_mobile(renter_mobile)
    except ValidationError as exc:
        errors["renter_mobile"] = exc.messages
    if not (renter_name or "").strip():
        errors["renter_name"] = [_("Name the renter.")]
    else:
        try:
            renter_name = check_name(renter_name, field="renter_name")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    for value, field in ((start_date, "start_date"), (end_date, "end_date")):
        try:
            check_plausible_date(value, field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    resident = _resident_of(project, unit, vehicle)
    standard = standard_rent(project)
    rent = Decimal(str(monthly_rent)) if monthly_rent not in (None, "") else standard
    if rent < 0:
        raise ValidationError({"monthly_rent": [_("The rent cannot be negative.")]})
    if not resident and rent != standard:
        raise ValidationError(
            {
                "monthly_rent": [
                    _("Non-residents rent only at the standard rate of %(rate)s.") % {"rate": standard}
                ]
            }
        )
    if resident and unit is None:
        raise ValidationError({"unit": [_("Choose the renter's unit; the rent is charged to its account.")]})
    space = lock_row(ParkingSpace, space.pk)
    if not space.is_active:
        raise BusinessRuleError("space_inactive", _("This space is not in use."))
    if space.owner_id and space.owner_id != vehicle.owner_id and not space.let_contract_on_file:
        raise BusinessRuleError(
            "space_owned", _("This space belongs to an owner; record the owner's letting contract first.")
        )
    overlapping = Rental.objects.filter(space=space, start_date__lte=end_date).filter(
        Q(ended_on__isnull=True, end_date__gte=start_date)
        | Q(ended_on__isnull=False, ended_on__gte=start_date)
    )
    if overlapping.exists():
        raise BusinessRuleError(
            "space_taken",
            _("The space is already rented for part of that period."),
            {"start_date": [_("Overlaps another rental of this space.")]},
        )
    try:
        with transaction.atomic():
            rental = Rental.objects.create(
                project=project,
                space=space,
                vehicle=vehicle,
                unit=unit,
                renter_name=renter_name.strip(),
                renter_mobile=renter_mobile,
                is_resident=resident,
                start_date=start_date,
                end_date=end_date,
                monthly_rent=rent,
                identity_checked=True,
                licence_checked=True,
                checked_by=acting_user,
            )
    except IntegrityError as exc:  # PostgreSQL's exclusion constraint: a concurrent rental won
        raise BusinessRuleError(
            "space_taken", _("The space is already rented for part of that period.")
        ) from exc
    table = calc.RateTable([(dt.date(1900, 1, 1), rent)])
    months = [
        (a, b, calc.charge_amount(calc.monthly_factor(table, a, b))) for a, b in _months(start_date, end_date)
    ]
    rental.rent_total = sum((amount for _a, _b, amount in months), Decimal("0.00"))
    rental.save(update_fields=["rent_total"])
    if unit is not None:
        item = system_fee_item(project, PARKING_RENT_CODE)
        for month_start, month_end, amount in months:
            if amount > 0:
                charge_create(
                    unit=unit,
                    fee_item=item,
                    amount=amount,
                    quantity=1,
                    rate=rent,
                    source=ChargeSource.PARKING,
                    description=f"{item.name} {space.number} {month_start:%Y-%m}",
                    acting_user=acting_user,
                    period_start=month_start,
                    period_end=month_end,
                    due_date=month_start,
                    apply_prepaid=False,
                )
        apply_credit(project=project, unit_ids=[unit.pk])  # prepaid credit pays the months, oldest first
    return rental


def rental_payment_key(rental: Rental) -> str:
    """The idempotency key of a non-resident rental's cash rent (one billing payment per rental)."""
    return f"{RENTAL_PAYMENT_KEY_PREFIX}{rental.pk}"


def session_payment_key(session: Session) -> str:
    """The idempotency key of a stay's gate cash (one billing payment per stay)."""
    return f"parking-session:{session.pk}"


@transaction.atomic
def rental_collect_cash(*, rental: Rental, acting_user: User) -> Rental:
    """A non-resident (no unit account) pays the whole period's rent in cash at the cashier: a
    walk-in billing payment of the parking rent with its receipt (issue 9), counted in the cashier's
    daily close. Once per rental (its idempotency key)."""
    access.require_perm(acting_user, "billing.take_payment", rental.project_id)
    rental = lock_row(Rental, rental.pk)
    if rental.unit_id is not None:
        raise BusinessRuleError("rent_on_account", _("This rental's rent is charged to the unit's account."))
    if rental.cash_paid_at is not None:
        raise BusinessRuleError("rent_paid", _("The rent of this rental has already been paid."))
    paid_at = timezone.now()
    if rental.rent_total > 0:
        item = system_fee_item(rental.project, PARKING_RENT_CODE)
        paid = walk_in_payment_create(
            fee_item=item,
            amount=rental.rent_total,
            source=ChargeSource.PARKING,
            acting_user=acting_user,
            description=f"{item.name} {rental.space.number} {rental.vehicle.plate}",
            period_start=rental.start_date,
            period_end=rental.end_date,
            idempotency_key=rental_payment_key(rental),
            payer=rental.renter_name,
        )
        paid_at = paid.payment.received_at
    rental.cash_paid_at, rental.cash_collected_by = paid_at, acting_user
    rental.save(update_fields=["cash_paid_at", "cash_collected_by"])
    return rental


def rentals_on(project: Project, day: dt.date) -> QuerySet[Rental]:
    """Rentals current on `day` (the Monday list for the garage toll collector)."""
    return (
        Rental.objects.filter(project=project, start_date__lte=day, end_date__gte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("space", "vehicle")
        .prefetch_related("cards")
        .order_by("space__number")
    )
