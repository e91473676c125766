"""Occupancy demo (seed 000 §3, §20, §21): today, in the residential project, a VIP owner moves
into a vacant unit (the move-in notice goes out, a care task is open), a tenant leaves after
settling up and the owner's consent (the release pass is allowed), another tenant's exit waits
for the owner's answer, and an owner-occupied unit is transferred to a new owner who prepaid
half a year.

Written through the occupancy, billing and estate services; skipped when the project already has
a move-in recorded through the procedure.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone
from stdnum.cn import ric

from wuye.billing.models import Charge, Meter
from wuye.billing.services import meter_reading_record, payment_create
from wuye.demo.clock import quiet
from wuye.estate.choices import IdType, StatusChangeSource
from wuye.estate.choices import OccupancyStatus as S
from wuye.estate.models import Lease, Owner, Ownership, Unit
from wuye.occupancy import services
from wuye.occupancy.models import MoveIn
from wuye.occupancy.selectors import prepayment_check

#: the `owner` and `tenant` logins' homes stay as they are
KEEP = {"1-1-1201", "1-2-802"}
NEW_OWNER = {
    "name": "韩雪梅",
    "mobile": "13688120517",
    "emergency_contact": "韩立",
    "emergency_mobile": "13688120518",
}


def _resident_id(project) -> str:
    """A valid resident ID (born 1986-04-12) not yet used in the project."""
    for serial in range(100, 999):
        body = f"11010519860412{serial:03d}"
        number = body + ric.calc_check_digit(body + "0")  # it reads the first 17 digits
        if not Owner.objects.filter(project=project, id_number=number).exists():
            return number
    raise RuntimeError("no free demo resident ID")


def _settled_units(project, status: str):
    """Units of the status with nothing open on their account, in code order."""
    open_units = Charge.objects.filter(unit__project=project, allocated__lt=F("amount")).values("unit_id")
    return (
        Unit.objects.filter(project=project, status=status)
        .exclude(code__in=KEEP)
        .exclude(pk__in=open_units)
        .order_by("code")
    )


def _key(unit, what: str) -> str:
    return f"demo-occupancy-{what}-{unit.pk}"


def _final_readings(unit, today: dt.date, cashier) -> None:
    """The cashier reads every active meter today and the household pays what it used."""
    for meter in Meter.objects.filter(unit=unit, replaced_on__isnull=True):
        last = meter.readings.order_by("-read_on").first()
        value = (last.reading if last else meter.initial_reading) + Decimal("6")
        if last is None or last.read_on < today:
            meter_reading_record(meter=meter, read_on=today, reading=value, acting_user=cashier)
    due = sum(
        (c.amount - c.allocated for c in Charge.objects.filter(unit=unit, allocated__lt=F("amount"))),
        Decimal(0),
    )
    if due > 0:
        payment_create(
            unit=unit, method="cash", amount=due, idempotency_key=_key(unit, "settle"), acting_user=cashier
        )


def load_occupancy(project, *, assistant, cashier, today: dt.date | None = None) -> Counter:
    counts: Counter[str] = Counter()
    if MoveIn.objects.filter(project=project).exists():
        return counts
    today = today or timezone.localdate()
    with quiet():  # the demo's history alerts nobody
        # a VIP owner moves into a vacant unit
        vacant = (
            Unit.objects.filter(project=project, status=S.VACANT)
            .exclude(code__in=KEEP)
            .exclude(status_changes__source=StatusChangeSource.HANDOVER)  # the handover demo's batch stays
            .order_by("code")
        )
        for unit in vacant:
            owner = Owner.objects.filter(ownerships__unit=unit, ownerships__end_date=None).first()
            if owner is not None:
                services.move_in_record(
                    unit=unit,
                    kind="owner",
                    owner=owner,
                    identity_checked=True,
                    vip_care=True,
                    moved_in_on=today,
                    notes="业主本人办理入住",
                    acting_user=assistant,
                )
                counts["move-ins"] += 1
                break

        # a tenant leaves (settled, meters read, the owner agrees); another's exit waits for the owner
        one_lease = (
            _settled_units(project, S.RENTED)
            .annotate(leases_open=Count("leases", filter=Q(leases__end_date=None)))
            .filter(leases_open=1)
        )
        rented = list(one_lease[:2])  # a unit with co-tenants stays rented while one remains
        for index, unit in enumerate(rented):
            lease = Lease.objects.active().filter(unit=unit).first()
            if lease is None:
                continue
            if index == 0:
                _final_readings(unit, today, cashier)
            services.tenant_exit_request(
                lease=lease,
                moving_date=today,
                owner_consent="agreed" if index == 0 else "not_asked",
                items_to_stay="空调、热水器" if index == 0 else "",
                acting_user=assistant,
            )
            counts["tenant exits"] += 1

        # an owner-occupied unit changes hands; the new owner prepays six months
        for unit in _settled_units(project, S.OWNER_OCCUPIED):
            if not Ownership.objects.active().filter(unit=unit, owner__is_vip=False).exists():
                continue
            _final_readings(unit, today, cashier)
            check = prepayment_check(unit, today)
            if not check["enough"]:
                payment_create(
                    unit=unit,
                    method="cash",
                    amount=check["required"] - check["prepaid"],
                    idempotency_key=_key(unit, "prepay"),
                    payer=NEW_OWNER["name"],
                    acting_user=cashier,
                )
            number = _resident_id(project)
            services.ownership_transfer(
                unit=unit,
                transfer_date=today,
                title_certificate_no=f"川（{today.year}）成都市不动产权第{unit.pk:07d}号",
                new_owner_info={
                    **NEW_OWNER,
                    "id_type": IdType.RESIDENT_ID,
                    "id_number": number,
                    "birthday": ric.get_birth_date(number),
                },
                fire_safety_letter_signed=True,
                acting_user=assistant,
            )
            counts["ownership transfers"] += 1
            break
    return counts
