"""Charges that arise one at a time: meter readings, paid services from tickets, one-off items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.choices import ChargeBasis, ChargeSource, FeeKind
from wuye.billing.models import Charge, FeeItem, Meter, MeterReading, Tariff
from wuye.core import access
from wuye.core.errors import BusinessRuleError
from wuye.core.money import to_money
from wuye.core.validators import check_period

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from wuye.accounts.models import User
    from wuye.billing.models import ChargeRun
    from wuye.estate.models import Project, Unit
    from wuye.servicedesk.models import Ticket

PAID_SERVICE_CODE = "paid-service"
SHORTFALL_CODE = "deposit-shortfall"
#: walk-in fees the parking procedures post (the cashier's daily close lists them on their own lines)
TEMP_PARKING_CODE = "temp-parking"
PARKING_RENT_CODE = "parking-rent"
#: the original price of a lent item lost or returned damaged (the front desk, seed 000 §14)
LOST_OR_DAMAGED_CODE = "lost-or-damaged-item"


#: fee items the system itself charges to: code -> (name, kind)
SYSTEM_FEE_ITEMS = {
    PAID_SERVICE_CODE: ("特约服务费", FeeKind.INCOME),
    SHORTFALL_CODE: ("押金不足抵扣", FeeKind.PENALTY),
    PARKING_RENT_CODE: ("车位租赁费", FeeKind.INCOME),
    TEMP_PARKING_CODE: ("临时停车费", FeeKind.INCOME),
    LOST_OR_DAMAGED_CODE: ("借用物品损坏遗失赔偿", FeeKind.INCOME),
}


def system_fee_item(project: Project, code: str) -> FeeItem:
    """Fee items the system itself charges to (paid services, deposit shortfalls)."""
    name, kind = SYSTEM_FEE_ITEMS[code]
    item, _created = FeeItem.objects.get_or_create(
        project=project,
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "basis": ChargeBasis.PER_ITEM,
            "billed_in_runs": False,
            "sort_order": 900,
        },
    )
    return item


def rate_on(fee_item: FeeItem, day: dt.date, unit_use: str = "") -> Decimal | None:
    tariffs = Tariff.objects.filter(fee_item=fee_item, effective_from__lte=day)
    tariff = (
        tariffs.filter(unit_use=unit_use).order_by("-effective_from").first()
        or tariffs.filter(unit_use="").order_by("-effective_from").first()
    )
    return tariff.rate if tariff else None


def tariff_create(
    *, fee_item: FeeItem, rate: Decimal | str, effective_from: dt.date, acting_user: User, unit_use: str = ""
) -> Tariff:
    """A new tariff version from a date on; earlier versions stay (history of the fee notice)."""
    access.require_perm(acting_user, "billing.manage", fee_item.project_id)
    rate = Decimal(str(rate))
    if rate < 0:
        raise ValidationError({"rate": [_("A rate cannot be negative.")]})
    if Tariff.objects.filter(fee_item=fee_item, unit_use=unit_use, effective_from=effective_from).exists():
        raise ValidationError(
            {"effective_from": [_("A tariff already starts on that date; add a new date instead.")]}
        )
    return Tariff.objects.create(
        fee_item=fee_item, unit_use=unit_use, effective_from=effective_from, rate=rate, created_by=acting_user
    )


def fee_item_save(
    *,
    project: Project,
    acting_user: User,
    code: str,
    name: str,
    kind: str,
    basis: str,
    meter_type: str = "",
    billed_in_runs: bool = True,
    is_active: bool = True,
    sort_order: int = 0,
    item: FeeItem | None = None,
) -> FeeItem:
    """Create a fee item, or with `item`, update it (every field is given: the caller passes the
    item's current value for what does not change)."""
    access.require_perm(acting_user, "billing.manage", project.pk)
    item = item or FeeItem(project=project)
    item.code, item.name, item.kind, item.basis, item.meter_type = code, name, kind, basis, meter_type
    item.billed_in_runs, item.is_active, item.sort_order = billed_in_runs, is_active, sort_order
    if item.basis == ChargeBasis.METER and not item.meter_type:
        raise ValidationError({"meter_type": [_("A meter-based fee names its meter.")]})
    if item.basis in (ChargeBasis.METER, ChargeBasis.PER_ITEM):
        item.billed_in_runs = False
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def charge_create(
    *,
    unit: Unit,
    fee_item: FeeItem,
    amount: Decimal | str,
    description: str,
    acting_user: User,
    quantity: Decimal | int | str = 1,
    rate: Decimal | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    due_date: dt.date | None = None,
    source: str = ChargeSource.MANUAL,
    ticket: Ticket | None = None,
    charge_run: ChargeRun | None = None,
    meter_reading: MeterReading | None = None,
    apply_prepaid: bool = True,
) -> Charge:
    """A one-off charge (per-item fees, adjustments agreed with the customer). `ticket`,
    `charge_run` and `meter_reading` link the charge to what it bills. The unit's prepayment
    credit pays it at once; a procedure charging several months in a row passes
    `apply_prepaid=False` and calls `apply_credit` once after the last."""
    charge = new_charge(
        unit=unit,
        fee_item=fee_item,
        amount=amount,
        description=description,
        acting_user=acting_user,
        quantity=quantity,
        rate=rate,
        period_start=period_start,
        period_end=period_end,
        due_date=due_date,
        source=source,
        ticket=ticket,
        charge_run=charge_run,
        meter_reading=meter_reading,
    )
    charge.save()
    # money the unit has prepaid pays a new charge at once (not only after the next charge run)
    if apply_prepaid:
        from wuye.billing.services.credit import apply_credit

        apply_credit(project=unit.project, unit_ids=[unit.pk])
        charge.refresh_from_db(fields=["allocated"])
    return charge


def new_charge(
    *,
    unit: Unit,
    fee_item: FeeItem,
    amount: Decimal | str,
    description: str,
    acting_user: User,
    quantity: Decimal | int | str = 1,
    rate: Decimal | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    due_date: dt.date | None = None,
    source: str = ChargeSource.MANUAL,
    ticket: Ticket | None = None,
    charge_run: ChargeRun | None = None,
    meter_reading: MeterReading | None = None,
) -> Charge:
    """The charge `charge_create` writes, checked, not saved yet (for writing many in bulk)."""
    if source == ChargeSource.MANUAL:
        access.require_perm(acting_user, "billing.manage", unit.project_id)
    if fee_item.project_id != unit.project_id:
        raise ValidationError({"fee_item": [_("The fee item belongs to another project.")]})
    amount = to_money(str(amount)) if not isinstance(amount, Decimal) else to_money(amount)
    if amount <= 0:
        raise ValidationError({"amount": [_("The amount must be positive.")]})
    check_period(period_start, period_end)
    today = timezone.localdate()
    return Charge(
        project_id=unit.project_id,
        unit=unit,
        fee_item=fee_item,
        amount=amount,
        description=description[:200],
        quantity=Decimal(str(quantity)),
        rate=rate if rate is not None else amount,
        period_start=period_start or today,
        period_end=period_end or period_start or today,
        due_date=due_date or today,
        source=source,
        created_by=acting_user,
        ticket=ticket,
        charge_run=charge_run,
        meter_reading=meter_reading,
    )


# --- meters ------------------------------------------------------------------------------------


def meter_install(
    *,
    unit: Unit,
    meter_type: str,
    installed_on: dt.date,
    acting_user: User,
    serial: str = "",
    initial_reading: Decimal | str = Decimal(0),
) -> Meter:
    access.require_perm(acting_user, "billing.read_meters", unit.project_id)
    if Meter.objects.filter(unit=unit, meter_type=meter_type, replaced_on__isnull=True).exists():
        raise BusinessRuleError(
            "meter_exists", _("The unit already has an active meter of this type; record a replacement.")
        )
    return Meter.objects.create(
        unit=unit,
        meter_type=meter_type,
        installed_on=installed_on,
        serial=serial,
        initial_reading=Decimal(str(initial_reading)),
    )


def _last_reading(meter: Meter) -> tuple[dt.date, Decimal]:
    last = meter.readings.order_by("-read_on").first()
    return (last.read_on, last.reading) if last else (meter.installed_on, meter.initial_reading)


@transaction.atomic
def meter_reading_record(
    *, meter: Meter, read_on: dt.date, reading: Decimal | str, acting_user: User
) -> MeterReading:
    """Readings never go backwards (a replaced meter is recorded as such); consumption × the tariff
    in force on the reading day becomes a charge (collected on behalf of the supplier)."""
    access.require_perm(acting_user, "billing.read_meters", meter.unit.project_id)
    meter = Meter.objects.select_for_update().select_related("unit").get(pk=meter.pk)
    reading = Decimal(str(reading))
    last_day, last_value = _last_reading(meter)
    check_reading(
        meter,
        read_on=read_on,
        reading=reading,
        last_day=last_day,
        last_value=last_value,
        has_readings=read_on <= last_day and meter.readings.exists(),
    )
    return _reading_and_charge(meter, read_on, reading, last_day, last_value, acting_user)


def check_reading(
    meter: Meter,
    *,
    read_on: dt.date,
    reading: Decimal,
    last_day: dt.date,
    last_value: Decimal,
    has_readings: bool,
) -> None:
    """A reading of a meter still in use, not in the future, after its last reading (`has_readings`:
    the meter has been read before) and its installation, never lower than the last value."""
    if meter.replaced_on is not None:
        raise BusinessRuleError("meter_replaced", _("This meter has been replaced; read the new one."))
    if read_on > timezone.localdate():
        raise ValidationError({"read_on": [_("A reading cannot be in the future.")]})
    if read_on <= last_day and has_readings:
        raise ValidationError({"read_on": [_("There is already a reading on or after this day.")]})
    if read_on < meter.installed_on:  # else the charge's period would end before it starts
        raise ValidationError({"read_on": [_("A reading cannot be earlier than the meter's installation.")]})
    if reading < last_value:
        raise ValidationError(
            {
                "reading": [
                    _(
                        "The reading %(new)s is lower than the previous %(old)s. If the meter was replaced, record the replacement."
                    )
                    % {"new": reading, "old": last_value}
                ]
            }
        )


def _reading_and_charge(meter, read_on, reading, last_day, last_value, acting_user) -> MeterReading:
    consumption = reading - last_value
    record = MeterReading.objects.create(
        meter=meter,
        read_on=read_on,
        reading=reading,
        previous_reading=last_value,
        consumption=consumption,
        recorded_by=acting_user,
    )
    item = meter_fee_item(meter.unit.project_id, meter.meter_type)
    if item is None or consumption == 0:
        return record
    rate = meter_rate(item, read_on, meter.unit.use)
    charge_create(**meter_charge(record, item, rate, last_day), acting_user=acting_user)
    return record


def meter_fee_item(project_id: int, meter_type: str) -> FeeItem | None:
    """The project's active fee item billing the consumption of this type of meter."""
    return FeeItem.objects.filter(
        project_id=project_id, basis=ChargeBasis.METER, meter_type=meter_type, is_active=True
    ).first()


def meter_rate(item: FeeItem, read_on: dt.date, unit_use: str) -> Decimal:
    rate = rate_on(item, read_on, unit_use)
    if rate is None:
        raise BusinessRuleError(
            "no_tariff",
            _("No tariff for %(item)s is in force on %(day)s.") % {"item": item.name, "day": read_on},
        )
    return rate


def meter_charge(record: MeterReading, item: FeeItem, rate: Decimal, last_day: dt.date) -> dict:
    """The charge of a reading's consumption × the tariff (arguments of `charge_create`), due in 15 days."""
    return {
        "unit": record.meter.unit,
        "fee_item": item,
        "amount": to_money(record.consumption * rate),
        "quantity": record.consumption,
        "rate": rate,
        "description": f"{item.name} {record.previous_reading}→{record.reading}",
        "period_start": last_day,
        "period_end": record.read_on,
        "due_date": record.read_on + dt.timedelta(days=15),
        "source": ChargeSource.METER,
        "meter_reading": record,
    }


@transaction.atomic
def meter_replace(
    *,
    meter: Meter,
    replaced_on: dt.date,
    final_reading: Decimal | str,
    acting_user: User,
    new_serial: str = "",
    new_initial_reading: Decimal | str = Decimal(0),
) -> Meter:
    """Close the old meter with its final reading (charged) and install the new one."""
    access.require_perm(acting_user, "billing.read_meters", meter.unit.project_id)
    meter = Meter.objects.select_for_update().select_related("unit").get(pk=meter.pk)
    if meter.replaced_on is not None:  # a second replace would install a second current meter
        raise BusinessRuleError(
            "meter_already_replaced",
            _("This meter was already replaced on %(day)s; replace the current meter instead.")
            % {"day": meter.replaced_on.isoformat()},
        )
    last_day, last_value = _last_reading(meter)
    final_reading = Decimal(str(final_reading))
    if final_reading < last_value:
        raise ValidationError({"final_reading": [_("The final reading cannot be lower than the last one.")]})
    if replaced_on < last_day:
        raise ValidationError({"replaced_on": [_("The replacement cannot be before the last reading.")]})
    if replaced_on > timezone.localdate():
        raise ValidationError({"replaced_on": [_("A replacement cannot be in the future.")]})
    if final_reading > last_value and meter.readings.filter(read_on=replaced_on).exists():
        # one reading per meter and day: the final reading of that day is the one recorded
        raise ValidationError(
            {
                "final_reading": [
                    _(
                        "The meter was read on %(day)s at %(value)s; on that day the final reading is that value."
                    )
                    % {"day": replaced_on.isoformat(), "value": last_value}
                ]
            }
        )
    if final_reading > last_value:
        _reading_and_charge(meter, replaced_on, final_reading, last_day, last_value, acting_user)
    meter.replaced_on, meter.final_reading = replaced_on, final_reading
    meter.save(update_fields=["replaced_on", "final_reading"])
    return Meter.objects.create(
        unit=meter.unit,
        meter_type=meter.meter_type,
        installed_on=replaced_on,
        serial=new_serial,
        initial_reading=Decimal(str(new_initial_reading)),
    )


# --- paid services from the service desk -----------------------------------------------------


def uncharged_tickets(project: Project) -> QuerySet[Ticket]:
    """Completed paid tickets whose fee is not a charge yet, in the order they are charged."""
    from wuye.servicedesk.models import Ticket

    return (
        Ticket.objects.filter(
            project=project,
            fee__gt=0,
            completed_at__isnull=False,
            unit__isnull=False,
            fee_charged_at__isnull=True,
        )
        .exclude(status="cancelled")
        .order_by("completed_at", "id")
    )


def paid_service_item_name(project: Project) -> str:
    """The name the paid-service charges carry, without creating the fee item (for previews)."""
    existing = (
        FeeItem.objects.filter(project=project, code=PAID_SERVICE_CODE).values_list("name", flat=True).first()
    )
    return existing or SYSTEM_FEE_ITEMS[PAID_SERVICE_CODE][0]


def ticket_due_date(ticket: Ticket) -> dt.date:
    """A paid service is due on the day it was completed (local date), whichever run bills it: the
    fee is for a finished job, and a run's period due date (10-15 for an October run) must not make
    a service done on 11-30 overdue the moment it is billed (issue 8)."""
    return timezone.localtime(ticket.completed_at).date()


def charge_tickets(*, project: Project, acting_user: User, run: ChargeRun | None = None) -> int:
    """Completed paid repairs and services (fee kept on the ticket) become charges, once each,
    due on their completion date."""
    item = system_fee_item(project, PAID_SERVICE_CODE)
    count = 0
    for ticket in uncharged_tickets(project).select_for_update().select_related("unit"):
        if ticket.unit is None:  # uncharged_tickets has only tickets of a unit
            continue
        completed = ticket_due_date(ticket)
        charge_create(
            unit=ticket.unit,
            fee_item=item,
            amount=ticket.fee,
            description=f"{item.name} {ticket.number}",
            acting_user=acting_user,
            period_start=completed,
            period_end=completed,
            due_date=completed,
            source=ChargeSource.TICKET,
            ticket=ticket,
            charge_run=run,
        )
        ticket.fee_charged_at = timezone.now()
        ticket.save(update_fields=["fee_charged_at"])
        count += 1
    return count
