"""Two cashiers paying the same charge at once cannot over-allocate it (row locks)."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from wuye.billing import services
from wuye.billing.models import Charge, Payment
from wuye.billing.services.payments import credit_balance
from wuye.billing.tests.factories import Books

D = Decimal


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_do_not_over_allocate():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("shared in-memory SQLite cannot wait for a lock; the PostgreSQL run covers this")
    books = Books()
    unit = books.unit(area="100.00")
    books.run(start=dt.date(2026, 11, 1))  # 250.00 + 10.00 open
    barrier = threading.Barrier(2)
    results, errors = [], []

    def pay(key):
        try:
            barrier.wait()
            results.append(
                services.payment_create(
                    unit=unit, method="cash", amount="260.00", idempotency_key=key, acting_user=books.cashier
                )
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(f"c{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Payment.objects.count() == 2
    for charge in Charge.objects.filter(unit=unit):
        assert charge.allocated == charge.amount  # paid once, never twice
    assert sorted(r.allocated for r in results) == [D("0.00"), D("260.00")]
    assert credit_balance(unit.pk) == D("260.00")  # the second payment became prepayment credit


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_the_same_key_pay_once():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("shared in-memory SQLite cannot wait for a lock; the PostgreSQL run covers this")
    books = Books()
    unit = books.unit(area="100.00")
    barrier = threading.Barrier(3)
    results, errors = [], []

    def pay():
        try:
            barrier.wait()
            results.append(
                services.payment_create(
                    unit=unit,
                    method="cash",
                    amount="99.00",
                    idempotency_key="retry",
                    acting_user=books.cashier,
                )
            )
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Payment.objects.count() == 1
    assert len({r.receipt.pk for r in results}) == 1
