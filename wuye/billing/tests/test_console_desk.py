"""Console: the cashier desk (find the unit → what is due → take the payment → the receipt) — a
double-submitted form pays once — and the receipt page (print, void). Others get 403."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from wuye.accounts.choices import Role
from wuye.billing.models import Charge, Deposit, Payment, Receipt
from wuye.billing.tests.factories import Books
from wuye.core.tests.factories import OwnershipFactory, resident_user, staff
from wuye.servicedesk.tests.factories import at

pytestmark = pytest.mark.django_db
D = Decimal
NOW = at(2026, 11, 26, 10)
DESK = "/billing/desk/"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def books():
    books = Books()
    books.home = books.unit(area="100.00", code="3-2-1201")
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    return books


def key_of(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def payment_data(books, page, **extra):
    return {
        "unit_id": books.home.pk,
        "idempotency_key": key_of(page),
        "method": "cash",
        "amount": "520.00",
        **extra,
    }


def test_desk_finds_the_unit_and_shows_what_is_due(client, books):
    client.force_login(books.cashier)
    assert client.get(DESK).status_code == 200
    response = client.get(DESK, {"unit": "3-2-1201"})
    page = response.content.decode()
    assert response.context["unit"] == books.home
    assert [c.period_start for c in response.context["open_charges"]] == [dt.date(2026, 10, 1)] * 2 + [
        dt.date(2026, 11, 1)
    ] * 2
    assert response.context["open_total"] == D("520.00")
    assert 'name="amount"' in page and 'value="520.00"' in page  # the amount defaults to the open total
    assert page.count('name="charge_ids"') == 4
    # every rendering carries a fresh idempotency key
    assert key_of(page) != key_of(client.get(DESK, {"unit": "3-2-1201"}).content.decode())


def test_desk_search_by_part_of_the_code(client, books):
    books.unit(code="3-2-1202")
    client.force_login(books.cashier)
    several = client.get(DESK, {"unit": "3-2-12"})
    assert several.context["unit"] is None and len(several.context["matches"]) == 2
    one = client.get(DESK, {"unit": "1201"})
    assert one.context["unit"] == books.home
    none = client.get(DESK, {"unit": "9-9-9"})
    assert none.context["unit"] is None and none.context["searched"]


def test_take_a_payment_and_land_on_the_receipt(client, books):
    client.force_login(books.cashier)
    page = client.get(DESK, {"unit": "3-2-1201"}).content.decode()
    response = client.post(f"{DESK}?unit=3-2-1201", payment_data(books, page, payer="王先生"))
    receipt = Receipt.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/billing/receipts/{receipt.pk}/"
    assert receipt.payment.amount == D("520.00") and receipt.payment.payer == "王先生"
    assert all(c.allocated == c.amount for c in Charge.objects.all())
    shown = client.get(response["Location"]).content.decode()
    assert receipt.display_number in shown and f"/billing/receipts/{receipt.pk}/pdf/" in shown
    pdf = client.get(f"/billing/receipts/{receipt.pk}/pdf/")
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )


def test_a_double_submitted_form_pays_once(client, books):
    client.force_login(books.cashier)
    page = client.get(DESK, {"unit": "3-2-1201"}).content.decode()
    data = payment_data(books, page, amount="300.00")
    first = client.post(DESK, data)
    second = client.post(DESK, data)  # the same form sent again (double click, reload, retry)
    assert Payment.objects.count() == 1 and Receipt.objects.count() == 1
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    follow = client.get(second["Location"])
    assert [m.level_tag for m in follow.context["messages"]] == ["success", "info"]


def test_the_same_form_with_another_amount_is_refused_and_gets_a_new_key(client, books):
    client.force_login(books.cashier)
    page = client.get(DESK, {"unit": "3-2-1201"}).content.decode()
    data = payment_data(books, page, amount="100.00")
    client.post(DESK, data)
    response = client.post(DESK, {**data, "amount": "200.00"})
    assert response.status_code == 200 and Payment.objects.count() == 1
    form = response.context["form"]
    assert form.non_field_errors()
    new_key = key_of(response.content.decode())
    assert new_key != data["idempotency_key"]
    client.post(DESK, {**data, "amount": "200.00", "idempotency_key": new_key})
    assert Payment.objects.count() == 2


def test_pay_chosen_charges(client, books):
    client.force_login(books.cashier)
    page = client.get(DESK, {"unit": "3-2-1201"}).content.decode()
    november = list(Charge.objects.filter(period_start=dt.date(2026, 11, 1)).values_list("pk", flat=True))
    client.post(DESK, payment_data(books, page, amount="260.00", charge_ids=november))
    assert set(Charge.objects.filter(allocated__gt=0).values_list("pk", flat=True)) == set(november)


def test_desk_bad_input_shows_errors_and_pays_nothing(client, books):
    client.force_login(books.cashier)
    page = client.get(DESK, {"unit": "3-2-1201"}).content.decode()
    response = client.post(DESK, payment_data(books, page, amount=""))
    assert response.status_code == 200 and "amount" in response.context["form"].errors
    response = client.post(DESK, payment_data(books, page, amount="0"))
    assert "amount" in response.context["form"].errors  # the service's rule, on the field
    response = client.post(DESK, payment_data(books, page, received_at="2026-12-01T09:00"))
    assert "received_at" in response.context["form"].errors
    assert not Payment.objects.exists()


def test_a_deposit_at_the_desk(client, books):
    client.force_login(books.cashier)
    page = client.get(DESK, {"unit": "3-2-1201"}).content.decode()
    client.post(
        DESK, payment_data(books, page, amount="2000.00", deposit_purpose="renovation", reference="ZX-1")
    )
    deposit = Deposit.objects.get()
    assert (deposit.amount, deposit.reference) == (D("2000.00"), "ZX-1")
    assert not Charge.objects.filter(allocated__gt=0).exists()


def test_only_cashiers_use_the_desk(client, books):
    assert client.get(DESK).status_code == 302  # anonymous: to the login page
    for role in (Role.CS_ASSISTANT, Role.PROJECT_MANAGER, Role.ENGINEER):
        client.force_login(staff(role, books.project))
        assert client.get(DESK, {"unit": "3-2-1201"}).status_code == 403
        assert (
            client.post(
                DESK, {"unit_id": books.home.pk, "idempotency_key": "k", "method": "cash", "amount": "10"}
            ).status_code
            == 403
        )
    ownership = OwnershipFactory(unit=books.home)
    client.force_login(resident_user(owner=ownership.owner))
    assert client.get(DESK).status_code == 403
    assert not Payment.objects.exists()


def test_a_unit_of_another_project_is_not_found(client, books):
    other = Books()
    client.force_login(other.cashier)
    response = client.post(
        DESK, {"unit_id": books.home.pk, "idempotency_key": "k", "method": "cash", "amount": "10"}
    )
    assert response.status_code == 404
    assert client.get(DESK, {"unit": "3-2-1201"}).context["unit"] is None
    assert (
        client.post(
            DESK, {"unit_id": "x", "idempotency_key": "k", "method": "cash", "amount": "10"}
        ).status_code
        == 404
    )
    assert not Payment.objects.exists()


def test_void_a_receipt_from_its_page(client, books):
    receipt = books.pay(books.home, "520.00", key="all").receipt
    url = f"/billing/receipts/{receipt.pk}/"
    client.force_login(books.cashier)
    assert 'id="void-form"' in client.get(url).content.decode()
    assert client.post(f"{url}void/", {"reason": ""}).status_code == 400
    response = client.post(f"{url}void/", {"reason": "金额收错"})
    assert response.status_code == 302
    receipt.refresh_from_db()
    assert receipt.voided_at and receipt.void_reason == "金额收错"
    assert all(c.allocated == 0 for c in Charge.objects.all())
    assert 'id="void-form"' not in client.get(url).content.decode()


def test_receipt_pages_for_others(client, books):
    receipt = books.pay(books.home, "10.00", key="r").receipt
    url = f"/billing/receipts/{receipt.pk}/"
    client.force_login(staff(Role.CS_ASSISTANT, books.project))  # reads billing, takes no payments
    page = client.get(url).content.decode()
    assert receipt.display_number in page and 'id="void-form"' not in page
    assert client.post(f"{url}void/", {"reason": "x"}).status_code == 403
    client.force_login(staff(Role.ENGINEER, books.project))
    assert client.get(url).status_code == 403
    assert client.get(f"{url}pdf/").status_code == 403
    client.force_login(Books().cashier)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}void/", {"reason": "x"}).status_code == 404
    ownership = OwnershipFactory(unit=books.home)
    client.force_login(resident_user(owner=ownership.owner))
    assert client.get(f"{url}pdf/").status_code == 200  # an owner prints their own receipt
    assert client.post(f"{url}void/", {"reason": "x"}).status_code == 403
    receipt.refresh_from_db()
    assert receipt.voided_at is None
