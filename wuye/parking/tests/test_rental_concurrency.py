"""Two desks renting the same space for overlapping periods at once end with exactly one rental (the
service locks the space row), and on PostgreSQL the database itself refuses an overlapping row
(the exclusion constraint of migration 0002) even when the service is bypassed."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from wuye.core.errors import BusinessRuleError
from wuye.parking.models import Rental
from wuye.parking.tests.factories import Garage


def skip_on_shared_memory_sqlite():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("shared in-memory SQLite cannot wait for a lock; the PostgreSQL run covers this")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "periods",
    [
        ((dt.date(2026, 12, 1), dt.date(2026, 12, 31)), (dt.date(2026, 12, 1), dt.date(2026, 12, 31))),
        ((dt.date(2026, 11, 1), dt.date(2026, 12, 31)), (dt.date(2026, 12, 31), dt.date(2027, 3, 31))),
    ],
    ids=["same-period", "one-day-overlap"],
)
def test_concurrent_rentals_of_one_space_end_with_one(periods):
    skip_on_shared_memory_sqlite()
    garage = Garage()
    cars = [(garage.car, "京A12345"), (garage.car_with("京B22222", model="丰田凯美瑞"), "京B22222")]
    barrier = threading.Barrier(2)
    rentals, refused, errors = [], [], []

    def rent(vehicle, plate, start, end):
        try:
            barrier.wait()
            rentals.append(garage.rent(vehicle=vehicle, licence_plate=plate, start=start, end=end))
        except BusinessRuleError as exc:
            refused.append(exc)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=rent, args=(*car, *period)) for car, period in zip(cars, periods, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(rentals) == 1 and [exc.code for exc in refused] == ["space_taken"]
    assert list(Rental.objects.filter(space=garage.space).values_list("pk", flat=True)) == [rentals[0].pk]


@pytest.mark.django_db
def test_the_database_refuses_an_overlapping_row():
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only; SQLite relies on the service's lock")
    garage = Garage()
    first = garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    row = {
        "project": garage.project,
        "space": garage.space,
        "vehicle": garage.car,
        "renter_name": "直接写入",
        "renter_mobile": "13812345678",
        "monthly_rent": 100,
        "checked_by": garage.desk,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Rental.objects.create(**row, start_date=dt.date(2026, 11, 30), end_date=dt.date(2026, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO parking_rental (project_id, space_id, vehicle_id, renter_name, renter_mobile, is_resident,"
            " start_date, end_date, monthly_rent, identity_checked, licence_checked, checked_by_id, created_at)"
            " VALUES (%s, %s, %s, %s, %s, true, %s, %s, 100, true, true, %s, now())",
            [
                garage.project.pk,
                garage.space.pk,
                garage.car.pk,
                "直接写入",
                "13812345678",
                dt.date(2026, 10, 15),
                dt.date(2026, 11, 1),
                garage.desk.pk,
            ],
        )
    # adjacent periods are fine, and a rental ended early frees the rest of its period
    Rental.objects.create(**row, start_date=dt.date(2026, 12, 1), end_date=dt.date(2026, 12, 31))
    Rental.objects.filter(pk=first.pk).update(ended_on=dt.date(2026, 11, 15))
    Rental.objects.create(**row, start_date=dt.date(2026, 11, 16), end_date=dt.date(2026, 11, 30))
    assert Rental.objects.filter(space=garage.space).count() == 3
