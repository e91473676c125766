"""Payments taken in a batch end exactly as the same payments taken one by one."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wuye.accounts.choices import Role
from wuye.billing import selectors, services
from wuye.billing.models import Allocation, Charge, CreditEntry, Payment, Receipt
from wuye.billing.services import PaymentRow
from wuye.billing.tests.factories import Books
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tests.factories import staff

pytestmark = pytest.mark.django_db
D = Decimal


def _at(day, hour):
    return timezone.make_aware(dt.datetime.combine(dt.date(2026, 11, day), dt.time(hour)))


def _books():
    books = Books()
    units = [books.unit(area=area) for area in ("100.00", "80.00", "120.00")]
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    return books, units


# (unit index, method, amount, day, hour): out of time order on purpose; unit 0 pays twice
PLAN = [
    (0, "wechat", "400.00", 12, 10),
    (1, "cash", "30.00", 3, 9),
    (0, "cash", "200.00", 5, 15),
    (2, "bank", "1000.00", 8, 11),
]


def _rows(units):
    return [
        PaymentRow(
            unit_id=units[i].pk,
            method=method,
            amount=amount,
            idempotency_key=f"row-{n}",
            received_at=_at(day, hour),
            reference="" if method == "cash" else f"REF{n}",
            payer="王先生",
        )
        for n, (i, method, amount, day, hour) in enumerate(PLAN)
    ]


def _ledger(books, units):
    """What each unit's books say, independent of primary keys."""
    return [
        (
            list(
                Charge.objects.filter(unit=u)
                .order_by("period_start", "fee_item__code")
                .values_list("allocated")
            ),
            sorted(Allocation.objects.filter(charge__unit=u).values_list("amount", "payment__received_at")),
            sorted(CreditEntry.objects.filter(unit=u).values_list("amount", "payment__received_at")),
        )
        for u in units
    ]


def test_batch_ends_as_the_same_payments_one_by_one():
    one_by_one, units_a = _books()
    for row in sorted(_rows(units_a), key=lambda r: r.received_at):
        services.payment_create(
            unit=next(u for u in units_a if u.pk == row.unit_id),
            method=row.method,
            amount=row.amount,
            idempotency_key="single-" + row.idempotency_key,
            received_at=row.received_at,
            reference=row.reference,
            acting_user=one_by_one.cashier,
        )
    batch, units_b = _books()

    result = services.payment_batch_create(
        project=batch.project, rows=_rows(units_b), acting_user=batch.cashier
    )

    assert _ledger(batch, units_b) == _ledger(one_by_one, units_a)
    assert (result.paid, result.already_recorded, result.total) == (4, 0, D("1630.00"))
    assert result.allocated + result.credited == result.total and result.credited > 0
    assert all(selectors.ledger_check(u) for u in units_b)
    # one receipt per payment, numbered on in the order the money came in
    receipts = list(Receipt.objects.filter(project=batch.project).order_by("number"))
    assert [r.number for r in receipts] == [1, 2, 3, 4]
    assert [r.payment.received_at for r in receipts] == sorted(_at(d, h) for *_x, d, h in PLAN)
    services.payment_create(
        unit=units_b[1], method="cash", amount="5.00", idempotency_key="next", acting_user=batch.cashier
    )
    assert Receipt.objects.filter(project=batch.project).order_by("number").last().number == 5


def test_the_same_batch_twice_pays_nothing_twice():
    books, units = _books()
    services.payment_batch_create(project=books.project, rows=_rows(units), acting_user=books.cashier)
    again = services.payment_batch_create(project=books.project, rows=_rows(units), acting_user=books.cashier)
    assert (again.paid, again.already_recorded) == (0, 4)
    assert Payment.objects.count() == 4
    changed = _rows(units)[:1]
    changed = [PaymentRow(**{**changed[0].__dict__, "amount": "401.00"})]
    with pytest.raises(BusinessRuleError) as error:
        services.payment_batch_create(project=books.project, rows=changed, acting_user=books.cashier)
    assert error.value.code == "idempotency_key_reused"


def test_bad_rows_refuse_the_whole_batch_with_every_message():
    books, units = _books()
    elsewhere = Books().unit()
    rows = _rows(units)
    rows[1] = PaymentRow(unit_id=units[1].pk, method="wechat", amount="-3", idempotency_key="x")  # no ref, <0
    rows.append(PaymentRow(unit_id=elsewhere.pk, method="cash", amount="10", idempotency_key="y"))
    rows.append(PaymentRow(unit_id=units[0].pk, method="cash", amount="10", idempotency_key="y"))
    rows.append(
        PaymentRow(
            unit_id=units[0].pk,
            method="cash",
            amount="10",
            idempotency_key="z",
            received_at=timezone.now() + dt.timedelta(days=1),
        )
    )
    with pytest.raises(ValidationError) as error:
        services.payment_batch_create(project=books.project, rows=rows, acting_user=books.cashier)
    messages = error.value.message_dict
    assert set(messages) == {"row 2", "row 5", "row 6", "row 7"}
    assert len(messages["row 2"]) == 2
    assert any("unit" in m for m in messages["row 5"]) and any(
        "idempotency_key" in m for m in messages["row 6"]
    )
    assert any("received_at" in m for m in messages["row 7"])
    assert not Payment.objects.exists() and not Receipt.objects.exists()


def test_only_a_cashier_of_the_project_takes_a_batch():
    books, units = _books()
    for user in (staff(Role.ENGINEER, books.project), Books().cashier):
        with pytest.raises(PermissionDeniedError):
            services.payment_batch_create(project=books.project, rows=_rows(units), acting_user=user)
    assert not Payment.objects.exists()
