"""A round of meter readings (抄表): the readings of many meters of one project on one day, entered
at once from the reader's sheet.

Each reading is checked as `meter_reading_record` checks one (`check_reading`: a meter in use,
not in the future, after its last reading and its installation, never lower than the last value)
and charged the same way (`meter_charge`: consumption × the tariff in force on the day, due in 15
days); one wrong reading refuses the whole round. The meters are locked together, their last
readings read in one query, and the readings and charges written in bulk; the units' prepayment
credit then pays the new charges in one pass (`apply_credit`), oldest open charge first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.billing.models import Charge, FeeItem, Meter, MeterReading
from wuye.billing.services.charges import check_reading, meter_charge, meter_fee_item, meter_rate, new_charge
from wuye.billing.services.credit import apply_credit
from wuye.core import access

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Project


@transaction.atomic
def meter_reading_round(
    *, project: Project, read_on: dt.date, readings: Mapping[int, Decimal | str], acting_user: User
) -> list[MeterReading]:
    """Record `readings` (meter id → the value read) of the project's meters, all read on `read_on`.
    Returns the readings, in the order given."""
    access.require_perm(acting_user, "billing.read_meters", project.pk)
    if not readings:
        return []
    meters = {
        meter.pk: meter
        for meter in Meter.objects.select_for_update()
        .select_related("unit")
        .filter(pk__in=readings, unit__project=project)
        .order_by("pk")
    }
    unknown = sorted(set(readings) - set(meters))
    if unknown:
        raise ValidationError({"readings": [_("Unknown meters: %(ids)s.") % {"ids": unknown}]})
    last: dict[int, tuple[dt.date, Decimal]] = {}
    for meter_id, day, value in (
        MeterReading.objects.filter(meter_id__in=meters)
        .order_by("meter_id", "-read_on", "-id")
        .values_list("meter_id", "read_on", "reading")
    ):
        last.setdefault(meter_id, (day, value))
    items: dict[str, FeeItem | None] = {}
    records: list[MeterReading] = []
    for meter_id, read in readings.items():
        meter = meters[meter_id]
        reading = Decimal(str(read))
        last_day, last_value = last.get(meter_id, (meter.installed_on, meter.initial_reading))
        check_reading(
            meter,
            read_on=read_on,
            reading=reading,
            last_day=last_day,
            last_value=last_value,
            has_readings=meter_id in last,
        )
        records.append(
            MeterReading(
                meter=meter,
                read_on=read_on,
                reading=reading,
                previous_reading=last_value,
                consumption=reading - last_value,
                recorded_by=acting_user,
            )
        )
        if meter.meter_type not in items:
            items[meter.meter_type] = meter_fee_item(project.pk, meter.meter_type)
    MeterReading.objects.bulk_create(records)
    rates: dict[tuple[int, str], Decimal] = {}
    charges: list[Charge] = []
    for record in records:
        item = items[record.meter.meter_type]
        if item is None or record.consumption == 0:
            continue
        last_day = last.get(record.meter_id, (record.meter.installed_on, None))[0]
        use = record.meter.unit.use
        if (item.pk, use) not in rates:
            rates[item.pk, use] = meter_rate(item, read_on, use)
        charges.append(
            new_charge(**meter_charge(record, item, rates[item.pk, use], last_day), acting_user=acting_user)
        )
    Charge.objects.bulk_create(charges)
    if charges:
        apply_credit(
            project=project, unit_ids=sorted({charge.unit_id for charge in charges if charge.unit_id})
        )
    return records
