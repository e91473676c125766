"""Handing over one unit in a real browser (Playwright + Debian's chromium, fixtures from
wuye/core/tests/browser.py): the assistant opens the unit's form from the batch page, checks the
buyer against the roster (a wrong ID number is refused on the form), fills the archive, the safety
letter and the fees; the cashier takes the six months; the assistant records keys and the signed
receipt, finishes, and finds the unit in the daily handover report. Screenshots go to
test-artifacts/handover_*.png.

Nothing asserts on label text (the Chinese catalogue may lag): elements are found by id, name and
the data they show (unit codes, dates).
"""

import re

import pytest
from django.utils import timezone

from wuye.core.tests.browser import log_in, screenshot
from wuye.handover.models import Handover
from wuye.handover.tests.factories import Venue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page, step: str, fields: dict, checks=()):
    from playwright.sync_api import expect

    form = page.locator("form.step-form")
    expect(form.locator(f"input[name=step][value={step}]")).to_have_count(1)
    for name, value in fields.items():
        form.locator(f"#id_{name}").fill(value)
    for name in checks:
        form.locator(f"#id_{name}").check()
    form.locator("button[type=submit]").click()


def test_one_unit_from_roster_check_to_keys_and_the_daily_report(live_server, new_page):
    from playwright.sync_api import expect

    venue = Venue()
    unit, name, id_number = venue.unit(area="100.00")
    page = new_page()
    log_in(page, live_server.url, venue.assistant.username, f"/handover/batches/{venue.batch.pk}/")
    page.locator("#id_unit_code").fill(unit.code)
    page.locator("form[action$='/start/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/handover/units/\d+/$"))
    handover_url = page.url
    _step(page, "roster_verified", {"name": name, "id_number": "110105198001010011"})
    expect(page.locator("form.step-form .has-error #id_id_number")).to_have_count(1)  # refused, says which
    _step(page, "roster_verified", {"name": name, "id_number": id_number})
    _step(page, "documents_collected", {"documents": "身份证复印件"}, checks=["id_copied"])
    _step(
        page,
        "archive_completed",
        {"mobile": "13812345678", "emergency_mobile": "13912345678", "birthday": "1980-05-01"},
    )
    _step(page, "safety_letter_signed", {}, checks=["signed"])
    _step(page, "fees_computed", {})
    expect(page.locator("li[data-step=fees_computed].done")).to_have_count(1)
    expect(page.locator("form.step-form")).to_have_count(0)  # the payment is the cashier's
    screenshot(page, "handover_unit_form")

    desk = new_page()
    log_in(desk, live_server.url, venue.cashier.username, handover_url.removeprefix(live_server.url))
    _step(desk, "paid", {})
    expect(desk.locator("li[data-step=paid].done")).to_have_count(1)
    expect(desk.locator("form.step-form")).to_have_count(0)  # the keys are the assistant's again

    page.reload()
    _step(page, "keys_prepared", {"key_count": "3"}, checks=["handbooks"])
    _step(page, "documents_signed", {}, checks=["receipt_signed"])
    page.locator("form[action$='/finish/'] button[type=submit]").click()
    expect(page.locator("li[data-step=recorded].done")).to_have_count(1)
    handover = Handover.objects.get(unit=unit)
    assert handover.status == "handed_over"
    unit.refresh_from_db()
    assert unit.status == "vacant"

    page.goto(
        f"{live_server.url}/handover/batches/{venue.batch.pk}/daily/?day={timezone.localdate():%Y-%m-%d}"
    )
    expect(page.locator("table.daily")).to_contain_text(unit.code)
    expect(page.locator(".handed-today")).to_have_text("1")
    screenshot(page, "handover_daily_report")
