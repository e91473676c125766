"""A tenant moves in, moves out, and the unit changes hands, in a real browser (Playwright + Debian's
chromium, fixtures from wuye/core/tests/browser.py): the assistant records the tenant's move-in into
a vacant handed-over unit with the lease and sees the unit rented; records the tenant's exit (the
dues are settled and the owner agrees) and sees it vacant again; then records the ownership
transfer, refused first with the missing pieces named (certificate number, prepayment, fire
letter), and accepted once the cashier has taken the six months. Screenshots go to
test-artifacts/occupancy_*.png.

Nothing asserts on label text (the Chinese catalogue may lag): elements are found by id, name,
data attributes and the data they show (unit codes, names).
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from wuye.core.tests.browser import log_in, screenshot
from wuye.estate.models import Lease, Ownership
from wuye.occupancy.models import MoveIn, OwnershipTransfer, TenantExit
from wuye.occupancy.tests.factories import MONTHLY, Estate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page):
    page.locator("form.card button[type=submit]").click()


def _chip(page, name: str, value: str):
    page.locator(f"label:has(input[name={name}][value={value}])").click()


def _unit_status(page, base_url, unit, status: str):
    from playwright.sync_api import expect

    page.goto(f"{base_url}/units/{unit.pk}/")
    expect(page.locator(f"h1 .badge.{status}")).to_have_count(1)


def _is_pdf(page, base_url, link) -> None:
    answer = page.request.get(base_url + link.get_attribute("href"))
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"


def test_tenant_moves_in_then_out_and_the_unit_is_transferred(live_server, new_page):
    from playwright.sync_api import expect

    estate = Estate()
    unit, owner = estate.owned("vacant")  # handed over (2024), 100 m²: 260.00 a month
    today = timezone.localdate()
    estate.bill(unit, start=today.replace(day=1))  # billed to the month's end and paid: settled
    base = live_server.url
    page = new_page()

    # --- the tenant moves in with the lease; the unit is rented --------------------------------
    log_in(page, base, estate.assistant.username, "/occupancy/move-ins/new/")
    page.locator("form.filters #id_unit").fill(unit.code)
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("form.card #id_tenant_name")).to_have_count(1)
    _chip(page, "kind", "tenant")
    page.locator("#id_tenant_name").fill("周租户")
    page.locator("#id_tenant_mobile").fill("13912345678")
    page.locator("#id_lease_end_date").fill((today + dt.timedelta(days=365)).isoformat())
    for name in (
        "commitment_letter_on_file",
        "lease_agreement_on_file",
        "tenant_form_completed",
        "safety_letter_signed",
    ):
        page.locator(f"#id_{name}").check()
    _submit(page)
    expect(page).to_have_url(re.compile(r"/occupancy/move-ins/\d+/$"))
    expect(page.locator("dd[data-status=rented]")).to_have_count(1)
    _is_pdf(page, base, page.locator("a.print-notice"))
    screenshot(page, "occupancy_move_in")
    move_in = MoveIn.objects.get(unit=unit)
    assert move_in.lease.tenant.name == "周租户" and move_in.lease.contract_end_date
    _unit_status(page, base, unit, "rented")

    # --- the tenant leaves: settled, the owner agrees; the unit is vacant -----------------------
    page.goto(f"{base}/occupancy/exits/")
    page.locator("form.filters #id_unit").fill(unit.code)
    page.locator("form.filters button[type=submit]").click()
    page.locator(f"a[href='/occupancy/leases/{move_in.lease_id}/exit/']").click()
    expect(page.locator("li[data-code=owner_consent]")).to_have_count(1)  # the owner is not asked yet
    expect(page.locator("li[data-code=arrears], li[data-code=not_billed]")).to_have_count(0)
    page.locator("#id_moving_date").fill(today.isoformat())
    _chip(page, "owner_consent", "agreed")
    page.locator("#id_items_to_stay").fill("空调两台")
    _submit(page)
    expect(page).to_have_url(f"{base}/occupancy/exits/")
    row = page.locator("tbody tr", has_text=unit.code)
    expect(row).to_contain_text("周租户")
    _is_pdf(page, base, row.locator("a.print-form"))
    screenshot(page, "occupancy_exits")
    assert TenantExit.objects.get(unit=unit).release_pass_allowed
    assert Lease.objects.get(pk=move_in.lease_id).end_date == today
    _unit_status(page, base, unit, "vacant")

    # --- the transfer: refused, saying what is missing; then done --------------------------------
    page.goto(f"{base}/occupancy/transfers/")
    page.locator("form.filters #id_unit").fill(unit.code)
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(f"{base}/occupancy/units/{unit.pk}/transfer/")
    expect(page.locator("li[data-code=prepayment]")).to_have_count(1)
    page.locator("#id_name").fill("吴新业主")
    _submit(page)
    expect(page.locator(".has-error #id_title_certificate_no")).to_have_count(1)
    expect(page.locator(".has-error #id_fire_safety_letter_signed")).to_have_count(1)
    expect(page.locator("ul.errorlist.nonfield li")).to_have_count(2)  # the refusal and the prepayment
    expect(page.locator("li[data-code=prepayment]")).to_have_count(1)
    screenshot(page, "occupancy_transfer_refused")
    assert not OwnershipTransfer.objects.exists()

    estate.pay(unit, MONTHLY * 6)  # the cashier takes six months ahead
    page.reload()  # the page reads the prepayment again
    expect(page.locator("li[data-code=prepayment]")).to_have_count(0)
    page.locator("#id_name").fill("吴新业主")
    page.locator("#id_title_certificate_no").fill("川(2026)成都市不动产权第0099999号")
    page.locator("#id_fire_safety_letter_signed").check()
    _submit(page)
    expect(page).to_have_url(f"{base}/occupancy/transfers/")
    row = page.locator("tbody tr", has_text=unit.code)
    expect(row).to_contain_text("吴新业主")
    expect(row).to_contain_text(owner.name)
    _is_pdf(page, base, row.locator("a.print-form"))
    screenshot(page, "occupancy_transfers")
    owner.refresh_from_db()
    assert owner.transferred_on == today
    assert Ownership.objects.active().get(unit=unit).owner.name == "吴新业主"
