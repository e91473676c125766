"""Parking services: plates, rentals (checks, resident rule, no overlap, rent charges), cards and
their deposits, temporary stays."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from wuye.billing.models import Charge, DepositEntry
from wuye.billing.services import deposit_refund_decide
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tests.factories import OwnershipFactory
from wuye.parking import services
from wuye.parking.models import ParkingSpace, Session
from wuye.parking.plates import normalize_plate
from wuye.parking.services import rentals_on
from wuye.parking.tests.factories import Garage

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.mark.parametrize(
    ("raw", "plate"),
    [
        ("京A12345", "京A12345"),
        ("粤b·d12345", "粤BD12345"),
        ("沪A 12345F", "沪A12345F"),
        ("苏E-1234学", "苏E1234学"),
        ("浙AF1234", "浙AF1234"),
        ("粤BDA1234", "粤BDA1234"),
    ],
)
def test_valid_plates(raw, plate):
    assert normalize_plate(raw) == plate


@pytest.mark.parametrize(
    "raw", ["京A1234", "京A123456789", "AA12345", "京112345", "京AI2345", "粤BX12345", ""]
)
def test_invalid_plates_have_a_clear_error(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_plate(raw)
    assert exc.value.messages


@pytest.fixture
def garage():
    return Garage()


def test_rental_charges_the_rent_month_by_month(garage):
    rental = garage.rent(start=dt.date(2026, 11, 16), end=dt.date(2027, 1, 31))
    assert rental.is_resident and rental.monthly_rent == D("100.00")
    amounts = list(
        Charge.objects.filter(unit=garage.unit).order_by("period_start").values_list("amount", flat=True)
    )
    assert amounts == [D("50.00"), D("100.00"), D("100.00")]  # 15/30 of November, then full months


def test_overlapping_rentals_are_refused(garage):
    garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    with pytest.raises(BusinessRuleError) as exc:
        garage.rent(start=dt.date(2026, 11, 30), end=dt.date(2026, 12, 31))
    assert exc.value.code == "space_taken"
    garage.rent(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31))  # adjacent is fine


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"licence_plate": "京A54321"}, "licence_plate"),
        ({"identity_checked": False}, "identity_checked"),
        ({"renter_mobile": "123"}, "renter_mobile"),
        ({"end_date": dt.date(2026, 10, 1)}, "end_date"),
    ],
)
def test_rental_checks(garage, changes, field):
    with pytest.raises(ValidationError) as exc:
        garage.rent(**changes)
    assert field in exc.value.message_dict


def test_non_residents_only_at_the_standard_rate(garage):
    stranger = services.vehicle_register(
        project=garage.project, plate="沪B88888", licence_owner="外来车主", acting_user=garage.desk
    )
    with pytest.raises(ValidationError):
        garage.rent(vehicle=stranger, licence_plate="沪B88888", unit=None, monthly_rent="80")
    rental = garage.rent(vehicle=stranger, licence_plate="沪B88888", unit=None)
    assert not rental.is_resident and rental.monthly_rent == D("100.00")


def test_owned_space_needs_the_letting_contract(garage):
    other = OwnershipFactory(unit__building=garage.unit.building, owner__project=garage.project).owner
    ParkingSpace.objects.filter(pk=garage.space.pk).update(owner=other)
    garage.space.refresh_from_db()
    with pytest.raises(BusinessRuleError):
        garage.rent()
    ParkingSpace.objects.filter(pk=garage.space.pk).update(let_contract_on_file=True)
    garage.rent()


def test_card_deposit_held_and_refunded_through_the_ledger(garage):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0), tick=False):
        rental = garage.rent()
        card = services.card_issue(rental=rental, number="IC-0001", acting_user=garage.cashier)
        assert card.deposit.amount == D("50.00")
        with pytest.raises(ValidationError):
            services.card_issue(rental=rental, number="IC-0001", acting_user=garage.cashier)
        refund = services.card_return(card=card, acting_user=garage.cashier)
        deposit_refund_decide(refund=refund, approve=True, acting_user=garage.manager)
    entries = list(DepositEntry.objects.filter(deposit=card.deposit).values_list("kind", "amount"))
    assert entries == [("received", D("50.00")), ("refunded", D("-50.00"))]


def test_lost_card_keeps_the_deposit(garage):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0), tick=False):
        card = services.card_issue(rental=garage.rent(), number="IC-9", acting_user=garage.cashier)
        refund = services.card_return(card=card, acting_user=garage.cashier, lost=True)
    assert refund.refund_amount == 0 and refund.deduction_total == D("50.00")


def test_a_returned_card_number_can_be_issued_again_to_the_same_rental(garage):
    """Regression: the default idempotency key was card:<rental>:<number>, so issuing a returned card
    again replayed the first payment and crashed on its deposit (already the returned card's)."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0), tick=False):
        rental = garage.rent()
        first = services.card_issue(rental=rental, number="IC-7", acting_user=garage.cashier)
        services.card_return(card=first, acting_user=garage.cashier)
        second = services.card_issue(rental=rental, number="IC-7", acting_user=garage.cashier)
    assert second.deposit_id != first.deposit_id and second.deposit.amount == D("50.00")


def test_only_cashiers_take_card_deposits(garage):
    with pytest.raises(PermissionDeniedError):
        services.card_issue(rental=garage.rent(), number="IC-1", acting_user=garage.desk)


def test_temporary_stay_cash_and_account(garage):
    entered = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(entered + dt.timedelta(hours=5), tick=False):
        session = services.session_open(
            project=garage.project, plate="粤B D12345", acting_user=garage.guard, entered_at=entered
        )
        with pytest.raises(BusinessRuleError):
            services.session_open(project=garage.project, plate="粤BD12345", acting_user=garage.guard)
        closed = services.session_close(session=session, acting_user=garage.guard)
    assert (closed.amount, closed.settlement) == (D("5.00"), Session.Settlement.CASH)
    with time_machine.travel(entered + dt.timedelta(hours=30), tick=False):
        second = services.session_open(
            project=garage.project,
            plate="粤BD12345",
            acting_user=garage.guard,
            entered_at=entered + dt.timedelta(hours=6),
        )
        closed = services.session_close(
            session=second, acting_user=garage.guard, settlement="account", unit=garage.unit
        )
    assert closed.charge.amount == closed.amount and closed.charge.unit == garage.unit


def test_a_fee_is_never_waived_at_the_gate(garage):
    """Regression: settlement "free" closed a paying stay without charging it."""
    entered = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(entered + dt.timedelta(hours=5), tick=False):
        session = services.session_open(
            project=garage.project, plate="粤BD12345", acting_user=garage.guard, entered_at=entered
        )
        with pytest.raises(ValidationError) as exc:
            services.session_close(session=session, acting_user=garage.guard, settlement="free")
        assert "settlement" in exc.value.message_dict
        free = services.session_open(project=garage.project, plate="粤BD54321", acting_user=garage.guard)
        closed = services.session_close(session=free, acting_user=garage.guard, settlement="free")
    assert (closed.amount, closed.settlement) == (D("0.00"), Session.Settlement.FREE)


def test_monday_list(garage):
    rental = garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert list(rentals_on(garage.project, dt.date(2026, 11, 23))) == [rental]
    assert list(rentals_on(garage.project, dt.date(2026, 12, 7))) == []


def test_gate_cash_appears_in_the_cashier_close(garage):
    from django.utils import timezone

    from wuye.billing.selectors import cashier_close

    session = services.session_open(
        project=garage.project,
        plate="京B12345",
        acting_user=garage.guard,
        entered_at=timezone.now() - dt.timedelta(hours=2, minutes=30),
    )
    services.session_close(session=session, acting_user=garage.guard)
    close = cashier_close(project=garage.project, day=timezone.localdate())
    assert close["parking_cash"] == {"count": 1, "total": D("3.00")}


def test_non_resident_rent_is_paid_in_cash_and_counted(garage):
    from django.utils import timezone

    from wuye.billing.selectors import cashier_close

    stranger = services.vehicle_register(
        project=garage.project, plate="沪C66666", licence_owner="外来车主", acting_user=garage.desk
    )
    rental = garage.rent(
        vehicle=stranger,
        licence_plate="沪C66666",
        unit=None,
        start=dt.date(2026, 11, 16),
        end=dt.date(2027, 1, 15),
    )
    assert rental.rent_total == D("198.39")  # 15/30 Nov + Dec + 15/31 Jan = 50.00 + 100.00 + 48.39
    with pytest.raises(PermissionDeniedError):
        services.rental_collect_cash(rental=rental, acting_user=garage.desk)
    services.rental_collect_cash(rental=rental, acting_user=garage.cashier)
    with pytest.raises(BusinessRuleError):
        services.rental_collect_cash(rental=rental, acting_user=garage.cashier)
    close = cashier_close(project=garage.project, day=timezone.localdate())
    assert close["parking_rent_cash"] == {"count": 1, "total": rental.rent_total}


def test_collect_cash_through_api_and_console(garage, client, api_client):
    stranger = services.vehicle_register(
        project=garage.project, plate="沪C77777", licence_owner="外来车主", acting_user=garage.desk
    )
    first = garage.rent(
        vehicle=stranger,
        licence_plate="沪C77777",
        unit=None,
        start=dt.date(2026, 11, 1),
        end=dt.date(2026, 11, 30),
    )
    api_client.force_authenticate(garage.desk)
    assert api_client.post(f"/api/v1/parking/rentals/{first.pk}/collect-cash/").status_code == 403
    api_client.force_authenticate(garage.cashier)
    response = api_client.post(f"/api/v1/parking/rentals/{first.pk}/collect-cash/")
    assert response.status_code == 200 and response.json()["cash_paid_at"]
    assert api_client.post(f"/api/v1/parking/rentals/{first.pk}/collect-cash/").json()["code"] == "rent_paid"
    second = garage.rent(
        vehicle=stranger,
        licence_plate="沪C77777",
        unit=None,
        start=dt.date(2026, 12, 1),
        end=dt.date(2026, 12, 31),
    )
    client.force_login(garage.cashier)
    page = client.get("/parking/rentals/?all=1").content.decode()
    assert f"/parking/rentals/{second.pk}/collect-cash/" in page
    assert client.post(f"/parking/rentals/{second.pk}/collect-cash/").status_code == 302
    second.refresh_from_db()
    assert second.cash_paid_at is not None and second.cash_collected_by == garage.cashier
