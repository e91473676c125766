"""Payments: allocation order, credit, idempotency, receipts and voids, deposits, meters, bank files,
settlement, ageing, cashier close."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wuye.billing import selectors, services
from wuye.billing.models import Allocation, Charge, CreditEntry, DepositEntry, Meter, Payment, Receipt
from wuye.billing.services.payments import credit_balance
from wuye.billing.tests.factories import Books
from wuye.core.errors import BusinessRuleError, PermissionDeniedError

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def books():
    return Books()


@pytest.fixture
def unit(books):
    unit = books.unit(area="100.00")
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    return unit


def test_oldest_first_then_credit(books, unit):
    result = books.pay(unit, "400.00", key="a")
    charges = list(Charge.objects.filter(unit=unit).order_by("period_start", "id"))
    assert [c.allocated for c in charges] == [D("250.00"), D("10.00"), D("140.00"), D("0.00")]
    assert result.allocated == D("400.00") and result.credited == D("0.00")
    result = books.pay(unit, "200.00", key="b")
    assert result.allocated == D("120.00") and result.credited == D("80.00")
    assert credit_balance(unit.pk) == D("80.00")
    assert selectors.ledger_check(unit)


def test_cashier_picks_the_charges(books, unit):
    november = Charge.objects.get(unit=unit, fee_item=books.fixed, period_start=dt.date(2026, 11, 1))
    result = books.pay(unit, "10.00", key="pick", charge_ids=[november.pk])
    november.refresh_from_db()
    assert november.allocated == D("10.00") and result.allocated == D("10.00")
    with pytest.raises(ValidationError):
        books.pay(unit, "10.00", key="pick2", charge_ids=[november.pk])  # no longer open


def test_idempotency_key_returns_the_first_result(books, unit):
    first = books.pay(unit, "100.00", key="same")
    again = books.pay(unit, "100.00", key="same")
    assert again.replayed and again.payment == first.payment and again.receipt == first.receipt
    assert Payment.objects.count() == 1 and Receipt.objects.count() == 1
    with pytest.raises(BusinessRuleError) as exc:
        books.pay(unit, "99.00", key="same")
    assert exc.value.code == "idempotency_key_reused"


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1.005"])
def test_bad_amounts(books, unit, amount):
    if amount == "1.005":  # rounded to the fen, half-up: fine
        assert books.pay(unit, amount, key="x").payment.amount == D("1.01")
        return
    with pytest.raises(ValidationError) as exc:
        books.pay(unit, amount, key="x")
    assert "amount" in exc.value.message_dict


def test_only_cashiers_take_payments(books, unit):
    with pytest.raises(PermissionDeniedError):
        services.payment_create(
            unit=unit, method="cash", amount=D("1"), idempotency_key="z", acting_user=books.manager
        )


def test_receipt_numbers_are_continuous_per_project_and_year_with_voids(books, unit):
    r1 = books.pay(unit, "10.00", key="1").receipt
    r2 = books.pay(unit, "10.00", key="2").receipt
    services.receipt_void(receipt=r2, reason="金额录错", acting_user=books.cashier)
    r3 = books.pay(unit, "12.00", key="3", replaces=r2).receipt
    assert [r1.number, r2.number, r3.number] == [1, 2, 3]
    r2.refresh_from_db()
    assert r2.voided_at and r2.void_reason == "金额录错" and r3.replaces == r2
    other = Books()
    other_unit = other.unit()
    assert other.pay(other_unit, "5", key="o").receipt.number == 1


def test_void_reverses_allocations_and_credit(books, unit):
    result = books.pay(unit, "600.00", key="v")  # 520 to charges, 80 credit
    services.receipt_void(receipt=result.receipt, reason="重复收款", acting_user=books.cashier)
    assert all(c.allocated == 0 for c in Charge.objects.filter(unit=unit))
    assert credit_balance(unit.pk) == 0
    assert Allocation.objects.filter(amount__lt=0).count() == Allocation.objects.filter(amount__gt=0).count()
    assert selectors.ledger_check(unit)
    with pytest.raises(BusinessRuleError):
        services.receipt_void(receipt=result.receipt, reason="again", acting_user=books.cashier)
    with pytest.raises(ValidationError):
        services.receipt_void(
            receipt=books.pay(unit, "1", key="w").receipt, reason=" ", acting_user=books.cashier
        )


def test_void_refused_when_its_credit_was_already_used(books):
    unit = books.unit(area="100.00")
    result = books.pay(unit, "300.00", key="pre")
    books.run()
    with pytest.raises(BusinessRuleError) as exc:
        services.receipt_void(receipt=result.receipt, reason="x", acting_user=books.cashier)
    assert exc.value.code == "credit_already_used"


def test_deposit_held_refunded_with_deductions(books, unit):
    paid = books.pay(unit, "2000.00", key="dep", deposit_purpose="other", reference="ZX-01")
    deposit = paid.payment.deposit
    assert paid.allocated == 0 and selectors.unit_account(unit)["deposits_held"] == D("2000.00")
    open_charge = Charge.objects.filter(unit=unit).order_by("period_start").first()
    refund = services.deposit_refund_request(
        deposit=deposit,
        acting_user=books.cashier,
        deductions=[
            {"reason": "违规施工罚款", "amount": "300"},
            {"reason": "欠物业费", "amount": "250", "charge": open_charge.pk},
        ],
    )
    assert refund.refund_amount == D("1450.00") and refund.status == "requested"
    with pytest.raises(PermissionDeniedError):
        services.deposit_refund_decide(refund=refund, approve=True, acting_user=books.cashier)
    services.deposit_refund_decide(refund=refund, approve=True, acting_user=books.manager)
    refund.refresh_from_db()
    open_charge.refresh_from_db()
    assert refund.status == "approved" and refund.refund_amount == D("1450.00")
    assert open_charge.allocated == D("250.00")
    assert selectors.unit_account(unit)["deposits_held"] == 0
    kinds = dict(DepositEntry.objects.filter(deposit=deposit).values_list("kind", "amount"))
    assert kinds == {"received": D("2000.00"), "deducted": D("-550.00"), "refunded": D("-1450.00")}


def test_deductions_beyond_the_deposit_become_a_charge(books, unit):
    deposit = books.pay(unit, "50.00", key="card", deposit_purpose="ic_card").payment.deposit
    refund = services.deposit_refund_request(
        deposit=deposit, acting_user=books.cashier, deductions=[{"reason": "卡损坏", "amount": "80"}]
    )
    assert refund.refund_amount == 0
    services.deposit_refund_decide(refund=refund, approve=True, acting_user=books.manager)
    refund.refresh_from_db()
    assert refund.refund_amount == 0 and refund.shortfall_charge.amount == D("30.00")


@pytest.mark.parametrize(
    "deductions",
    [[{"reason": "", "amount": "1"}], [{"reason": "x", "amount": "-1"}], [{"reason": "x", "amount": "abc"}]],
)
def test_bad_deductions(books, unit, deductions):
    deposit = books.pay(unit, "50.00", key="card2", deposit_purpose="ic_card").payment.deposit
    with pytest.raises(ValidationError):
        services.deposit_refund_request(deposit=deposit, acting_user=books.cashier, deductions=deductions)


def test_meter_readings_never_go_backwards_unless_replaced(books, unit):
    meter = services.meter_install(
        unit=unit,
        meter_type="water",
        installed_on=dt.date(2026, 1, 1),
        initial_reading=D("100"),
        acting_user=books.cashier,
    )
    services.meter_reading_record(
        meter=meter, read_on=dt.date(2026, 10, 31), reading=D("112.5"), acting_user=books.cashier
    )
    charge = Charge.objects.get(source="meter")
    assert (charge.quantity, charge.amount) == (D("12.50"), D("51.88"))  # 12.5 m³ × 4.15 = 51.875 → 51.88
    with pytest.raises(ValidationError) as exc:
        services.meter_reading_record(
            meter=meter, read_on=dt.date(2026, 11, 20), reading=D("110"), acting_user=books.cashier
        )
    assert "reading" in exc.value.message_dict
    new = services.meter_replace(
        meter=meter,
        replaced_on=dt.date(2026, 11, 20),
        final_reading=D("115"),
        acting_user=books.cashier,
        new_serial="W-2",
    )
    assert Meter.objects.get(pk=meter.pk).replaced_on == dt.date(2026, 11, 20)
    services.meter_reading_record(
        meter=new, read_on=dt.date(2026, 11, 25), reading=D("3"), acting_user=books.cashier
    )
    assert list(Charge.objects.filter(source="meter").order_by("id").values_list("quantity", flat=True)) == [
        D("12.50"),
        D("2.50"),
        D("3.00"),
    ]


def test_settlement_lists_what_is_open(books, unit):
    result = selectors.settlement(unit, dt.date(2026, 11, 30))
    assert not result["settled"] and result["outstanding_total"] == D("520.00")
    books.pay(unit, "520.00", key="all")
    assert selectors.settlement(unit, dt.date(2026, 11, 30))["settled"]
    later = selectors.settlement(unit, dt.date(2026, 12, 15))  # December not billed yet
    assert not later["settled"] and {r["fee_item"] for r in later["not_billed"]} == {
        "物业管理服务费",
        "垃圾清运费",
    }


def test_arrears_ageing_buckets(books, unit):
    rows = list(selectors.arrears_ageing(projects=[books.project], as_of=dt.date(2027, 1, 20)))
    mgmt = next(r for r in rows if r["fee_item__name"] == "物业管理服务费")
    # October due 10-15 (97 days), November due 11-15 (66 days)
    assert (mgmt["0_30"], mgmt["31_90"], mgmt["91_180"], mgmt["over_180"]) == (0, D("250.00"), D("250.00"), 0)
    assert mgmt["total"] == D("500.00")


def test_cashier_close_reconciles(books, unit):
    books.pay(unit, "300.00", key="c1")
    books.pay(unit, "500.00", key="c2")  # 220 to charges, 280 credit
    books.pay(unit, "50.00", key="c3", deposit_purpose="ic_card")
    void = books.pay(unit, "10.00", key="c4")
    services.receipt_void(receipt=void.receipt, reason="误收", acting_user=books.cashier)
    from django.utils import timezone

    close = selectors.cashier_close(project=books.project, day=timezone.localdate())
    assert close["takings"] == D("850.00") and close["reconciles"]
    assert {row["method"]: row["total"] for row in close["by_method"]} == {"cash": D("850.00")}
    assert len(close["receipts_issued"]) == 4 and len(close["receipts_voided"]) == 1


def test_bank_import_all_or_nothing_and_idempotent(books, unit):
    good = f"unit_code,amount,bank_reference,paid_on\n{unit.code},100.00,B1,2026-11-20\n{unit.code},20.50,B2,2026-11-21\n"
    result = services.bank_import(project=books.project, text=good, acting_user=books.cashier)
    assert result == {"paid": 2, "already_imported": 0, "total": D("120.50")}
    assert (
        services.bank_import(project=books.project, text=good, acting_user=books.cashier)["already_imported"]
        == 2
    )
    bad = f"unit_code,amount,bank_reference,paid_on\n{unit.code},5,B3,2026-11-20\nNOPE,-1,,2026-13-01\n"
    with pytest.raises(ValidationError) as exc:
        services.bank_import(project=books.project, text=bad, acting_user=books.cashier)
    assert list(exc.value.message_dict) == ["row 3"]
    assert Payment.objects.count() == 2


def test_account_totals_equal_the_ledger(books, unit):
    books.pay(unit, "700.00", key="t")
    account = selectors.unit_account(unit)
    assert (
        account["charged"] == D("520.00")
        and account["paid"] == D("520.00")
        and account["credit"] == D("180.00")
    )
    assert account["credit"] == sum(CreditEntry.objects.filter(unit=unit).values_list("amount", flat=True))
    assert account["balance"] == D("180.00")


def test_deposit_offsets_are_not_takings(books, unit):
    from django.utils import timezone

    deposit = books.pay(unit, "300.00", key="dep-close", deposit_purpose="other").payment.deposit
    charge = Charge.objects.filter(unit=unit).order_by("period_start").first()
    refund = services.deposit_refund_request(
        deposit=deposit,
        acting_user=books.cashier,
        deductions=[{"reason": "欠费", "amount": "100", "charge": charge.pk}],
    )
    services.deposit_refund_decide(refund=refund, approve=True, acting_user=books.manager)
    close = selectors.cashier_close(project=books.project, day=timezone.localdate())
    assert close["takings"] == D("300.00") and close["reconciles"]
    assert close["deposit_offsets"] == {"count": 1, "total": D("100.00")}
    assert [row["method"] for row in close["by_method"]] == ["cash"]


def test_ageing_for_a_past_day_reads_the_ledger_as_it_stood(books):
    import time_machine

    from wuye.servicedesk.tests.factories import at

    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        unit = books.unit(area="100.00")
        books.run(start=dt.date(2026, 11, 1))  # due 11-15
    with time_machine.travel(at(2026, 12, 10, 9), tick=False):
        books.pay(unit, "260.00", key="late-payer")
    with time_machine.travel(at(2026, 12, 20, 9), tick=False):
        then = list(selectors.arrears_ageing(projects=[books.project], as_of=dt.date(2026, 12, 1)))
        now = list(selectors.arrears_ageing(projects=[books.project], as_of=dt.date(2026, 12, 20)))
    assert {r["fee_item__name"]: r["total"] for r in then} == {
        "物业管理服务费": D("250.00"),
        "垃圾清运费": D("10.00"),
    }
    assert then[0]["0_30"] == then[0]["total"]
    assert now == []
