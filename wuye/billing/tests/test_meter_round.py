"""`meter_reading_round` against `meter_reading_record`: the same readings entered as a round or one
by one give the same readings, charges (amounts, tariffs, periods, what credit paid) and balances;
a round with one wrong reading is refused whole, for the reasons one reading is refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wuye.billing import services
from wuye.billing.models import Charge, MeterReading, Tariff
from wuye.billing.services.payments import credit_balance
from wuye.billing.tests.factories import Books
from wuye.core.errors import BusinessRuleError, PermissionDeniedError

pytestmark = pytest.mark.django_db

D = Decimal
INSTALLED = dt.date(2026, 1, 1)
# per unit: initial reading, prepayment credit, the first round's and the second round's readings
UNITS = [
    (D("100"), None, D("112.5"), D("120")),  # no credit
    (D("250"), D("500.00"), D("262"), D("275.5")),  # credit pays both charges
    (D("80"), D("20.00"), D("95"), D("95")),  # credit pays part; nothing used in the second month
]
FIRST, SECOND = dt.date(2026, 9, 20), dt.date(2026, 11, 20)


@pytest.fixture
def books():
    books = Books()
    # the water tariff changes between the two rounds: each round charges the rate of its day
    Tariff.objects.create(
        fee_item=books.water, effective_from=dt.date(2026, 10, 1), rate=D("4.60"), created_by=books.manager
    )
    return books


def metered_units(books):
    meters = []
    for initial, credit, *_ in UNITS:
        unit = books.unit()
        if credit:
            books.pay(unit, credit)
        meters.append(
            services.meter_install(
                unit=unit,
                meter_type="water",
                installed_on=INSTALLED,
                initial_reading=initial,
                acting_user=books.cashier,
            )
        )
    return meters


def picture(meters):
    units = [m.unit_id for m in meters]
    return {
        "readings": [
            (r.read_on, r.reading, r.previous_reading, r.consumption, r.recorded_by_id)
            for m in meters
            for r in MeterReading.objects.filter(meter=m).order_by("read_on")
        ],
        "charges": [
            (
                c.fee_item_id,
                c.amount,
                c.quantity,
                c.rate,
                c.description,
                c.period_start,
                c.period_end,
                c.due_date,
                c.source,
                c.allocated,
                c.created_by_id,
                c.meter_reading.read_on,
            )
            for unit_id in units
            for c in Charge.objects.filter(unit_id=unit_id).order_by("period_start", "id")
        ],
        "credit": [credit_balance(unit_id) for unit_id in units],
    }


def test_a_round_writes_what_reading_each_meter_writes(books):
    one_by_one, in_rounds = metered_units(books), metered_units(books)
    for day, column in ((FIRST, 2), (SECOND, 3)):
        for meter, row in zip(one_by_one, UNITS, strict=True):
            services.meter_reading_record(
                meter=meter, read_on=day, reading=row[column], acting_user=books.cashier
            )
        services.meter_reading_round(
            project=books.project,
            read_on=day,
            readings={meter.pk: row[column] for meter, row in zip(in_rounds, UNITS, strict=True)},
            acting_user=books.cashier,
        )
    expected, got = picture(one_by_one), picture(in_rounds)
    assert got == expected
    # and what that is: 12.5 m³ × 4.15, then 7.5 m³ × 4.60; no charge for nothing used
    assert [c[1] for c in got["charges"][:2]] == [D("51.88"), D("34.50")]
    assert len(got["charges"]) == 5
    assert got["credit"][1] > 0 and got["credit"][2] == 0


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"reading": D("99")}, ValidationError),  # lower than the initial reading
        ({"read_on": dt.date(2025, 12, 31)}, ValidationError),  # before the installation
        ({"read_on": dt.date.today() + dt.timedelta(days=2)}, ValidationError),  # in the future
        ({"replaced": True}, BusinessRuleError),
        ({"other_project": True}, ValidationError),
        ({"user": "manager_of_other"}, PermissionDeniedError),
    ],
)
def test_one_wrong_reading_refuses_the_round(books, change, error):
    meters = metered_units(books)
    readings = {m.pk: row[2] for m, row in zip(meters, UNITS, strict=True)}
    read_on, user = change.get("read_on", FIRST), books.cashier
    if "reading" in change:
        readings[meters[0].pk] = change["reading"]
    if change.get("replaced"):
        services.meter_replace(
            meter=meters[0],
            replaced_on=dt.date(2026, 9, 1),
            final_reading=D("101"),
            acting_user=books.cashier,
        )
    if change.get("other_project"):
        other = Books()
        readings[metered_units(other)[0].pk] = D("500")
    if change.get("user"):
        user = Books().cashier
    readings_before, charges_before = MeterReading.objects.count(), Charge.objects.count()
    with pytest.raises(error):
        services.meter_reading_round(
            project=books.project, read_on=read_on, readings=readings, acting_user=user
        )
    assert (MeterReading.objects.count(), Charge.objects.count()) == (readings_before, charges_before)


def test_a_second_reading_on_the_same_day_is_refused(books):
    meters = metered_units(books)
    readings = {m.pk: row[2] for m, row in zip(meters, UNITS, strict=True)}
    services.meter_reading_round(
        project=books.project, read_on=FIRST, readings=readings, acting_user=books.cashier
    )
    with pytest.raises(ValidationError) as exc:
        services.meter_reading_round(
            project=books.project, read_on=FIRST, readings=readings, acting_user=books.cashier
        )
    assert "read_on" in exc.value.message_dict


def test_credit_settles_charges_in_one_update_and_part_pays_the_last(books):
    """Prepayment credit paying a unit's open charges (the meter round's, a charge run's): the
    charges paid in full are written in one UPDATE (allocated = amount), not one CASE branch each
    (SQLite evaluates `bulk_update`'s CASE row by row: quadratic in a charge run); the part-paid
    one gets its exact amount."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    unit = books.unit()
    books.pay(unit, "45.00")  # nothing open yet: all prepayment credit
    charges = [
        services.charge_create(
            unit=unit,
            fee_item=books.fixed,
            amount=amount,
            description=f"垃圾清运费 {n}",
            acting_user=books.manager,
            period_start=dt.date(2026, n, 1),
            apply_prepaid=False,
        )
        for n, amount in enumerate((D("10.00"), D("20.00"), D("30.00")), start=1)
    ]
    with CaptureQueriesContext(connection) as queries:
        services.apply_credit(project=books.project, unit_ids=[unit.pk])
    assert [Charge.objects.get(pk=c.pk).allocated for c in charges] == [D("10.00"), D("20.00"), D("15.00")]
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "billing_charge"')]
    assert len(updates) == 2
    assert sum("CASE" in sql for sql in updates) == 1  # only the part-paid charge goes through CASE
