"""Parking services: vehicles, monthly rentals with their checks and rent charges, IC cards with
their deposits in the billing ledger, temporary stays and their fee."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing import calc
from wuye.billing.choices import ChargeSource
from wuye.billing.services import (
    charge_create,
    deposit_refund_request,
    payment_create,
    walk_in_payment_create,
)
from wuye.billing.services.charges import PARKING_RENT_CODE, TEMP_PARKING_CODE, system_fee_item
from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.core.validators import normalize_mobile
from wuye.estate.models import Lease, Ownership
from wuye.parking import tariff as tariffs
from wuye.parking.models import Card, ParkingSpace, Rental, Session, Vehicle
from wuye.parking.plates import normalize_plate
from wuye.parking.selectors import RENTAL_PAYMENT_KEY_PREFIX

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from wuye.accounts.models import User
    from wuye.billing.models import DepositRefund
    from wuye.estate.models import Owner, Project, Tenant, Unit


def parking_setting(project: Project, name: str, default: object) -> Any:
    return (project.settings or {}).get("parking", {}).get(name, default)


def standard_rent(project: Project) -> Decimal:
    return Decimal(str(parking_setting(project, "monthly_rent", "100.00")))


def card_deposit_amount(project: Project) -> Decimal:
    return Decimal(str(parking_setting(project, "card_deposit", "50.00")))


def space_save(
    *,
    project: Project,
    acting_user: User,
    number: str,
    area: str,
    owner: Owner | None = None,
    let_contract_on_file: bool = False,
    is_active: bool = True,
    space: ParkingSpace | None = None,
) -> ParkingSpace:
    """Create a parking space, or with `space`, update it (every field is given: the caller passes
    the space's current value for what does not change)."""
    access.require_perm(acting_user, "parking.manage", project.pk)
    space = space or ParkingSpace(project=project)
    space.number, space.area, space.owner = number, area, owner
    space.let_contract_on_file, space.is_active = let_contract_on_file, is_active
    if owner is not None and owner.project_id != project.pk:
        raise ValidationError({"owner": [_("The owner belongs to another project.")]})
    space.full_clean()
    stamp(space, acting_user)
    space.save()
    return space


def vehicle_register(
    *,
    project: Project,
    plate: str,
    licence_owner: str,
    acting_user: User,
    model: str = "",
    owner: Owner | None = None,
    tenant: Tenant | None = None,
) -> Vehicle:
    access.require_perm(acting_user, "parking.manage", project.pk)
    errors = {}
    try:
        plate = normalize_plate(plate)
    except ValidationError as exc:
        errors["plate"] = exc.messages
    if not (licence_owner or "").strip():
        errors["licence_owner"] = [_("Record the owner named on the vehicle licence.")]
    for name, person in (("owner", owner), ("tenant", tenant)):
        if person is not None and person.project_id != project.pk:
            errors[name] = [_("This person belongs to another project.")]
    if not errors and Vehicle.objects.filter(project=project, plate=plate).exists():
        errors["plate"] = [_("This vehicle is already registered.")]
    if errors:
        raise ValidationError(errors)
    vehicle = Vehicle(
        project=project,
        plate=plate,
        licence_owner=licence_owner.strip(),
        model=model,
        owner=owner,
        tenant=tenant,
    )
    stamp(vehicle, acting_user)
    vehicle.save()
    return vehicle


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
                )
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


@transaction.atomic
def card_issue(
    *,
    rental: Rental,
    number: str,
    acting_user: User,
    method: str = "cash",
    reference: str = "",
    idempotency_key: str = "",
) -> Card:
    """IC cards only for monthly rentals; the deposit (default ¥50) is taken into the deposit ledger.
    `reference` is the payer's transaction reference, required for every method but cash; the card
    number is the deposit's own reference."""
    access.require_perm(acting_user, "billing.take_payment", rental.project_id)
    rental = lock_row(Rental, rental.pk)
    today = timezone.localdate()
    if rental.end_date < today or (rental.ended_on and rental.ended_on < today):
        raise BusinessRuleError("rental_ended", _("Cards are issued only for current monthly rentals."))
    unit = rental.unit
    if unit is None:
        raise BusinessRuleError("no_account", _("The rental has no unit account to hold the card deposit."))
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": [_("Enter the card number.")]})
    if Card.objects.filter(
        project_id=rental.project_id, number=number, returned_at__isnull=True, lost_at__isnull=True
    ).exists():
        raise ValidationError({"number": [_("This card is already in use.")]})
    # The default key counts the rental's earlier cards: a number returned and issued again to the same
    # rental is a new deposit, not a replay of the first one (whose deposit belongs to the returned card).
    default_key = f"card:{rental.pk}:{number}:{rental.cards.count()}"
    paid = payment_create(
        unit=unit,
        method=method,
        amount=card_deposit_amount(rental.project),
        idempotency_key=idempotency_key or default_key,
        acting_user=acting_user,
        deposit_purpose="ic_card",
        reference=reference,
        deposit_reference=number,
        note=_("IC card deposit"),
    )
    return Card.objects.create(
        project_id=rental.project_id,
        number=number,
        rental=rental,
        deposit=paid.payment.deposit,
        issued_at=timezone.now(),
        issued_by=acting_user,
    )


@transaction.atomic
def card_return(*, card: Card, acting_user: User, lost: bool = False) -> DepositRefund:
    """A returned card's deposit goes to refund (approved by the project manager); a lost card's
    deposit is kept as the deduction."""
    access.require_perm(acting_user, "billing.take_payment", card.project_id)
    card = lock_row(Card, card.pk)
    if card.returned_at or card.lost_at:
        raise BusinessRuleError("card_closed", _("This card is already returned or reported lost."))
    if lost:
        card.lost_at = timezone.now()
        deductions = [{"reason": _("Card lost"), "amount": str(card.deposit.amount)}]
    else:
        card.returned_at = timezone.now()
        deductions = []
    card.save(update_fields=["returned_at", "lost_at"])
    return deposit_refund_request(deposit=card.deposit, deductions=deductions, acting_user=acting_user)


def session_open(
    *, project: Project, plate: str, acting_user: User, entered_at: dt.datetime | None = None
) -> Session:
    access.require_perm(acting_user, "parking.gate", project.pk)
    try:
        plate = normalize_plate(plate)
    except ValidationError as exc:
        raise ValidationError({"plate": exc.messages}) from exc
    try:
        with transaction.atomic():
            return Session.objects.create(
                project=project, plate=plate, entered_at=event_time(entered_at), opened_by=acting_user
            )
    except IntegrityError as exc:
        raise BusinessRuleError(
            "session_open", _("This vehicle is already inside."), {"plate": [_("Already inside.")]}
        ) from exc


def fee_quote(*, project: Project, entered_at: dt.datetime, exited_at: dt.datetime) -> dict:
    if exited_at < entered_at:
        raise ValidationError({"exited_at": [_("The exit cannot be before the entry.")]})
    return tariffs.quote(tariffs.Tariff.for_project(project), entered_at, exited_at)


@transaction.atomic
def session_close(
    *,
    session: Session,
    acting_user: User,
    settlement: str = Session.Settlement.CASH,
    unit: Unit | None = None,
    exited_at: dt.datetime | None = None,
) -> Session:
    """Close a stay at the quoted fee: cash at the gate (a walk-in billing payment with its receipt;
    the stay's `charge` is the walk-in charge it paid), or a charge on the unit's account."""
    access.require_perm(acting_user, "parking.gate", session.project_id)
    session = lock_row(Session, session.pk)
    if session.exited_at is not None:
        raise BusinessRuleError("session_closed", _("This stay is already closed."))
    exited = event_time(exited_at, not_before=session.entered_at)
    result = fee_quote(project=session.project, entered_at=session.entered_at, exited_at=exited)
    amount = result["amount"]
    if settlement == Session.Settlement.ACCOUNT:
        if unit is None or unit.project_id != session.project_id:
            raise ValidationError({"unit": [_("Choose the unit of this project to charge.")]})
        if amount > 0:
            session.charge = charge_create(
                unit=unit,
                fee_item=system_fee_item(session.project, TEMP_PARKING_CODE),
                amount=amount,
                description=f"临时停车 {session.plate}",
                acting_user=acting_user,
                source=ChargeSource.PARKING,
                period_start=timezone.localtime(session.entered_at).date(),
                period_end=timezone.localtime(exited).date(),
            )
        session.unit = unit
    elif settlement != Session.Settlement.CASH and not (
        settlement == Session.Settlement.FREE and amount == 0
    ):
        # "free" only records a stay that cost nothing; a fee is never waived at the gate
        raise ValidationError({"settlement": [_("Choose cash or the unit's account.")]})
    elif amount > 0:
        # cash at the gate: a walk-in billing payment with its receipt (issue 9), once per stay
        paid = walk_in_payment_create(
            fee_item=system_fee_item(session.project, TEMP_PARKING_CODE),
            amount=amount,
            source=ChargeSource.PARKING,
            description=f"临时停车 {session.plate}",
            acting_user=acting_user,
            received_at=exited,
            period_start=timezone.localtime(session.entered_at).date(),
            period_end=timezone.localtime(exited).date(),
            idempotency_key=session_payment_key(session),
            payer=session.plate,
        )
        session.charge = paid.payment.allocations.get(reverses__isnull=True).charge
    if amount == 0:
        settlement = Session.Settlement.FREE
    session.exited_at, session.amount, session.settlement, session.closed_by = (
        exited,
        amount,
        settlement,
        acting_user,
    )
    session.breakdown = {
        "day_rule": result["day_rule"],
        "minutes": result["minutes"],
        "days": [
            {"from": d["from"].isoformat(), "to": d["to"].isoformat(), "charged": str(d["charged"])}
            for d in result["days"]
        ],
    }
    session.save()
    return session
