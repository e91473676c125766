"""The service desk in a real browser (Playwright + Debian's chromium), pattern of
wuye/estate/tests/test_browser.py: an assistant takes a repair through the intake form with the
keyboard and dispatches it, an engineer accepts, starts and completes it, the assistant records the
return visit from the worklist, and the supervisor sees it counted on the three-rates report.

The UI is Chinese-first and the catalogue may lag, so nothing here asserts on label text: elements
are found by id, name, value, URL and the data they show (ticket numbers, unit codes).
"""

import re

import pytest

from wuye.accounts.choices import Role
from wuye.core.tests.browser import assert_fits_width, log_in, screenshot
from wuye.core.tests.factories import BuildingFactory, ProjectFactory, UnitFactory, staff
from wuye.servicedesk.choices import Status
from wuye.servicedesk.models import ReturnVisit, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    screenshot(page, f"servicedesk_{name}")


def _status(page):
    return page.locator("#ticket-status")


def test_repair_from_intake_to_return_visit(live_server, new_page):
    from playwright.sync_api import expect

    project = ProjectFactory(name="翠湖花园")
    unit = UnitFactory(building=BuildingFactory(project=project, number="7"), code="7-1-1201")
    assistant = staff(Role.CS_ASSISTANT, project, username="kefu", display_name="周晓雯")
    engineer = staff(Role.ENGINEER, project, username="gongcheng", display_name="刘振华")
    supervisor = staff(Role.CS_SUPERVISOR, project, username="zhuguan", display_name="陈立新")
    base = live_server.url

    # 1. the assistant takes the call: keyboard only, from the autofocused unit code to Ctrl+Enter
    desk = new_page(1366, 768)
    log_in(desk, base, assistant.username, next_path="/tickets/new/")
    expect(desk.locator("#id_unit_code")).to_be_focused()
    desk.keyboard.type("7-1-1201")
    desk.keyboard.press("Tab")  # public area
    desk.keyboard.press("Tab")
    expect(desk.locator("#id_caller_number")).to_be_focused()
    desk.keyboard.type("13812345678")
    desk.locator("#id_contact_name").fill("王女士")
    desk.locator("#id_contact_phone").fill("13812345678")
    desk.locator("label:has(input[name=category][value=repair_in_unit])").click()
    expect(desk.locator("input[name=category][value=repair_in_unit]")).to_be_checked()
    expect(desk.locator(".answer-box")).to_be_hidden()  # only consultations are answered on the spot
    desk.locator("#id_content").fill("卫生间水管漏水，地面有积水")
    _shot(desk, "intake_1366x768")
    desk.locator("#id_content").press("Control+Enter")

    expect(desk).to_have_url(re.compile(r"/tickets/\d+/$"))
    ticket = Ticket.objects.get(project=project)
    assert (ticket.unit, ticket.category, ticket.received_by) == (unit, "repair_in_unit", assistant)
    expect(desk.locator(".messages li")).to_contain_text(ticket.number)
    expect(_status(desk)).to_have_attribute("data-status", Status.RECEIVED)

    # 2. dispatch: the form is open at the top of the action column
    dispatch = desk.locator("details#dispatch")
    expect(dispatch).to_have_attribute("open", "")
    dispatch.locator("select[name=dispatch-department]").select_option("engineering")
    dispatch.locator("select[name=dispatch-assignee]").select_option(str(engineer.pk))
    dispatch.locator("button[type=submit]").click()
    expect(_status(desk)).to_have_attribute("data-status", Status.DISPATCHED)
    expect(desk.locator('[data-field="assignee"]')).to_contain_text("刘振华")
    _shot(desk, "detail_dispatched_1366x768")

    # 3. the engineer, on a phone: accept, start, complete
    phone = new_page(390, 844)
    log_in(phone, base, engineer.username, next_path="/tickets/queue/engineering/")
    row = phone.locator(f'tr[data-ticket="{ticket.number}"]')
    expect(row).to_be_visible()
    expect(row.locator("time.countdown")).to_be_visible()
    assert_fits_width(phone)
    _shot(phone, "queue_390x844")
    row.get_by_role("link", name=ticket.number).click()
    expect(phone).to_have_url(f"{base}/tickets/{ticket.pk}/")
    assert_fits_width(phone)
    phone.locator("details#accept button[type=submit]").click()
    expect(_status(phone)).to_have_attribute("data-status", Status.ACCEPTED)
    start = phone.locator("details#start")
    expect(start).to_have_attribute("open", "")
    start.locator("textarea[name=start-note]").fill("已到现场")
    start.locator("button[type=submit]").click()
    expect(_status(phone)).to_have_attribute("data-status", Status.IN_PROGRESS)
    complete = phone.locator("details#complete")
    complete.locator("textarea[name=complete-result]").fill("更换进水软管")
    complete.locator("input[name=complete-labour_hours]").fill("0.5")
    complete.locator("textarea[name=complete-materials]").fill("进水软管 ×1")
    complete.locator("button[type=submit]").click()
    expect(_status(phone)).to_have_attribute("data-status", Status.COMPLETED)
    assert_fits_width(phone)
    _shot(phone, "detail_completed_390x844")

    # 4. the assistant finds it on the return-visit worklist and records a satisfied customer
    desk.goto(base + "/tickets/return-visits/")
    visit_row = desk.locator("table.tickets tbody tr", has=desk.get_by_role("link", name=ticket.number))
    expect(visit_row).to_have_count(1)
    visit_row.locator("a.button").click()
    expect(desk).to_have_url(re.compile(rf"/tickets/{ticket.pk}/\?do=return_visit#return_visit$"))
    form = desk.locator("details#return_visit")
    expect(form).to_have_attribute("open", "")
    form.locator("label:has(input[name=return_visit-solved][value='1'])").click()
    form.locator("label:has(input[name=return_visit-satisfaction][value=satisfied])").click()
    form.locator("textarea[name=return_visit-comment]").fill("业主表示满意")
    _shot(desk, "return_visit_form_1366x768")
    form.locator("button[type=submit]").click()
    expect(_status(desk)).to_have_attribute("data-status", Status.RETURN_VISITED)
    visit = ReturnVisit.objects.get(ticket=ticket)
    assert (visit.solved, visit.satisfaction, visit.done_by) == (True, "satisfied", assistant)
    expect(desk.locator("ol.timeline li")).to_have_count(6)  # intake + five status changes

    # 5. the supervisor's three-rates report counts it in the return-visit rate
    from wuye.reports.selectors import KPI_KEYS

    report = new_page(1366, 768)
    log_in(report, base, supervisor.username, next_path="/reports/three-rates/")
    rows = report.locator("table.rates tbody tr")
    expect(rows.first).to_be_visible()
    column = 1 + 4 * KPI_KEYS.index("return_visit")  # label cell, then 4 cells per KPI
    count = rows.first.locator("td").nth(column).inner_text().strip()
    numerator, denominator = (int(x) for x in count.split("/"))
    assert denominator >= 1 and numerator >= 1, count
    _shot(report, "three_rates_1366x768")
