"""The cashier's desk in a real browser (Playwright + Debian's chromium, fixtures from
wuye/core/tests/browser.py): the cashier finds a unit by its code, ticks one charge (the amount
follows), double-clicks "take the payment" (one payment, one receipt), prints the receipt; a
phone-width desk does not overflow. Screenshots go to test-artifacts/billing_*.png.

Nothing asserts on label text (the Chinese catalogue may lag): elements are found by id, name and
the data they show (unit codes, amounts, receipt numbers).
"""

import datetime as dt
import re
from decimal import Decimal

import pytest

from wuye.billing.models import Charge, Payment, Receipt
from wuye.billing.tests.factories import Books
from wuye.core.tests.browser import assert_fits_width, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    screenshot(page, f"billing_{name}")


@pytest.fixture
def books():
    books = Books()
    unit = books.unit(area="100.00", code="3-2-1201")
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    books.unit_under_test = unit
    return books


def test_cashier_takes_one_charge_and_prints_the_receipt(live_server, new_page, books):
    from playwright.sync_api import expect

    unit = books.unit_under_test
    page = new_page()
    log_in(page, live_server.url, books.cashier.username, "/billing/desk/")
    page.locator("#id_unit").fill("3-2-1201")
    page.locator("#unit-lookup button[type=submit]").click()
    expect(page.locator("#payment-form")).to_be_visible()
    amount = page.locator("#id_amount")
    expect(amount).to_have_value("520.00")  # everything open by default
    october_fee = Charge.objects.get(unit=unit, fee_item=books.mgmt, period_start=dt.date(2026, 10, 1))
    page.locator(f"#charge-{october_fee.pk}").check()
    expect(amount).to_have_value("250.00")  # the amount follows the ticked charges
    page.locator("#id_payer").fill("王先生")
    _shot(page, "desk")
    page.locator("#take-payment").dblclick()  # a double click must not pay twice
    expect(page).to_have_url(re.compile(r"/billing/receipts/\d+/$"))
    receipt = Receipt.objects.get()
    expect(page.locator("h1")).to_contain_text(receipt.display_number)
    _shot(page, "receipt")
    assert Payment.objects.count() == 1 and receipt.payment.amount == Decimal("250.00")
    october_fee.refresh_from_db()
    assert october_fee.allocated == october_fee.amount
    with page.expect_popup() as popup:
        page.locator(f"a[href='/billing/receipts/{receipt.pk}/pdf/']").first.click()
    pdf = popup.value
    pdf.wait_for_load_state()
    assert pdf.url.endswith(f"/billing/receipts/{receipt.pk}/pdf/")
    page.goto(f"{live_server.url}/billing/units/{unit.pk}/")
    expect(page.locator("main")).to_contain_text(receipt.display_number)
    _shot(page, "unit_account")


def test_desk_and_reports_fit_a_phone(live_server, new_page, books):
    from playwright.sync_api import expect

    books.pay(books.unit_under_test, "100.00", key="phone")
    page = new_page(width=390, height=844)
    log_in(page, live_server.url, books.cashier.username, "/billing/desk/?unit=3-2-1201")
    expect(page.locator("#payment-form")).to_be_visible()
    assert_fits_width(page)
    _shot(page, "desk_phone")
    for path, name in (
        ("/billing/arrears/?as_of=2027-01-31", "arrears"),
        ("/billing/close/", "close"),
        ("/billing/charge-runs/?period=2026-12&months=1", "charge_run_preview"),
        ("/billing/deposits/", "deposits"),
        ("/billing/meters/", "meters"),
    ):
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        _shot(page, name)
