"""Console pages of storage and lending: the registers with their forms and Excel exports, an item's
card and its actions, the daily check, the overdue lists, the workbench card and the menu."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from wuye.core import workbench
from wuye.core.fakes import make_resident_id
from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.frontdesk.choices import LendableState, StorageCategory
from wuye.frontdesk.models import LendableItem, StorageCheck, StoredItem
from wuye.frontdesk.tests.factories_storage_lending import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def login(user):
    c = Client()
    c.force_login(user)
    return c


def _when(hours):
    return timezone.localtime(timezone.now() + dt.timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M")


def test_storage_register_deposit_refusal_and_export(desk):
    c = login(desk.assistant)
    page = c.get("/frontdesk/storage/")
    assert page.status_code == 200 and 'id="deposit"' in page.content.decode()
    form = {
        "deposit-depositor": "王先生",
        "deposit-unit_code": desk.unit.code,
        "deposit-category": "cash",
        "deposit-description": "现金",
        "deposit-quantity": "1",
        "deposit-condition": "完好",
        "deposit-expected_pickup_at": _when(24),
    }
    refused = c.post("/frontdesk/storage/deposit/", form)
    assert refused.status_code == 400
    with override("zh-hans"):
        label = str(StorageCategory.CASH.label)
    assert label in refused.content.decode() and not StoredItem.objects.exists()
    stored = c.post(
        "/frontdesk/storage/deposit/",
        {**form, "deposit-category": "luggage", "deposit-description": "行李箱"},
    )
    assert stored.status_code == 302
    item = StoredItem.objects.get()
    assert item.unit == desk.unit
    listed = c.get("/frontdesk/storage/")
    assert "行李箱" in listed.content.decode()
    export = c.get("/frontdesk/storage/", {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]


def test_stored_item_card_pickup_and_contacted(desk):
    late = desk.overdue_item()
    c = login(desk.assistant)
    card = c.get(f"/frontdesk/storage/{late.pk}/")
    assert card.status_code == 200 and 'id="contacted"' in card.content.decode()
    assert c.post(f"/frontdesk/storage/{late.pk}/contacted/", {"contacted-note": ""}).status_code == 400
    assert c.post(f"/frontdesk/storage/{late.pk}/contacted/", {"contacted-note": "已电话"}).status_code == 302
    body = {
        "pickup-picker_name": "王先生",
        "pickup-stated_item": "行李箱",
        "pickup-stated_deposited_on": timezone.localtime(late.deposited_at).date().isoformat(),
        "pickup-id_type": "resident_id",
        "pickup-id_number": make_resident_id(),
        "pickup-condition_at_pickup": "完好",
    }
    unchecked = c.post(f"/frontdesk/storage/{late.pk}/pickup/", body)
    assert unchecked.status_code == 400
    with override("zh-hans"):
        assert escape(_("Check the item's condition together with the customer before handing it over.")) in (
            unchecked.content.decode()
        )
    done = c.post(f"/frontdesk/storage/{late.pk}/pickup/", {**body, "pickup-condition_checked": "on"})
    assert done.status_code == 302
    assert StoredItem.objects.get(pk=late.pk).status == "picked_up"
    assert c.post(f"/frontdesk/storage/{late.pk}/nonsense/", {}).status_code == 404


def test_overdue_list_and_export(desk):
    late = desk.overdue_item(description="纸箱")
    desk.store(description="书包")
    c = login(desk.guard)
    page = c.get("/frontdesk/storage/overdue/").content.decode()
    assert "纸箱" in page and "书包" not in page
    assert c.get("/frontdesk/storage/overdue/", {"export": "xlsx"}).status_code == 200
    # the guard reads the register but cannot act
    assert 'id="deposit"' not in c.get("/frontdesk/storage/").content.decode()
    assert c.post(f"/frontdesk/storage/{late.pk}/contacted/", {"contacted-note": "x"}).status_code == 403


def test_daily_check_page(desk):
    desk.store()
    c = login(desk.assistant)
    page = c.get("/frontdesk/storage/check/")
    assert page.status_code == 200 and 'id="check"' in page.content.decode()
    assert c.post("/frontdesk/storage/check/", {"check-items_found": "0"}).status_code == 400
    assert c.post("/frontdesk/storage/check/", {"check-items_found": "1"}).status_code == 302
    assert StorageCheck.objects.get().items_expected == 1
    again = c.get("/frontdesk/storage/check/").content.decode()
    assert 'data-check="done"' in again and 'id="check"' not in again


def test_lending_register_lend_return_and_loans(desk):
    c = login(desk.assistant)
    assert c.get("/frontdesk/lending/").status_code == 200
    bad = c.post(
        "/frontdesk/lending/register/",
        {"item-code": "U-01", "item-name": "雨伞", "item-original_price": "-5"},
    )
    assert bad.status_code == 400
    ok = c.post(
        "/frontdesk/lending/register/",
        {"item-code": "U-01", "item-name": "雨伞", "item-original_price": "35"},
    )
    assert ok.status_code == 302
    item = LendableItem.objects.get()
    lend = {
        "lend-borrower": "访客张先生",
        "lend-condition_out": "完好",
        "lend-due_back_at": _when(4),
    }
    assert c.post(f"/frontdesk/lending/{item.pk}/lend/", lend).status_code == 302
    card = c.get(f"/frontdesk/lending/{item.pk}/").content.decode()
    assert "访客张先生" in card and 'id="return"' in card
    returned = c.post(
        f"/frontdesk/lending/{item.pk}/return/", {"return-outcome": "lost", "return-payment_method": "cash"}
    )
    assert returned.status_code == 302
    item.refresh_from_db()
    assert item.state == LendableState.LOST
    loan = item.loans.get()
    assert loan.walk_in_payment is not None and loan.compensation == item.original_price
    assert (
        c.post(f"/frontdesk/lending/{item.pk}/replaced/", {"replaced-condition": "新伞"}).status_code == 302
    )
    assert c.get("/frontdesk/loans/").status_code == 200
    assert c.get("/frontdesk/loans/overdue/").status_code == 200
    assert c.get("/frontdesk/loans/", {"export": "xlsx"}).status_code == 200
    assert c.get("/frontdesk/lending/", {"export": "xlsx"}).status_code == 200


def test_wrong_role_and_other_project(desk):
    item = desk.store()
    engineer = login(staff(Role.ENGINEER, desk.project))
    for url in (
        "/frontdesk/storage/",
        "/frontdesk/lending/",
        "/frontdesk/loans/",
        "/frontdesk/storage/check/",
    ):
        assert engineer.get(url).status_code == 403
    outsider = login(staff(Role.CS_ASSISTANT, Desk().project))
    assert outsider.get(f"/frontdesk/storage/{item.pk}/").status_code == 404


def test_workbench_card_and_menu(desk):
    desk.overdue_item()
    desk.overdue_loan(desk.lendable())
    cards = [
        card
        for card in workbench.cards(user=desk.assistant, project=desk.project, now=timezone.now())
        if card.key == "frontdesk-storage-lending"
    ]
    assert [f.value for f in cards[0].figures] == [1, 1]
    assert [f.url for f in cards[0].figures] == ["/frontdesk/storage/overdue/", "/frontdesk/loans/overdue/"]
    nobody = staff(Role.ENGINEER, desk.project)
    assert not [
        c
        for c in workbench.cards(user=nobody, project=desk.project, now=timezone.now())
        if c.key == "frontdesk-storage-lending"
    ]
    home = login(desk.assistant).get("/").content.decode()
    assert "/frontdesk/storage/" in home and "/frontdesk/lending/" in home
