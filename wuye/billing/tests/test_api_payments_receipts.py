"""API: /api/v1/payments/ (idempotent: a replay returns the first result and receipt) and
/api/v1/receipts/ (void with a reason, printable PDF) — with the permission matrix."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest

from wuye.accounts.choices import Role
from wuye.billing.models import Charge, Deposit, Payment, Receipt
from wuye.billing.tests.conftest import assert_error, post
from wuye.core.tests.factories import OwnershipFactory, resident_user, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
D = Decimal
PAYMENTS = "/api/v1/payments/"
RECEIPTS = "/api/v1/receipts/"


@pytest.fixture
def billed(books):
    """A unit with October and November charged (2 × 260.00)."""
    unit = books.unit(area="100.00")
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    return unit


def pay(unit, amount="300.00", key="key-1", **extra):
    return {"unit": unit.pk, "method": "cash", "amount": amount, "idempotency_key": key, **extra}


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


# --- payments -----------------------------------------------------------------------------------


def test_anonymous_gets_401(api_client, books, billed):
    receipt = books.pay(billed, "10.00").receipt
    assert_error(api_client.get(PAYMENTS), 401, "not_authenticated")
    assert_error(post(api_client, PAYMENTS, pay(billed)), 401)
    assert_error(api_client.get(RECEIPTS), 401)
    assert_error(api_client.get(f"{RECEIPTS}{receipt.pk}/pdf/"), 401)
    assert_error(post(api_client, f"{RECEIPTS}{receipt.pk}/void/", {"reason": "x"}), 401)


def test_payment_pays_oldest_first_and_keeps_the_rest_as_credit(login, books, billed):
    client = login(books.cashier)
    response = post(client, PAYMENTS, pay(billed, "600.00", payer="王先生", reference="现金"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["allocated"], body["credited"], body["replayed"]) == ("520.00", "80.00", False)
    assert body["payment"]["cashier"] == books.cashier.pk and body["payment"]["payer"] == "王先生"
    receipt = body["receipt"]
    assert receipt["number"] == "2026-000001" and receipt["amount"] == "600.00"
    assert [line["kind"] for line in receipt["lines"]] == ["charge"] * 4 + ["prepayment"]
    assert receipt["lines"][-1]["amount"] == "80.00"
    assert all(c.allocated == c.amount for c in Charge.objects.all())
    second = post(client, PAYMENTS, pay(billed, "20.00", key="key-2")).json()
    assert second["receipt"]["number"] == "2026-000002"  # continuous per project and year


def test_payment_of_chosen_charges(login, books, billed):
    november = Charge.objects.filter(period_start=dt.date(2026, 11, 1)).order_by("id")
    chosen = [c.pk for c in november]
    body = post(login(books.cashier), PAYMENTS, pay(billed, "260.00", charge_ids=chosen)).json()
    assert {line["charge"] for line in body["receipt"]["lines"]} == set(chosen)
    assert not Charge.objects.filter(period_start=dt.date(2026, 10, 1), allocated__gt=0).exists()


def test_replay_returns_the_first_result(login, books, billed):
    client = login(books.cashier)
    first = post(client, PAYMENTS, pay(billed, "300.00", key="desk-42"))
    again = post(client, PAYMENTS, pay(billed, "300.00", key="desk-42"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["replayed"] is True
    assert again.json()["receipt"]["number"] == first.json()["receipt"]["number"]
    assert again.json()["payment"]["id"] == first.json()["payment"]["id"]
    assert (again.json()["allocated"], again.json()["credited"]) == (
        first.json()["allocated"],
        first.json()["credited"],
    )
    # the Idempotency-Key header is the same key
    header = post(
        client,
        PAYMENTS,
        {"unit": billed.pk, "method": "cash", "amount": "300.00"},
        HTTP_IDEMPOTENCY_KEY="desk-42",
    )
    assert (
        header.status_code == 200 and header.json()["receipt"]["number"] == first.json()["receipt"]["number"]
    )
    assert Payment.objects.count() == 1 and Receipt.objects.count() == 1
    # the same key for a different payment is refused
    body = assert_error(
        post(client, PAYMENTS, pay(billed, "301.00", key="desk-42")),
        400,
        "idempotency_key_reused",
        "idempotency_key",
    )
    assert body["message"]
    assert Payment.objects.count() == 1


def test_header_key_pays_once(login, books, billed):
    client = login(books.cashier)
    data = {"unit": billed.pk, "method": "pos", "amount": "100.00", "reference": "POS-778812"}
    assert post(client, PAYMENTS, data, HTTP_IDEMPOTENCY_KEY="pos-1").status_code == 201
    assert post(client, PAYMENTS, data, HTTP_IDEMPOTENCY_KEY="pos-1").status_code == 200
    assert Payment.objects.get().idempotency_key == "pos-1"
    assert_error(
        post(client, PAYMENTS, {**data, "idempotency_key": "pos-2"}, HTTP_IDEMPOTENCY_KEY="pos-3"),
        400,
        "validation_error",
        "idempotency_key",
    )


def test_payment_bad_input_is_400_with_fields(login, books, billed, other):
    client = login(books.cashier)
    assert_error(
        post(client, PAYMENTS, {"unit": billed.pk, "method": "cash", "amount": "5"}),
        400,
        "validation_error",
        "idempotency_key",
    )
    assert_error(post(client, PAYMENTS, pay(billed, "-5")), 400, "validation_error", "amount")
    assert_error(post(client, PAYMENTS, pay(billed, "0")), 400, "validation_error", "amount")
    assert_error(post(client, PAYMENTS, pay(billed, method="bitcoin")), 400, "validation_error", "method")
    # an offset against a deposit is recorded by a refund approval, not taken as money
    assert_error(post(client, PAYMENTS, pay(billed, method="deposit")), 400, "validation_error", "method")
    other_unit = books.unit()
    books.run(start=dt.date(2026, 9, 1))
    foreign = Charge.objects.filter(unit=other_unit).first()
    assert_error(
        post(client, PAYMENTS, pay(billed, charge_ids=[foreign.pk])), 400, "validation_error", "charge_ids"
    )
    assert_error(
        post(client, PAYMENTS, pay(billed, received_at="2026-12-01T10:00:00+08:00")),
        400,
        "event_in_future",
        "received_at",
    )
    assert_error(
        post(client, PAYMENTS, pay(billed, deposit_purpose="car")), 400, "validation_error", "deposit_purpose"
    )
    # a unit of another project does not exist for this cashier
    assert_error(post(client, PAYMENTS, pay(other.unit())), 400, "validation_error", "unit")
    assert not Payment.objects.exists()


def test_the_service_refuses_a_deposit_offset_as_money(books, billed):
    """The API input no longer offers `deposit`; the service refuses it too (only refund approvals
    record offsets against a deposit)."""
    from django.core.exceptions import ValidationError

    from wuye.billing import services

    with pytest.raises(ValidationError) as caught:
        services.payment_create(
            unit=billed, method="deposit", amount=D("10"), idempotency_key="offset", acting_user=books.cashier
        )
    assert "method" in caught.value.message_dict
    assert not Payment.objects.exists()


def test_only_cashiers_take_payments(login, books, billed):
    for role in (Role.CS_ASSISTANT, Role.PROJECT_MANAGER, Role.ENGINEER):
        assert_error(
            post(login(staff(role, books.project)), PAYMENTS, pay(billed, key=f"k-{role}")),
            403,
            "permission_denied",
        )
    ownership = OwnershipFactory(unit=billed)
    resident = login(resident_user(owner=ownership.owner))
    assert_error(post(resident, PAYMENTS, pay(billed)), 403, "permission_denied")
    assert_error(resident.get(PAYMENTS), 403, "permission_denied")
    assert not Payment.objects.exists()


def test_payment_paid_late_keeps_its_time(login, books, billed):
    body = post(login(books.cashier), PAYMENTS, pay(billed, received_at="2026-11-25T16:30:00+08:00")).json()
    assert body["payment"]["received_at"].startswith("2026-11-25T16:30:00")


def test_a_deposit_is_taken_as_a_payment(login, books, billed):
    body = post(
        login(books.cashier),
        PAYMENTS,
        pay(billed, "2000.00", deposit_purpose="renovation", reference="ZX-01"),
    ).json()
    assert (body["allocated"], body["credited"]) == ("0.00", "0.00")
    assert [line["kind"] for line in body["receipt"]["lines"]] == ["deposit"]
    deposit = Deposit.objects.get()
    assert (deposit.purpose, deposit.amount, deposit.unit) == ("renovation", D("2000.00"), billed)
    assert_error(
        post(
            login(books.cashier),
            PAYMENTS,
            pay(billed, "50", key="k9", deposit_purpose="ic_card", charge_ids=[Charge.objects.first().pk]),
        ),
        400,
        "validation_error",
        "charge_ids",
    )


def test_payments_list_other_project_and_query_count(
    login, books, billed, other, django_assert_max_num_queries
):
    for n in range(5):
        books.pay(billed, f"{10 + n}.00", key=f"p{n}")
    client = login(books.cashier)
    with django_assert_max_num_queries(5):
        body = client.get(PAYMENTS).json()
    assert body["count"] == 5 and body["results"][0]["receipt"]["number"].startswith("2026-")
    assert client.get(PAYMENTS, {"method": "pos"}).json()["count"] == 0
    foreign = login(other.cashier)
    assert foreign.get(PAYMENTS).json()["count"] == 0
    assert_error(foreign.get(f"{PAYMENTS}{Payment.objects.first().pk}/"), 404, "not_found")


# --- receipts -----------------------------------------------------------------------------------


def test_void_reopens_the_charges_and_keeps_the_receipt(login, books, billed):
    result = books.pay(billed, "520.00", key="all")
    client = login(books.cashier)
    url = f"{RECEIPTS}{result.receipt.pk}/void/"
    assert_error(post(client, url, {"reason": ""}), 400, "validation_error", "reason")
    response = post(client, url, {"reason": "金额收错"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["voided_at"] and body["void_reason"] == "金额收错" and body["voided_by"] == books.cashier.pk
    assert (
        body["number"] == result.receipt.display_number and len(body["lines"]) == 4
    )  # the original lines stay
    assert all(c.allocated == 0 for c in Charge.objects.all())
    assert_error(post(client, url, {"reason": "again"}), 400, "receipt_already_voided")
    assert client.get(RECEIPTS, {"voided": "true"}).json()["count"] == 1
    assert client.get(RECEIPTS, {"voided": "false"}).json()["count"] == 0


def test_void_permission_matrix(login, books, billed, other):
    receipt = books.pay(billed, "10.00").receipt
    url = f"{RECEIPTS}{receipt.pk}/void/"
    assert_error(post(login(other.cashier), url, {"reason": "x"}), 404, "not_found")
    assert_error(
        post(login(staff(Role.CS_ASSISTANT, books.project)), url, {"reason": "x"}), 403, "permission_denied"
    )
    assert_error(post(login(books.manager), url, {"reason": "x"}), 403, "permission_denied")
    receipt.refresh_from_db()
    assert receipt.voided_at is None


def test_receipt_pdf(login, books, billed):
    receipt = books.pay(billed, "600.00", key="pdf", payer="李女士").receipt
    client = login(books.cashier)
    response = client.get(f"{RECEIPTS}{receipt.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = pdf_text(data)
        assert "收据" in text
        assert receipt.display_number in text and "李女士" in text and "陆佰元整" in text
    post(client, f"{RECEIPTS}{receipt.pk}/void/", {"reason": "重开"})
    if shutil.which("pdftotext"):
        assert "作" in pdf_text(client.get(f"{RECEIPTS}{receipt.pk}/pdf/").content)
    assert_error(login(staff(Role.ENGINEER, books.project)).get(f"{RECEIPTS}{receipt.pk}/pdf/"), 403)


def test_residents_read_and_print_their_own_receipts(login, books, billed):
    ownership = OwnershipFactory(unit=billed)
    mine = books.pay(billed, "10.00", key="mine").receipt
    neighbour = books.unit()
    theirs = books.pay(neighbour, "10.00", key="theirs").receipt
    client = login(resident_user(owner=ownership.owner))
    assert [r["id"] for r in client.get(RECEIPTS).json()["results"]] == [mine.pk]
    assert client.get(f"{RECEIPTS}{mine.pk}/").status_code == 200
    assert client.get(f"{RECEIPTS}{mine.pk}/pdf/").status_code == 200
    assert_error(client.get(f"{RECEIPTS}{theirs.pk}/"), 404)
    assert_error(client.get(f"{RECEIPTS}{theirs.pk}/pdf/"), 404)
    assert_error(post(client, f"{RECEIPTS}{mine.pk}/void/", {"reason": "x"}), 403, "permission_denied")


def test_receipt_list_query_count(login, books, billed, django_assert_max_num_queries):
    client = login(books.cashier)
    books.pay(billed, "300.00", key="r0")
    with django_assert_max_num_queries(7):
        assert client.get(RECEIPTS).json()["count"] == 1
    for n in range(6):
        books.pay(books.unit(), f"{20 + n}.00", key=f"r{n + 1}", deposit_purpose="key" if n % 2 else "")
    with django_assert_max_num_queries(7):
        body = client.get(RECEIPTS).json()
    assert body["count"] == 7 and all(r["lines"] for r in body["results"])
