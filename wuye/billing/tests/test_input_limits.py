"""Issue 10: billing refuses implausible payment times and charge periods, and a second replace of
the same meter is a clear 400 (it was an IntegrityError, a 500)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wuye.billing import services
from wuye.billing.models import Charge, Meter
from wuye.billing.services.batch import PaymentRow, payment_batch_create
from wuye.billing.tests.conftest import NOW
from wuye.core.errors import BusinessRuleError
from wuye.core.tests.api import assert_error, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
LONG_AGO = NOW - dt.timedelta(days=365 * 40)


@pytest.fixture
def meter(books):
    unit = books.unit()
    return services.meter_install(
        unit=unit, meter_type="water", installed_on=dt.date(2026, 1, 1), acting_user=books.cashier
    )


def test_a_replaced_meter_cannot_be_replaced_again(books, meter):
    services.meter_replace(
        meter=meter, replaced_on=dt.date(2026, 6, 1), final_reading="10", acting_user=books.cashier
    )
    with pytest.raises(BusinessRuleError) as exc:
        services.meter_replace(
            meter=meter, replaced_on=dt.date(2026, 7, 1), final_reading="12", acting_user=books.cashier
        )
    assert exc.value.code == "meter_already_replaced" and "2026-06-01" in exc.value.message
    assert Meter.objects.filter(unit=meter.unit).count() == 2


def test_the_api_answers_a_second_replace_with_400(login, books, meter):
    client = login(books.cashier)
    url = f"/api/v1/meters/{meter.pk}/replace/"
    first = post(client, url, {"replaced_on": "2026-06-01", "final_reading": "10"})
    assert first.status_code == 201, first.content
    assert_error(
        post(client, url, {"replaced_on": "2026-07-01", "final_reading": "12"}), 400, "meter_already_replaced"
    )


def test_a_payment_received_decades_ago_is_refused(books):
    unit = books.unit()
    with pytest.raises(BusinessRuleError) as exc:
        books.pay(unit, "100.00", key="old", received_at=LONG_AGO)
    assert exc.value.code == "implausible_date"


def test_the_api_names_received_at(login, books):
    unit = books.unit()
    body = {
        "unit": unit.pk,
        "method": "cash",
        "amount": "100.00",
        "idempotency_key": "k-old",
        "received_at": "1986-11-26T10:00:00+08:00",
    }
    assert_error(
        post(login(books.cashier), "/api/v1/payments/", body), 400, "implausible_date", "received_at"
    )


def test_a_batch_row_received_decades_ago_is_refused(books):
    unit = books.unit()
    rows = [
        PaymentRow(unit_id=unit.pk, method="cash", amount="10", idempotency_key="b1", received_at=LONG_AGO)
    ]
    with pytest.raises(ValidationError) as exc:
        payment_batch_create(project=books.project, rows=rows, acting_user=books.cashier)
    assert "received_at" in exc.value.message_dict["row 1"][0]


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (dt.date(2026, 11, 1), dt.date(2026, 10, 31), "period_end"),
        (dt.date(1900, 1, 1), dt.date(2026, 10, 31), "period_start"),
        (dt.date(2026, 11, 1), dt.date(2999, 1, 1), "period_end"),
    ],
)
def test_a_charge_period_must_be_plausible_and_in_order(books, start, end, field):
    unit = books.unit()
    with pytest.raises(ValidationError) as exc:
        services.charge_create(
            unit=unit,
            fee_item=books.fixed,
            amount="10",
            description="x",
            acting_user=books.manager,
            period_start=start,
            period_end=end,
        )
    assert list(exc.value.message_dict) == [field]
    assert not Charge.objects.filter(unit=unit).exists()


def test_a_walk_in_period_must_be_in_order(books):
    with pytest.raises(ValidationError) as exc:
        services.walk_in_payment_create(
            fee_item=books.fixed,
            amount="5",
            description="临停",
            idempotency_key="walk-1",
            acting_user=books.cashier,
            source="manual",
            period_start=dt.date(2026, 11, 2),
            period_end=dt.date(2026, 11, 1),
        )
    assert list(exc.value.message_dict) == ["period_end"]


def test_deductions_never_take_more_than_the_deposit_holds(books):
    """Already enforced (spec: deductions beyond the deposit become a shortfall charge); pinned here
    with the per-charge rule: a deduction against a charge is at most its open amount."""
    unit = books.unit()
    books.run()
    open_charge = Charge.objects.filter(unit=unit).first()
    deposit = books.pay(unit, "50.00", key="dep", deposit_purpose="ic_card").payment.deposit
    with pytest.raises(ValidationError) as exc:
        services.deposit_refund_request(
            deposit=deposit,
            acting_user=books.cashier,
            deductions=[{"reason": "欠费", "amount": str(open_charge.amount + 1), "charge": open_charge.pk}],
        )
    assert "deductions" in exc.value.message_dict
    refund = services.deposit_refund_request(
        deposit=deposit, acting_user=books.cashier, deductions=[{"reason": "损坏", "amount": "80"}]
    )
    services.deposit_refund_decide(refund=refund, approve=True, acting_user=books.manager)
    refund.refresh_from_db()
    held = sum(deposit.entries.values_list("amount", flat=True), Decimal(0))
    assert held == 0 and refund.refund_amount == 0 and refund.shortfall_charge.amount == Decimal("30.00")


def test_replacing_a_meter_on_the_day_it_was_read_takes_that_reading(login, books, meter):
    services.meter_reading_record(
        meter=meter, read_on=dt.date(2026, 6, 1), reading="10", acting_user=books.cashier
    )
    client = login(books.cashier)
    url = f"/api/v1/meters/{meter.pk}/replace/"
    # a higher final reading that day would be a second reading of the day (it was a 500)
    answer = post(client, url, {"replaced_on": "2026-06-01", "final_reading": "12"})
    assert answer.status_code == 400 and "final_reading" in answer.json()["fields"]
    assert post(client, url, {"replaced_on": "2999-01-01", "final_reading": "12"}).status_code == 400
    same_day = post(client, url, {"replaced_on": "2026-06-01", "final_reading": "10"})
    assert same_day.status_code == 201, same_day.content
    assert Meter.objects.get(pk=meter.pk).replaced_on == dt.date(2026, 6, 1)
