"""One morning of a customer-service assistant, from the workbench, in a real browser (issue 8).

The home page says how many of my steps are overdue; that number opens the list of exactly those
tickets; I dispatch the repair that has waited since early this morning; back on the workbench the
number has dropped by one and the ticket page shows the dispatch step done.

The data is built with the services at explicit times relative to now (a live server cannot freeze
time), so the steps are overdue when the browser looks. Nothing asserts on label text: elements are
found by id, data attributes, URL and the data they show (ticket numbers).
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from wuye.core.tests.browser import assert_fits_width, log_in, screenshot
from wuye.servicedesk import services
from wuye.servicedesk.choices import Status
from wuye.servicedesk.models import Ticket
from wuye.servicedesk.tests.factories import Desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MY_OVERDUE = "#card-my_work a.stat[href*='mine=1'][href*='overdue=1']"


def _my_overdue(page) -> int:
    return int(page.locator(MY_OVERDUE).locator("b").inner_text().strip())


@pytest.fixture
def morning():
    """Three of the assistant's tickets with a step overdue now, one of theirs not yet due, and a
    colleague's overdue ticket that is not theirs."""
    desk = Desk()
    now = timezone.now()
    # received 40 minutes ago and never dispatched (due within 10 minutes)
    waiting = desk.repair(at=now - dt.timedelta(minutes=40), content="卫生间地漏堵塞，水漫出来")
    # completed the day before yesterday; its return visit was due within a day
    returned = desk.through_completion(
        desk.repair(at=now - dt.timedelta(days=2)), start=now - dt.timedelta(days=2)
    )
    # a request passed to the customer-service department 26 hours ago, still without a reply
    asked = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="suggestion",
        unit=desk.unit,
        content="希望在单元门口加装雨棚",
        at=now - dt.timedelta(hours=26),
    )
    services.ticket_dispatch(
        ticket=asked,
        department="customer_service",
        acting_user=desk.assistant,
        at=now - dt.timedelta(hours=26) + dt.timedelta(minutes=3),
    )
    # mine but not late yet (dispatch due in 8 minutes)
    fresh = desk.repair(at=now - dt.timedelta(minutes=2), content="阳台灯不亮")
    # a colleague's, late, not mine
    theirs = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant2,
        category="repair_in_unit",
        unit=desk.unit,
        content="门禁刷卡无反应",
        at=now - dt.timedelta(minutes=40),
    )
    return desk, {"waiting": waiting, "returned": returned, "asked": asked, "fresh": fresh, "theirs": theirs}


def test_assistant_clears_an_overdue_step_from_the_workbench(live_server, new_page, morning):
    from playwright.sync_api import expect

    desk, tickets = morning
    base = live_server.url
    waiting = tickets["waiting"]
    late_mine = {tickets[k].number for k in ("waiting", "returned", "asked")}

    # 1. the workbench: my overdue steps, one figure per ticket with a late step
    page = new_page(1366, 768)
    log_in(page, base, desk.assistant.username, next_path="/")
    expect(page.locator(MY_OVERDUE)).to_have_class(re.compile(r"\btone-bad\b"))
    overdue = _my_overdue(page)
    assert overdue == len(late_mine) == 3
    screenshot(page, "servicedesk_morning_home_1366x768")

    # 2. the number opens the list of exactly those tickets
    page.locator(MY_OVERDUE).click()
    expect(page).to_have_url(re.compile(r"/tickets/\?.*overdue=1"))
    rows = page.locator("table.tickets tbody tr[data-ticket]")
    expect(rows).to_have_count(overdue)
    assert {rows.nth(i).get_attribute("data-ticket") for i in range(overdue)} == late_mine
    expect(page.locator("table.tickets tbody tr.is-overdue")).to_have_count(overdue)

    # 3. open the repair that waited since early this morning: its dispatch step is late
    rows.get_by_role("link", name=waiting.number).click()
    expect(page).to_have_url(f"{base}/tickets/{waiting.pk}/")
    step = page.locator("table.deadlines tr[data-step=dispatch]")
    expect(step).to_have_class(re.compile(r"\bdl-late\b"))
    expect(step).not_to_have_attribute("data-met-at", re.compile(r"."))
    expect(step.locator("time.countdown.overdue")).to_be_visible()
    screenshot(page, "servicedesk_morning_ticket_late_1366x768")

    # 4. dispatch it to engineering, to a named engineer
    dispatch = page.locator("details#dispatch")
    expect(dispatch).to_have_attribute("open", "")
    dispatch.locator("select[name=dispatch-department]").select_option("engineering")
    dispatch.locator("select[name=dispatch-assignee]").select_option(str(desk.engineer.pk))
    dispatch.locator("button[type=submit]").click()
    expect(page.locator("#ticket-status")).to_have_attribute("data-status", Status.DISPATCHED)
    expect(page.locator('[data-field="assignee"]')).to_contain_text(str(desk.engineer))
    # the step is done now (late, so it stays marked late, with the time it was met)
    expect(step).to_have_attribute("data-met-at", re.compile(r"^\d{4}-\d{2}-\d{2}T"))
    expect(step.locator("time.countdown")).to_have_count(0)
    # dispatching arms the engineer's on-site step, not due yet
    expect(page.locator("table.deadlines tr[data-step=on_site]")).to_have_class(re.compile(r"\bdl-pending\b"))
    screenshot(page, "servicedesk_morning_ticket_dispatched_1366x768")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.assignee) == (Status.DISPATCHED, desk.engineer)
    assert waiting.deadlines.get(step="dispatch").met_at is not None

    # 5. back to the workbench through the sidebar: one fewer, and the list agrees
    page.locator("#sidebar a[href='/']").click()
    expect(page).to_have_url(base + "/")
    expect(page.locator(MY_OVERDUE).locator("b")).to_have_text(str(overdue - 1))
    page.locator(MY_OVERDUE).click()
    expect(rows).to_have_count(overdue - 1)
    expect(page.locator(f"table.tickets tbody tr[data-ticket='{waiting.number}']")).to_have_count(0)
    assert Ticket.objects.get(pk=tickets["fresh"].pk).status == Status.RECEIVED  # not touched, not counted


def test_workbench_and_ticket_page_fit_a_phone(live_server, new_page, morning):
    from playwright.sync_api import expect

    desk, tickets = morning
    base = live_server.url
    phone = new_page(390, 844)
    log_in(phone, base, desk.assistant.username, next_path="/")
    expect(phone.locator(MY_OVERDUE)).to_be_visible()
    assert _my_overdue(phone) == 3
    assert_fits_width(phone)
    screenshot(phone, "servicedesk_morning_home_390x844")

    phone.goto(f"{base}/tickets/{tickets['returned'].pk}/")
    expect(phone.locator("#ticket-status")).to_have_attribute("data-status", Status.COMPLETED)
    expect(phone.locator("table.deadlines tr[data-step=return_visit]")).to_have_class(
        re.compile(r"\bdl-late\b")
    )
    expect(phone.locator("details#return_visit")).to_be_visible()
    assert_fits_width(phone)
    screenshot(phone, "servicedesk_morning_ticket_390x844")
