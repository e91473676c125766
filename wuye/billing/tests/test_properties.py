"""Hypothesis properties of the ledger: allocations never exceed a charge, the account equals the
sum of its rows, credit never negative, a refund never negative."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wuye.billing import selectors, services
from wuye.billing.models import Allocation, Charge, CreditEntry, Payment
from wuye.billing.tests.factories import Books
from wuye.core.money import money_sum

pytestmark = pytest.mark.django_db
D = Decimal

money = st.decimals(min_value=D("0.01"), max_value=D("2000"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    area=st.decimals(min_value=D("20"), max_value=D("300"), places=2),
    handover_day=st.integers(min_value=1, max_value=28),
    payments=st.lists(money, min_size=1, max_size=6),
    voids=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_ledger_invariants(area, handover_day, payments, voids):
    books = Books(rate="2.35")
    unit = books.unit(area=str(area), handover=dt.date(2026, 9, handover_day))
    books.run(start=dt.date(2026, 9, 1))
    receipts = []
    for index, amount in enumerate(payments):
        receipts.append(books.pay(unit, amount, key=f"p{unit.pk}-{index}").receipt)
        if index == 1:
            books.run(start=dt.date(2026, 10, 1))  # consumes credit
    for receipt, void in zip(receipts, voids, strict=False):
        if void:
            try:
                services.receipt_void(receipt=receipt, reason="test", acting_user=books.cashier)
            except Exception as exc:  # a void refused because its credit was used is allowed
                assert getattr(exc, "code", "") == "credit_already_used"
    for charge in Charge.objects.filter(unit=unit):
        assert D("0") <= charge.allocated <= charge.amount
        assert money_sum(Allocation.objects.filter(charge=charge)) == charge.allocated
    credit = money_sum(CreditEntry.objects.filter(unit=unit))
    assert credit >= 0
    account = selectors.unit_account(unit)
    paid_in = money_sum(Payment.objects.filter(unit=unit, voided_at__isnull=True, for_deposit=""))
    assert account["paid"] + account["credit"] == paid_in  # every valid yuan is either allocated or credit
    assert selectors.ledger_check(unit)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(deposit=money, deductions=st.lists(money, max_size=4))
def test_refund_never_negative(deposit, deductions):
    books = Books()
    unit = books.unit()
    held = books.pay(unit, deposit, key=f"d{unit.pk}", deposit_purpose="other").payment.deposit
    refund = services.deposit_refund_request(
        deposit=held,
        acting_user=books.cashier,
        deductions=[{"reason": "扣款", "amount": str(d)} for d in deductions],
    )
    services.deposit_refund_decide(refund=refund, approve=True, acting_user=books.manager)
    refund.refresh_from_db()
    total = sum(deductions, D("0"))
    assert refund.refund_amount >= 0
    assert refund.refund_amount == max(deposit - total, D("0"))
    shortfall = refund.shortfall_charge.amount if refund.shortfall_charge else D("0")
    assert shortfall == max(total - deposit, D("0"))
    assert selectors.unit_account(unit)["deposits_held"] == 0
