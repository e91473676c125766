"""Gate cash and non-resident rent are billing payments with receipts (issue 9): the cashier's daily
close counts them by method, listed with their receipts, with the same totals as before."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from wuye.accounts.choices import Role
from wuye.billing.models import Charge, Payment, Receipt
from wuye.billing.pdf import receipt_lines
from wuye.billing.selectors import arrears_total, cashier_close
from wuye.billing.services import payment_create, receipt_void, walk_in_payment_create
from wuye.core.errors import BusinessRuleError
from wuye.core.tests.factories import staff
from wuye.parking import services
from wuye.parking.tests.factories import Garage

pytestmark = pytest.mark.django_db
D = Decimal
CN = dt.timezone(dt.timedelta(hours=8))
NOON = dt.datetime(2026, 11, 26, 12, 0, tzinfo=CN)


@pytest.fixture
def garage():
    return Garage()


def _non_resident_rental(garage, plate="沪C66666"):
    stranger = services.vehicle_register(
        project=garage.project, plate=plate, licence_owner="外来车主", acting_user=garage.desk
    )
    return garage.rent(
        vehicle=stranger,
        licence_plate=plate,
        unit=None,
        start=dt.date(2026, 11, 16),
        end=dt.date(2027, 1, 15),
    )


def test_close_totals_of_a_day_with_gate_cash_and_non_resident_rent(garage):
    """The day: a unit pays ¥100 at the desk, a visitor pays ¥3.00 at the gate, a non-resident pays
    ¥198.39 rent. Before issue 9 the close showed ¥100 takings and the two parking sums beside them
    (¥301.39 in all; this test first ran green against that, with `takings + parking sums`); the
    parking sums stay as they were and the same ¥301.39 is now the takings, all of it cash, with a
    receipt for each of the three payments."""
    with time_machine.travel(NOON, tick=False):
        payment_create(
            unit=garage.unit,
            method="cash",
            amount="100.00",
            idempotency_key="desk-1",
            acting_user=garage.cashier,
        )
        stay = services.session_open(
            project=garage.project,
            plate="京B12345",
            acting_user=garage.guard,
            entered_at=NOON - dt.timedelta(hours=2, minutes=30),
        )
        services.session_close(session=stay, acting_user=garage.guard)
        rental = _non_resident_rental(garage)
        services.rental_collect_cash(rental=rental, acting_user=garage.cashier)
    close = cashier_close(project=garage.project, day=NOON.date())
    assert close["parking_cash"] == {"count": 1, "total": D("3.00")}
    assert close["parking_rent_cash"] == {"count": 1, "total": D("198.39")}
    assert close["takings"] == D("301.39")
    assert close["by_method"] == [{"method": "cash", "count": 3, "total": D("301.39")}]
    assert len(close["receipts_issued"]) == 3
    assert close["ledger"]["allocated"] + close["ledger"]["prepayment_credit"] == D("301.39")
    assert close["reconciles"]
    # by cashier: the gate cash is the guard's, the rent and the desk payment the cashier's
    by_guard = cashier_close(project=garage.project, day=NOON.date(), cashier=garage.guard)
    assert (by_guard["takings"], by_guard["parking_cash"], by_guard["parking_rent_cash"]["count"]) == (
        D("3.00"),
        {"count": 1, "total": D("3.00")},
        0,
    )
    by_cashier = cashier_close(project=garage.project, day=NOON.date(), cashier=garage.cashier)
    assert by_cashier["takings"] == D("298.39") and by_cashier["parking_cash"]["count"] == 0


def _closed_in_cash(garage, plate="京B12345"):
    with time_machine.travel(NOON, tick=False):
        stay = services.session_open(
            project=garage.project,
            plate=plate,
            acting_user=garage.guard,
            entered_at=NOON - dt.timedelta(hours=2, minutes=30),
        )
        return services.session_close(session=stay, acting_user=garage.guard)


def test_gate_cash_is_one_walk_in_payment_with_a_receipt(garage):
    stay = _closed_in_cash(garage)
    payment = Payment.objects.get(idempotency_key=services.session_payment_key(stay))
    assert (payment.unit, payment.method, payment.amount, payment.cashier) == (
        None,
        "cash",
        D("3.00"),
        garage.guard,
    )
    assert payment.received_at == stay.exited_at and payment.payer == "京B12345"
    assert stay.charge.unit is None and stay.charge.fee_item.code == "temp-parking"
    assert (stay.charge.amount, stay.charge.allocated) == (D("3.00"), D("3.00"))
    receipt = payment.receipt
    assert receipt.issued_by == garage.guard
    lines = receipt_lines(receipt)
    assert [(line["label"], line["amount"]) for line in lines] == [("临时停车费", D("3.00"))]


def test_a_retried_gate_close_makes_no_second_payment(garage):
    stay = _closed_in_cash(garage)
    with time_machine.travel(NOON, tick=False), pytest.raises(BusinessRuleError) as exc:
        services.session_close(session=stay, acting_user=garage.guard)
    assert exc.value.code == "session_closed"
    # the payment itself is idempotent on the stay's key: posting it again answers the first one
    first = Payment.objects.get(idempotency_key=services.session_payment_key(stay))
    again = walk_in_payment_create(
        fee_item=stay.charge.fee_item,
        amount=stay.amount,
        source="parking",
        description="again",
        idempotency_key=services.session_payment_key(stay),
        acting_user=garage.guard,
    )
    assert again.replayed and again.payment == first and again.receipt == first.receipt
    assert Payment.objects.filter(project=garage.project).count() == 1
    assert Receipt.objects.filter(project=garage.project).count() == 1


def test_a_failed_payment_leaves_the_stay_open(garage, monkeypatch):
    """Atomic: the stay is closed and its cash receipted together, or neither."""

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("wuye.parking.services.gate.walk_in_payment_create", broken)
    with time_machine.travel(NOON, tick=False):
        stay = services.session_open(
            project=garage.project,
            plate="京B12345",
            acting_user=garage.guard,
            entered_at=NOON - dt.timedelta(hours=3),
        )
        with pytest.raises(RuntimeError):
            services.session_close(session=stay, acting_user=garage.guard)
    stay.refresh_from_db()
    assert stay.exited_at is None and not Charge.objects.filter(project=garage.project).exists()


def test_no_receipt_for_a_free_stay_or_one_on_account(garage):
    with time_machine.travel(NOON, tick=False):
        free = services.session_open(
            project=garage.project, plate="京B00001", acting_user=garage.guard, entered_at=NOON
        )
        services.session_close(session=free, acting_user=garage.guard, settlement="free")
        on_account = services.session_open(
            project=garage.project,
            plate="京B00002",
            acting_user=garage.guard,
            entered_at=NOON - dt.timedelta(hours=3),
        )
        services.session_close(
            session=on_account, acting_user=garage.guard, settlement="account", unit=garage.unit
        )
    assert not Payment.objects.filter(project=garage.project).exists()


def test_non_resident_rent_is_a_walk_in_payment_with_a_receipt(garage):
    with time_machine.travel(NOON, tick=False):
        rental = _non_resident_rental(garage)
        services.rental_collect_cash(rental=rental, acting_user=garage.cashier)
        with pytest.raises(BusinessRuleError):
            services.rental_collect_cash(rental=rental, acting_user=garage.cashier)
    rental.refresh_from_db()
    payment = Payment.objects.get(idempotency_key=services.rental_payment_key(rental))
    assert (payment.unit, payment.amount, payment.cashier, payment.payer) == (
        None,
        D("198.39"),
        garage.cashier,
        rental.renter_name,
    )
    assert rental.cash_paid_at == payment.received_at
    charge = payment.allocations.get().charge
    assert (charge.fee_item.code, charge.period_start, charge.period_end) == (
        "parking-rent",
        dt.date(2026, 11, 16),
        dt.date(2027, 1, 15),
    )
    assert payment.receipt.number == 1  # the project's one receipt sequence
    with time_machine.travel(NOON, tick=False):
        desk = payment_create(
            unit=garage.unit,
            method="cash",
            amount="10.00",
            idempotency_key="desk-2",
            acting_user=garage.cashier,
        )
    assert desk.receipt.number == 2


def test_a_walk_in_receipt_can_be_voided(garage):
    stay = _closed_in_cash(garage)
    receipt = Receipt.objects.get(payment__idempotency_key=services.session_payment_key(stay))
    receipt_void(receipt=receipt, reason="收错车", acting_user=garage.cashier)
    close = cashier_close(project=garage.project, day=NOON.date())
    assert close["takings"] == D("0.00") and close["parking_cash"] == {"count": 0, "total": D("0.00")}
    assert close["reconciles"]
    # its charge is open again, but a visitor without an account is not in the arrears
    stay.charge.refresh_from_db()
    assert stay.charge.allocated == D("0.00")
    assert arrears_total(projects=[garage.project], as_of=NOON.date()) == D("0.00")


def test_api_close_answers_the_receipt_number(garage, api_client):
    api_client.force_authenticate(garage.guard)
    with time_machine.travel(NOON, tick=False):
        opened = api_client.post(
            "/api/v1/parking/sessions/",
            {
                "project": garage.project.pk,
                "plate": "京B12345",
                "entered_at": (NOON - dt.timedelta(hours=2, minutes=30)).isoformat(),
            },
            format="json",
        )
        assert opened.status_code == 201, opened.content
        assert (opened.json()["receipt"], opened.json()["receipt_number"]) == (None, None)
        closed = api_client.post(f"/api/v1/parking/sessions/{opened.json()['id']}/close/", {}, format="json")
    assert closed.status_code == 200, closed.content
    body = closed.json()
    receipt = Receipt.objects.get(payment__idempotency_key=f"parking-session:{body['id']}")
    assert (body["receipt"], body["receipt_number"]) == (receipt.pk, receipt.display_number)
    assert body["charge"] == receipt.payment.allocations.get().charge_id
    listed = api_client.get(f"/api/v1/parking/sessions/?project={garage.project.pk}").json()["results"]
    assert listed[0]["receipt_number"] == receipt.display_number


def test_api_collect_cash_answers_the_receipt_number(garage, api_client):
    rental = _non_resident_rental(garage)
    api_client.force_authenticate(garage.cashier)
    body = api_client.post(f"/api/v1/parking/rentals/{rental.pk}/collect-cash/").json()
    receipt = Receipt.objects.get(payment__idempotency_key=services.rental_payment_key(rental))
    assert (body["receipt"], body["receipt_number"]) == (receipt.pk, receipt.display_number)


def test_gate_page_offers_the_receipt_after_a_cash_close(garage, client):
    client.force_login(garage.guard)
    with time_machine.travel(NOON, tick=False):
        stay = services.session_open(
            project=garage.project,
            plate="京B12345",
            acting_user=garage.guard,
            entered_at=NOON - dt.timedelta(hours=2, minutes=30),
        )
        response = client.post(f"/parking/gate/{stay.pk}/close/", {"settlement": "cash"})
        assert response.status_code == 302 and response.url.endswith(f"?closed={stay.pk}")
        page = client.get(response.url).content.decode()
    receipt = Receipt.objects.get(payment__idempotency_key=services.session_payment_key(stay))
    assert f"/billing/receipts/{receipt.pk}/pdf/" in page and receipt.display_number in page
    # the guard who took the cash may show its receipt (no other billing page)
    shown = client.get(f"/billing/receipts/{receipt.pk}/")
    assert shown.status_code == 200 and "临时停车费" in shown.content.decode()
    assert client.get("/billing/close/").status_code == 403
    other_guard = staff(Role.SECURITY, garage.project)
    client.force_login(other_guard)
    assert client.get(f"/billing/receipts/{receipt.pk}/").status_code == 403


def test_the_guard_prints_the_walk_in_receipt(garage, client):
    stay = _closed_in_cash(garage)
    receipt = Receipt.objects.get(payment__idempotency_key=services.session_payment_key(stay))
    client.force_login(garage.guard)
    pdf = client.get(f"/billing/receipts/{receipt.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_cashier_gets_the_rent_receipt_in_the_console(garage, client):
    rental = _non_resident_rental(garage)
    client.force_login(garage.cashier)
    response = client.post(f"/parking/rentals/{rental.pk}/collect-cash/")
    receipt = Receipt.objects.get(payment__idempotency_key=services.rental_payment_key(rental))
    assert response.status_code == 302 and response.url == f"/billing/receipts/{receipt.pk}/"
    page = client.get("/parking/rentals/?all=1").content.decode()
    assert f"/billing/receipts/{receipt.pk}/" in page and receipt.display_number in page
