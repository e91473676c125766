"""Deposit refund transition matrix: every (from, to) pair through the service that makes that move."""

import itertools
from decimal import Decimal

import pytest

from wuye.billing import services
from wuye.billing.choices import REFUND_TRANSITIONS, RefundStatus
from wuye.billing.models import DepositEntry, DepositRefund
from wuye.core.errors import BusinessRuleError

pytestmark = pytest.mark.django_db

PAIRS = list(itertools.product(RefundStatus.values, RefundStatus.values))
ALLOWED = [(a, b) for a, b in PAIRS if b in REFUND_TRANSITIONS[a]]
FORBIDDEN = [(a, b) for a, b in PAIRS if b not in REFUND_TRANSITIONS[a]]


def _refund_in(books, status):
    unit = books.unit()
    deposit = books.pay(unit, "500.00", key=f"dep-{unit.pk}", deposit_purpose="other").payment.deposit
    refund = services.deposit_refund_request(
        deposit=deposit, acting_user=books.cashier, deductions=[{"reason": "损坏公共设施", "amount": "100"}]
    )
    DepositRefund.objects.filter(pk=refund.pk).update(status=status)  # set up the starting state directly
    refund.refresh_from_db()
    return refund


def _move(books, refund, to_status):
    """The one service that makes each move."""
    if to_status == RefundStatus.REQUESTED:
        return services.deposit_refund_request(
            deposit=refund.deposit,
            acting_user=books.cashier,
            deductions=[{"reason": "钥匙未还", "amount": "50"}],
        )
    if to_status == RefundStatus.APPROVED:
        return services.deposit_refund_approve(refund=refund, acting_user=books.manager)
    return services.deposit_refund_reject(refund=refund, acting_user=books.manager, comment="扣款依据不足")


def test_table_covers_every_status_and_approval_is_final():
    assert set(REFUND_TRANSITIONS) == set(RefundStatus.values)
    assert REFUND_TRANSITIONS[RefundStatus.APPROVED] == frozenset()
    assert sorted(ALLOWED) == [
        ("rejected", "requested"),
        ("requested", "approved"),
        ("requested", "rejected"),
    ]


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_allowed(books, from_status, to_status):
    refund = _refund_in(books, from_status)
    _move(books, refund, to_status)
    refund.refresh_from_db()
    assert refund.status == to_status
    if to_status == RefundStatus.REQUESTED:
        assert refund.decided_by is None and refund.deduction_total == Decimal("50.00")
    else:
        assert refund.decided_by == books.manager
    moved_out = DepositEntry.objects.filter(deposit=refund.deposit).exclude(kind=DepositEntry.Kind.RECEIVED)
    assert moved_out.exists() == (to_status == RefundStatus.APPROVED)


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_forbidden(books, from_status, to_status):
    refund = _refund_in(books, from_status)
    with pytest.raises(BusinessRuleError) as exc:
        _move(books, refund, to_status)
    assert exc.value.code == ("deposit_closed" if to_status == RefundStatus.REQUESTED else "refund_decided")
    refund.refresh_from_db()
    assert refund.status == from_status and refund.deduction_total == Decimal("100.00")
    assert (
        not DepositEntry.objects.filter(deposit=refund.deposit)
        .exclude(kind=DepositEntry.Kind.RECEIVED)
        .exists()
    )


@pytest.mark.parametrize("approve", [True, False])
def test_decide_dispatches_to_approve_or_reject(books, approve):
    refund = _refund_in(books, RefundStatus.REQUESTED)
    services.deposit_refund_decide(refund=refund, approve=approve, acting_user=books.manager, comment="已核")
    refund.refresh_from_db()
    assert refund.status == (RefundStatus.APPROVED if approve else RefundStatus.REJECTED)
    assert refund.comment == "已核"


def test_a_renovation_deposit_is_refunded_only_through_its_renovation(books):
    """Issue 12: the renovation procedure (three months after acceptance, signed by the departments)
    is the one way to refund a renovation deposit; it calls the service with via_procedure=True."""
    from django.utils.translation import gettext as _

    unit = books.unit()
    deposit = books.pay(unit, "3000.00", key="zx-dep", deposit_purpose="renovation").payment.deposit
    with pytest.raises(BusinessRuleError) as exc:
        services.deposit_refund_request(deposit=deposit, acting_user=books.cashier, deductions=[])
    assert exc.value.code == "renovation_deposit_via_procedure"
    assert exc.value.message == _(
        "A renovation deposit is refunded through its renovation (three months after acceptance)"
    )
    assert not DepositRefund.objects.filter(deposit=deposit).exists()
    refund = services.deposit_refund_request(
        deposit=deposit, acting_user=books.cashier, deductions=[], via_procedure=True
    )
    assert refund.refund_amount == Decimal("3000.00")
