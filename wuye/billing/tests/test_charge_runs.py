"""Charge runs: idempotent, prorated from handover, dry run, credit consumed, tickets charged."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from wuye.billing import services
from wuye.billing.models import Charge, ChargeRun, FeeItem
from wuye.billing.tests.factories import Books, paid_ticket
from wuye.core.errors import PermissionDeniedError
from wuye.core.money import money_sum
from wuye.servicedesk.tests.factories import at

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def books():
    return Books()


def test_run_charges_handed_over_units_prorated(books):
    full = books.unit(area="100.00")
    half = books.unit(area="80.00", handover=dt.date(2026, 11, 16))
    later = books.unit(handover=dt.date(2026, 12, 5))
    books.unit(handover=None)  # not handed over: no billing
    result = books.run()
    assert not result.already_run and result.run.charge_count == 4
    amounts = {(c.unit_id, c.fee_item.code): c.amount for c in Charge.objects.select_related("fee_item")}
    assert amounts == {
        (full.pk, "mgmt"): D("250.00"),
        (full.pk, "garbage"): D("10.00"),
        (half.pk, "mgmt"): D("100.00"),
        (half.pk, "garbage"): D("5.00"),
    }
    assert later.pk not in {u for u, _ in amounts}
    assert result.run.total_amount == D("365.00") == sum(amounts.values())
    half_charge = Charge.objects.get(unit=half, fee_item=books.mgmt)
    assert half_charge.period_start == dt.date(2026, 11, 16) and half_charge.period_end == dt.date(
        2026, 11, 30
    )


def test_second_run_creates_nothing_and_says_so(books):
    books.unit()
    first = books.run()
    second = books.run()
    assert second.already_run and second.run == first.run
    assert Charge.objects.count() == 2 and ChargeRun.objects.count() == 1


def test_dry_run_writes_nothing(books):
    books.unit(area="100.00")
    books.unit(area="50.00")
    preview = services.charge_run_preview(
        project=books.project, period_start=dt.date(2026, 11, 1), acting_user=books.manager
    )
    assert preview.charge_count == 4 and preview.total_amount == D("395.00")
    assert preview.by_fee_item["mgmt"]["amount"] == D("375.00")
    assert len(preview.sample) == 4
    assert not Charge.objects.exists() and not ChargeRun.objects.exists()
    assert books.run().run.total_amount == preview.total_amount


def test_quarter_run(books):
    books.unit(area="100.00", handover=dt.date(2026, 11, 1))
    result = books.run(start=dt.date(2026, 10, 1), months=3)
    charge = Charge.objects.get(fee_item=books.mgmt)
    assert (charge.amount, charge.period_start, charge.period_end) == (
        D("500.00"),
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 31),
    )
    assert result.run.period_end == dt.date(2026, 12, 31)


def test_fee_item_without_tariff_is_reported_not_silently_zero(books):
    from wuye.billing.models import FeeItem

    FeeItem.objects.create(
        project=books.project, code="lift", name="电梯费", kind="income", basis="area_month"
    )
    books.unit()
    preview = services.charge_run_preview(
        project=books.project, period_start=dt.date(2026, 11, 1), acting_user=books.manager
    )
    assert preview.zero_rate_items == ["电梯费"]


def test_prepayment_credit_is_consumed_by_later_runs(books):
    unit = books.unit(area="100.00")
    paid = books.pay(unit, "1560.00", key="prepay-6")  # six months of 260.00
    assert paid.credited == D("1560.00")
    books.run(start=dt.date(2026, 11, 1))
    books.run(start=dt.date(2026, 12, 1))
    assert all(c.allocated == c.amount for c in Charge.objects.filter(unit=unit))
    from wuye.billing.services.payments import credit_balance

    assert credit_balance(unit.pk) == D("1560.00") - 2 * D("260.00")


@pytest.mark.parametrize("batch_size", [1, 2, 500])
def test_credit_pays_many_units_in_batches_exactly(books, batch_size, monkeypatch):
    """Set-based credit: the same allocations whatever the batch size; partial credit pays the oldest
    charge first; the ledger's stored totals equal its rows."""
    from wuye.billing import selectors
    from wuye.billing.services import credit
    from wuye.billing.services.payments import credit_balance

    monkeypatch.setattr(credit, "CREDIT_BATCH", batch_size)
    units = [books.unit(area="100.00") for _ in range(5)]  # 260.00 a month each
    prepaid = {units[0]: "1560.00", units[1]: "100.00", units[2]: "260.00", units[3]: "0.01"}
    for unit, amount in prepaid.items():
        books.pay(unit, amount, key=f"pre-{unit.pk}")
    books.run(start=dt.date(2026, 11, 1))
    from wuye.billing.models import ChargeRun

    assert ChargeRun.objects.get().credit_applied == D("260.00") + D("100.00") + D("260.00") + D("0.01")
    allocated = {u: sum(c.allocated for c in Charge.objects.filter(unit=u)) for u in units}
    assert allocated == {
        units[0]: D("260.00"),
        units[1]: D("100.00"),
        units[2]: D("260.00"),
        units[3]: D("0.01"),
        units[4]: D("0.00"),
    }
    first = Charge.objects.filter(unit=units[1]).order_by("period_start", "id").first()
    assert first.allocated == min(first.amount, D("100.00"))  # oldest charge first
    assert [credit_balance(u.pk) for u in units] == [D("1300.00"), D("0.00"), D("0.00"), D("0.00"), D("0.00")]
    assert all(selectors.ledger_check(u) for u in units)


def test_paid_ticket_fees_become_charges_once(books):
    from wuye.servicedesk.models import Ticket
    from wuye.servicedesk.tests.factories import Desk

    desk = Desk()
    ticket = desk.through_completion(desk.repair())
    Ticket.objects.filter(pk=ticket.pk).update(
        is_paid=True, fee=D("135.50"), project=books.project, unit=books.unit()
    )
    result = books.run()
    assert result.ticket_charges == 1
    charge = Charge.objects.get(ticket=ticket)
    assert charge.amount == D("135.50") and charge.source == "ticket"
    ticket.refresh_from_db()
    assert ticket.fee_charged_at is not None
    assert services.charge_tickets(project=books.project, acting_user=books.manager) == 0


def test_period_must_start_on_the_first(books):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        books.run(start=dt.date(2026, 11, 2))


def test_only_billing_managers_run(books):
    from wuye.accounts.choices import Role
    from wuye.core.tests.factories import staff

    with pytest.raises(PermissionDeniedError):
        services.charge_run_create(
            project=books.project,
            period_start=dt.date(2026, 11, 1),
            acting_user=staff(Role.CS_ASSISTANT, books.project),
        )


# --- paid services in a run (issue 8) --------------------------------------------------------------


@pytest.fixture
def desk():
    from wuye.servicedesk.tests.factories import Desk

    return Desk()


@pytest.mark.parametrize(
    ("completed_at", "due"),
    [
        (at(2026, 11, 30, 9), dt.date(2026, 11, 30)),
        (at(2026, 11, 30, 23, 50), dt.date(2026, 11, 30)),
        (at(2026, 12, 1, 0, 30), dt.date(2026, 12, 1)),  # 11-30 16:30 UTC: the local date counts
    ],
)
def test_a_paid_service_is_due_on_its_completion_date_not_the_runs(books, desk, completed_at, due):
    with time_machine.travel(at(2026, 12, 2, 10), tick=False):
        ticket = paid_ticket(books, desk, fee="50.00", completed_at=completed_at)
        books.run(start=dt.date(2026, 10, 1))  # the October run's own charges fall due on 10-15
        charge = Charge.objects.get(ticket=ticket)
        assert Charge.objects.filter(source="run").values_list(
            "due_date", flat=True
        ).distinct().get() == dt.date(2026, 10, 15)
        assert (charge.due_date, charge.period_start, charge.period_end) == (due, due, due)
        assert charge.due_date >= timezone.localtime(ticket.completed_at).date()


def test_preview_includes_the_paid_services_and_equals_what_the_run_creates(books, desk):
    with time_machine.travel(at(2026, 11, 30, 18), tick=False):
        unit = books.unit(area="100.00")  # 250.00 + 10.00
        first = paid_ticket(books, desk, fee="50.00", completed_at=at(2026, 11, 20, 15), unit=unit)
        second = paid_ticket(books, desk, fee="35.50", completed_at=at(2026, 11, 28, 11), unit=unit)
        preview = services.charge_run_preview(
            project=books.project, period_start=dt.date(2026, 11, 1), acting_user=books.manager
        )
        assert (preview.charge_count, preview.total_amount, preview.ticket_charges) == (4, D("345.50"), 2)
        assert preview.by_fee_item["paid-service"] == {"name": "特约服务费", "count": 2, "amount": D("85.50")}
        assert [(s["ticket"], s["amount"], s["from"]) for s in preview.sample[:2]] == [
            (first.number, D("50.00"), dt.date(2026, 11, 20)),
            (second.number, D("35.50"), dt.date(2026, 11, 28)),
        ]
        assert [s["ticket"] for s in preview.sample[2:]] == [None, None]
        assert not Charge.objects.exists() and not FeeItem.objects.filter(code="paid-service").exists()
        result = books.run()
        assert result.run.total_amount == preview.total_amount == money_sum(Charge.objects.all())
        assert (
            result.run.charge_count == preview.charge_count == result.charge_count == Charge.objects.count()
        )
        assert result.total_amount == preview.total_amount and result.by_fee_item == preview.by_fee_item
        again = services.charge_run_preview(
            project=books.project, period_start=dt.date(2026, 12, 1), acting_user=books.manager
        )
        assert again.ticket_charges == 0 and "paid-service" not in again.by_fee_item  # charged once


def test_preview_sample_lists_paid_services_first_within_its_size(books, desk):
    with time_machine.travel(at(2026, 11, 30, 18), tick=False):
        units = [books.unit() for _ in range(3)]
        ticket = paid_ticket(books, desk, fee="20.00", completed_at=at(2026, 11, 2), unit=units[0])
        preview = services.charge_run_preview(
            project=books.project, period_start=dt.date(2026, 11, 1), acting_user=books.manager, sample_size=3
        )
        assert [s["ticket"] for s in preview.sample] == [ticket.number, None, None]
        assert preview.charge_count == 3 * 2 + 1
