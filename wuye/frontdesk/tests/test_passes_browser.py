"""A moving-out release pass in a real browser (Playwright + Debian's chromium, fixtures from
wuye/core/tests/browser.py): the desk assistant prepares a tenant's moving-out pass and is refused
because the unit owes a repair fee (the form says what is owed); the cashier takes the payment; the
pass is prepared, the owner's consent by phone recorded and the pass issued; at the gate, on a
phone-sized page, the guard types the number, sees the items, checks them and releases the goods
once; the same pass is refused in red the second time (also from a gate page opened before the
release). Screenshots go to test-artifacts/passes_*.png.

Nothing asserts on label text (the Chinese catalogue may lag): elements are found by id, name and
the data they show (numbers, unit codes, items, amounts).
"""

import re

import pytest

from wuye.core.tests.browser import assert_fits_width, log_in, screenshot
from wuye.frontdesk.models import ReleasePass
from wuye.frontdesk.tests.factories_passes import Desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_new_pass(page, desk):
    form = page.locator("form#pass-form")
    form.locator("#id_unit_code").fill(desk.unit.code)
    form.locator("input[name=kind][value=moving_out]").check(force=True)
    form.locator("input[name=carrier_kind][value=tenant]").check(force=True)
    form.locator("#id_carrier_name").fill(desk.tenant.name)
    form.locator("#id_carrier_mobile").fill("13912345678")
    form.locator("#id_item_name_1").fill("双人床")
    form.locator("#id_item_quantity_1").fill("1")
    form.locator("#id_item_name_2").fill("纸箱")
    form.locator("#id_item_quantity_2").fill("12")
    form.locator("button[type=submit]").click()


def _act(page, action: str, *, fields=None, radios=None, checks=()):
    from playwright.sync_api import expect

    box = page.locator(f"details#{action}")
    expect(box).to_have_count(1)
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for name, value in (fields or {}).items():
        box.locator(f"#id_{action}-{name}").fill(value)
    for name, value in (radios or {}).items():
        box.locator(f"input[name='{action}-{name}'][value='{value}']").check(force=True)
    for name in checks:
        box.locator(f"#id_{action}-{name}").check()
    box.locator("button[type=submit]").click()


def test_moving_out_refused_for_arrears_paid_issued_released_once(live_server, new_page):
    from playwright.sync_api import expect

    desk = Desk()
    desk.owe("120.00")

    page = new_page()
    log_in(page, live_server.url, desk.assistant.username, "/frontdesk/passes/new/")
    _fill_new_pass(page, desk)
    # refused: the unit owes 120.00 for the repair; the form says so and nothing is created
    expect(page.locator("form#pass-form .f-kind.has-error")).to_contain_text("120")
    expect(page.locator("form#pass-form .errorlist.nonfield")).to_contain_text("维修费")
    assert not ReleasePass.objects.exists()
    screenshot(page, "passes_refused_for_arrears")

    desk.pay("120.00")  # at the cashier

    _fill_new_pass(page, desk)
    expect(page).to_have_url(re.compile(r"/frontdesk/passes/\d+/$"))
    number = page.locator("#pass-number").inner_text().strip()
    assert number == ReleasePass.objects.get().number
    expect(page.locator("#pass-status")).to_have_attribute("data-status", "draft")

    # the owner is phoned (number and name prefilled from the unit's owner) and agrees
    _act(page, "consent", fields={"note": "业主同意租户搬出"}, radios={"answer": "agreed"})
    expect(page.locator("#consent-answer")).to_have_attribute("data-answer", "agreed")
    _act(page, "approve", checks=["carrier_signed"])
    expect(page.locator("#pass-status")).to_have_attribute("data-status", "approved")
    with page.expect_popup() as popup:
        page.locator("#print-pass").click()
    assert popup.value.url.endswith("/pass.pdf")
    screenshot(page, "passes_issued")

    # the gate, on a phone: one guard's page opened now, another after it
    guard = new_page(390, 844)
    log_in(guard, live_server.url, desk.guard.username, "/gate/")
    late = new_page(390, 844)
    log_in(late, live_server.url, desk.guard.username, f"/gate/?number={number}")
    expect(late.locator("form#gate-release")).to_have_count(1)

    guard.locator("#id_number").fill(number.lower())
    guard.locator("#gate-find").click()
    expect(guard.locator("#gate-items")).to_contain_text("双人床")
    expect(guard.locator("#gate-items")).to_contain_text("12")
    expect(guard.locator("#gate-refusal")).to_have_count(0)
    assert_fits_width(guard)
    screenshot(guard, "passes_gate_check")
    guard.locator("#id_release-items_checked").check()
    guard.locator("#gate-release-button").click()
    expect(guard.locator("#gate-released")).to_contain_text(number)
    assert ReleasePass.objects.get().status == "used"
    screenshot(guard, "passes_gate_released")

    # the second time: refused in red, no release button
    guard.locator("#id_number").fill(number)
    guard.locator("#gate-find").click()
    expect(guard.locator("#gate-refusal")).to_be_visible()
    expect(guard.locator("#gate-refusal")).to_contain_text(number)
    expect(guard.locator("form#gate-release")).to_have_count(0)
    screenshot(guard, "passes_gate_refused")
    # and from the page opened before the release
    late.locator("#id_release-items_checked").check()
    late.locator("#gate-release-button").click()
    expect(late.locator("#gate-refusal")).to_contain_text(str(desk.guard))
    assert ReleasePass.objects.get().status == "used"
