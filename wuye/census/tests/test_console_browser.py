"""The monthly census and the occupancy report in a real browser (Playwright + Debian's chromium,
fixtures from wuye/core/tests/browser.py), seed 000 §22: the assistant assigned to a building finds
its census on /census/mine/, opens the month's report from there and confirms the census; the
project manager opens the report, sees the units by status per building, signs it off, and the page
then shows it signed (and its copies sent). Screenshots go to test-artifacts/census_*.png.

Last month is used, whatever today is: its census is still open for confirming (late, but taken)
and, the month being over, the report can be signed. Nothing asserts on label text (the Chinese
catalogue may lag): elements are found by URL, data attributes and the data they show.
"""

import pytest
from django.utils import timezone

from wuye.census import months, services
from wuye.census.models import BuildingCensus, OccupancyReport
from wuye.census.tests.factories import Estate, at
from wuye.core.tests.browser import log_in, screenshot
from wuye.estate.choices import OccupancyStatus as S

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _estate(month):
    """Two buildings of three units; in building 1 last month one unit was handed over and another
    handed over and moved into. The month's census is started; building 2's assistant has confirmed."""
    estate = Estate()
    first, second = estate.units["1"][:2]
    estate.hand_over(first, at(month.year, month.month, 10))
    estate.hand_over(second, at(month.year, month.month, 10))
    estate.move_in(second, at(month.year, month.month, 12))
    report = services.census_month_open(project=estate.project, month=month, acting_user=estate.supervisor)
    estate.censuses = {c.building.number: c for c in BuildingCensus.objects.filter(report=report)}
    assert estate.censuses["1"].assistant == estate.assistant  # the building's area butler
    services.census_confirm(census=estate.censuses["2"], acting_user=estate.assistant2)
    return estate


def test_the_assistant_confirms_and_the_project_manager_signs_off(live_server, new_page):
    from playwright.sync_api import expect

    month = months.previous_month(months.month_first(timezone.localdate()))
    label = months.month_label(month)
    estate = _estate(month)
    one, two = estate.buildings
    census = estate.censuses["1"]

    # the assistant: her open census is on /census/mine/, the month's link opens the report
    page = new_page()
    log_in(page, live_server.url, estate.assistant.username, "/census/mine/")
    rows = page.locator("tr[data-census]")
    expect(rows).to_have_count(1)
    row = page.locator(f"tr[data-census='{census.pk}']")
    expect(row).to_contain_text(label)
    screenshot(page, "census_mine")
    row.locator(f"a[href$='?month={label}']").click()
    expect(page).to_have_url(f"{live_server.url}/census/?month={label}")
    mine = page.locator(f"tr[data-building='{one.pk}']")
    expect(page.locator(f"tr[data-building='{two.pk}'] form[action$='/confirm/']")).to_have_count(0)
    mine.locator("input[name=remarks]").fill("逐层上楼核实")
    mine.locator("form[action$='/confirm/'] button[type=submit]").click()
    expect(page.locator(f"tr[data-building='{one.pk}'] td.census[data-census=confirmed]")).to_contain_text(
        "逐层上楼核实"
    )
    page.goto(f"{live_server.url}/census/mine/")
    expect(page.locator("tr[data-census]")).to_have_count(0)

    # the project manager: the figures by status per building, then the sign-off
    boss = new_page()
    log_in(boss, live_server.url, estate.manager.username, f"/census/?month={label}")
    expect(boss.locator("#report-state")).to_have_attribute("data-status", "draft")
    expected = {
        one.pk: {S.NOT_HANDED_OVER: "1", S.VACANT: "1", S.OWNER_OCCUPIED: "1", S.RENTED: "0"},
        two.pk: {S.NOT_HANDED_OVER: "3", S.VACANT: "0", S.OWNER_OCCUPIED: "0", S.RENTED: "0"},
    }
    for building, counts in expected.items():
        row = boss.locator(f"tr[data-building='{building}']")
        expect(row.locator("td.census")).to_have_attribute("data-census", "confirmed")
        for status, n in counts.items():
            expect(row.locator(f"td[data-status={status}]")).to_have_text(n)
    screenshot(boss, "census_report_to_sign")
    boss.locator("form[action$='/census/sign-off/'] button[type=submit]").click()
    expect(boss).to_have_url(f"{live_server.url}/census/?month={label}")
    state = boss.locator("#report-state")
    expect(state).to_have_attribute("data-status", "distributed")
    expect(state).to_contain_text(estate.manager.get_full_name() or estate.manager.username)
    expect(boss.locator("form[action$='/census/sign-off/']")).to_have_count(0)
    # the signed figures are those shown
    expect(boss.locator(f"tr[data-building='{one.pk}'] td[data-status=vacant]")).to_have_text("1")
    screenshot(boss, "census_report_signed")

    report = OccupancyReport.objects.get(project=estate.project, month=month)
    assert report.status == "distributed" and report.signed_by == estate.manager
    assert BuildingCensus.objects.get(pk=census.pk).remarks == "逐层上楼核实"
