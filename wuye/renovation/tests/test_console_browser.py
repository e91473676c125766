"""One renovation from the application to the deposit refund in a real browser (Playwright +
Debian's chromium, fixtures from wuye/core/tests/browser.py): the assistant registers the
application and adds the documents, submits; the customer-service head signs, the engineering lead
approves; the assistant records the preparation and a worker; the cashier charges the fees and the
deposit; the permit is issued, the engineer inspects the entry; each department patrols once; the
owner applies for completion and engineering and security accept it; three months later (accepted_on
set back in the database) the assistant prepares the refund, every party signs, the project
manager approves, and the register shows the renovation closed. Screenshots go to
test-artifacts/renovation_*.png.

Nothing asserts on label text (the Chinese catalogue may lag): elements are found by id, name and
the data they show."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from wuye.core.tests.browser import log_in, screenshot
from wuye.renovation.models import Patrol, Renovation
from wuye.renovation.tests.factories import CREDIT_CODE, RESPONSIBLE_ID
from wuye.renovation.tests.factories_completion import CompletionSite, worker_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWINGS = ("plan_drawing", "ceiling_drawing", "pipeline_drawing", "low_voltage_drawing", "section_drawing")


def _open(page, name: str):
    """The action's <details> opened (clicking its summary when closed); returns its form."""
    details = page.locator(f"details#action-{name}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator("form")


def _act(page, name: str, fields=None, checks=(), selects=None, radios=None, button=None):
    form = _open(page, name)
    for field, value in (fields or {}).items():
        form.locator(f"#id_{name}-{field}").fill(value)
    for field in checks:
        form.locator(f"#id_{name}-{field}").check()
    for field, value in (selects or {}).items():
        form.locator(f"#id_{name}-{field}").select_option(value)
    for field, value in (radios or {}).items():
        form.locator(f"input[name='{name}-{field}'][value='{value}']").check(force=True)
    submit = (
        form.locator(f"button[name=decision][value={button}]")
        if button
        else form.locator("button[type=submit]").first
    )
    with page.expect_navigation():
        submit.click()


def _state(page, step: str) -> str:
    return page.locator(f"#step-{step}").get_attribute("data-state")


def test_one_renovation_from_application_to_refund(live_server, new_page):
    from playwright.sync_api import expect

    site = CompletionSite()
    base = live_server.url
    today = timezone.localdate()

    page = new_page()
    log_in(page, base, site.assistant.username, "/renovations/new/")
    form = page.locator("#application-form")
    form.locator("#id_unit_code").fill(site.unit.code)
    form.locator("#id_scope").fill("厨卫改造、墙面、吊顶")
    form.locator("#id_planned_start").fill(f"{today + dt.timedelta(days=7):%Y-%m-%d}")
    form.locator("#id_planned_end").fill(f"{today + dt.timedelta(days=60):%Y-%m-%d}")
    form.locator("#id_company_name").fill("北京美家装饰工程有限公司")
    form.locator("#id_company_credit_code").fill(CREDIT_CODE)
    form.locator("#id_company_responsible").fill("王建国")
    form.locator("#id_company_responsible_id_number").fill(RESPONSIBLE_ID)
    form.locator("#id_company_mobile").fill("13912345678")
    form.locator("#id_commitment_signed").check()
    form.locator("#id_notes_handed_over").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/renovations/\d+/$"))
    url = page.url.removeprefix(base)
    renovation = Renovation.objects.get(unit=site.unit)

    # the file: a wrong licence number is refused on the form, then every document
    _act(page, "document", {"reference": "123"}, selects={"kind": "business_licence"})
    expect(page.locator("#action-document .has-error #id_document-reference")).to_have_count(1)
    for kind in DRAWINGS:
        _act(page, "document", {"reference": ""}, selects={"kind": kind}, checks=["stamped"])
    _act(page, "document", {"reference": CREDIT_CODE}, selects={"kind": "business_licence"})
    _act(page, "document", {"reference": RESPONSIBLE_ID}, selects={"kind": "responsible_id"})
    _act(
        page,
        "document",
        {"reference": "D211000001", "expires_on": f"{today + dt.timedelta(days=365):%Y-%m-%d}"},
        selects={"kind": "qualification"},
    )
    expect(page.locator("[data-missing=file]")).to_have_count(0)
    _act(page, "submit")
    assert _state(page, "file") == "done"
    screenshot(page, "renovation_submitted")

    supervisor = new_page()
    log_in(supervisor, base, site.supervisor.username, url)
    _act(supervisor, "sign-approval", selects={"party": "cs_head"})
    lead = new_page()
    log_in(lead, base, site.engineering_lead.username, url)
    _act(lead, "decide", {"note": "同意施工"}, button="approve")
    expect(lead.locator("#renovation-status")).to_have_attribute("data-status", "approved")

    page.reload()
    _act(page, "prepare", checks=["owner_confirmed", "briefed"], selects={"agreement_signer": "owner"})
    assert _state(page, "preparation") == "done"
    _act(page, "worker", {"name": "李木工", "id_number": worker_id(11), "trade": "木工"})
    expect(page.locator("table.reno-workers tr[data-worker]")).to_have_count(1)

    cashier = new_page()
    log_in(cashier, base, site.cashier.username, url)
    _act(cashier, "fees")
    expect(cashier.locator("#deposit-held")).to_have_count(1)

    page.reload()
    _act(page, "permit")
    expect(page.locator("#permit-number")).to_have_count(1)
    expect(page.locator("a.permit-pdf")).to_have_count(1)
    assert (
        page.request.get(base + page.locator("a.permit-pdf").get_attribute("href"))
        .headers["content-type"]
        .startswith("application/pdf")
    )

    engineer = new_page()
    log_in(engineer, base, site.engineer.username, url)
    _act(
        engineer,
        "start",
        {"water_reading": "12.30", "electricity_reading": "456.70", "inspected_with": "王建国"},
        radios={"water_test_passed": "yes"},
    )
    expect(engineer.locator("#renovation-status")).to_have_attribute("data-status", "in_progress")
    expect(engineer.locator("a.entry-pdf")).to_have_count(1)

    guard = new_page()
    log_in(guard, base, site.guard.username, url)
    for who in (page, engineer, guard):
        who.reload()
        _act(who, "patrol", {"findings": "现场整洁"}, checks=["all_in_order"])
    assert set(Patrol.objects.filter(renovation=renovation).values_list("department", flat=True)) == {
        "customer_service",
        "engineering",
        "security",
    }
    expect(guard.locator("table.reno-patrols tr[data-patrol]")).to_have_count(3)
    screenshot(guard, "renovation_on_site")

    page.reload()
    agreed = timezone.localtime() + dt.timedelta(days=1)
    _act(page, "complete", {"agreed_at": f"{agreed:%Y-%m-%d %H:%M}"})
    engineer.reload()
    _act(
        engineer,
        "accept",
        selects={"engineering_inspector": str(site.engineer.pk), "security_inspector": str(site.guard.pk)},
        radios={"passed": "yes"},
    )
    expect(engineer.locator("#accepted-on")).to_have_count(1)

    # three months later
    Renovation.objects.filter(pk=renovation.pk).update(
        accepted_on=today - dt.timedelta(days=100), refundable_on=today - dt.timedelta(days=8)
    )
    page.reload()
    _act(page, "refund", {"comment": "按期退还"})
    expect(page.locator("#renovation-status")).to_have_attribute("data-status", "refund_requested")
    _act(page, "sign-refund", selects={"party": "customer_service"})
    _act(page, "sign-refund", {"signer_name": renovation.owner.name}, selects={"party": "owner"})
    _act(page, "sign-refund", {"signer_name": "王建国"}, selects={"party": "company"})
    engineer.reload()
    _act(engineer, "sign-refund", selects={"party": "engineering"})
    guard.reload()
    _act(guard, "sign-refund", selects={"party": "security"})
    supervisor.reload()
    _act(supervisor, "sign-refund", selects={"party": "centre_head"})
    expect(supervisor.locator("[data-missing=refund]")).to_have_count(0)

    manager = new_page()
    log_in(manager, base, site.manager.username, url)
    _act(manager, "refund-decide", {"comment": "同意"}, button="approve")
    expect(manager.locator("#renovation-status")).to_have_attribute("data-status", "closed")
    expect(manager.locator("a.memo-pdf")).to_have_count(1)
    screenshot(manager, "renovation_closed")

    manager.goto(f"{base}/renovations/?stage=closed")
    row = manager.locator(f"table.reno-register tr[data-renovation='{renovation.pk}']")
    expect(row).to_have_attribute("data-status", "closed")
    screenshot(manager, "renovation_register")
