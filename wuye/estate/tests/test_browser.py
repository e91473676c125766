"""End-to-end checks of the staff console in a real browser (Playwright + Debian's chromium).

The UI is Chinese-first and the catalogue may not be compiled, so these tests never assert on
label text: they find elements by id, role, URL and the data they show (codes, names, ID numbers).

Chromium comes from Debian (`scripts/ensure-chromium.sh`, run by `make test`); never a
downloaded browser build. Without it the tests fail, unless WUYE_SKIP_BROWSER=1 is set.
"""

import re

import pytest
from django.utils import translation

from wuye.accounts.choices import Role
from wuye.core.masking import mask_id_number, mask_mobile
from wuye.core.tests.browser import assert_fits_width, log_in, screenshot
from wuye.core.tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    ProjectFactory,
    make_resident_id,
    staff,
)
from wuye.estate import services
from wuye.estate.choices import OccupancyStatus
from wuye.estate.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def estate():
    """A project with building 7 (3 floors × 2 rooms: 7-101 … 7-302) and an owner of 7-201."""
    project = ProjectFactory(name="翠湖花园")
    manager = staff(Role.PROJECT_MANAGER, project)
    building = BuildingFactory(project=project, number="7", name="")
    services.building_generate_units(building=building, floors=3, rooms_per_floor=2, acting_user=manager)
    unit = Unit.objects.get(project=project, code="7-201")
    unit.status = OccupancyStatus.OWNER_OCCUPIED
    unit.save(update_fields=["status"])
    owner = OwnerFactory(
        project=project, name="张伟", id_number=make_resident_id(seq=123), mobile="13812345678"
    )
    OwnershipFactory(unit=unit, owner=owner)
    return {"project": project, "unit": unit, "owner": owner}


def test_cs_assistant_logs_in_searches_and_opens_a_unit(live_server, new_page, estate):
    from playwright.sync_api import expect

    project, unit, owner = estate["project"], estate["unit"], estate["owner"]
    user = staff(Role.CS_ASSISTANT, project, username="kefu1")
    page = new_page(1366, 768)

    log_in(page, live_server.url, user.username)
    expect(page.locator("main h1")).to_have_text(project.name)

    page.locator('nav.sidebar a[href="/units/"]').click()
    expect(page).to_have_url(live_server.url + "/units/")
    expect(page.locator("tbody tr")).to_have_count(6)

    page.locator("#q").fill("7-201")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"/units/\?q=7-201"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name="7-201", exact=True)).to_be_visible()
    for other in ("7-101", "7-102", "7-202", "7-301", "7-302"):
        expect(page.get_by_role("link", name=other, exact=True)).to_have_count(0)

    rows.first.get_by_role("link", name="7-201", exact=True).click()
    expect(page).to_have_url(live_server.url + f"/units/{unit.pk}/")
    heading = page.locator("main h1")
    expect(heading).to_contain_text("7-201")
    expect(heading).to_contain_text(project.name)
    with translation.override("zh-hans"):
        status_label = str(OccupancyStatus(unit.status).label)
    expect(heading.locator(f".badge.{OccupancyStatus.OWNER_OCCUPIED}")).to_have_text(status_label)
    owner_link = page.get_by_role("link", name=owner.name, exact=True)
    expect(owner_link).to_have_attribute("href", f"/owners/{owner.pk}/")

    screenshot(page, "unit_detail_1366x768")


def test_engineer_sees_masked_owner_data(live_server, new_page, estate):
    from playwright.sync_api import expect

    project, owner = estate["project"], estate["owner"]
    user = staff(Role.ENGINEER, project, username="gongcheng1")
    page = new_page(1366, 768)

    log_in(page, live_server.url, user.username, next_path=f"/owners/{owner.pk}/")
    expect(page.locator("main h1")).to_contain_text(owner.name)
    id_cell = page.locator('[data-field="id_number"]')
    expect(id_cell).to_have_text(mask_id_number(owner.id_number))
    expect(id_cell).to_have_text(re.compile(r"^110\*{11}\d{3}[\dX]$"))
    expect(page.locator('[data-field="mobile"]')).to_have_text(mask_mobile(owner.mobile))
    html = page.content()
    assert owner.id_number not in html
    assert owner.mobile not in html
    screenshot(page, "owner_detail_masked_1366x768")


def test_console_pages_fit_a_phone_width(live_server, new_page, estate):
    from playwright.sync_api import expect

    project, unit = estate["project"], estate["unit"]
    user = staff(Role.CS_ASSISTANT, project, username="kefu2")
    page = new_page(390, 844)

    log_in(page, live_server.url, user.username, next_path="/units/")
    expect(page.get_by_role("link", name="7-201", exact=True)).to_be_visible()
    size = assert_fits_width(page)
    assert size["scroll"] <= size["inner"] + 1, f"unit list overflows a 390px screen: {size}"
    screenshot(page, "unit_list_390x844")

    # the sidebar is a drawer behind the menu button; opened, it shows the current entry
    current = page.locator('nav.sidebar a[aria-current="page"]')
    expect(current).to_have_attribute("href", "/units/")
    expect(current).to_be_hidden()
    page.locator("header.top .menu-button").click()
    expect(current).to_be_visible()
    expect(current).to_be_in_viewport()
    assert_fits_width(page)
    page.wait_for_timeout(300)  # the drawer slides in
    screenshot(page, "sidebar_drawer_390x844")
    page.keyboard.press("Escape")
    expect(current).to_be_hidden()

    page.goto(live_server.url + f"/units/{unit.pk}/")
    expect(page.locator("main h1")).to_contain_text("7-201")
    size = assert_fits_width(page)
    assert size["scroll"] <= size["inner"] + 1, f"unit detail overflows a 390px screen: {size}"
    screenshot(page, "unit_detail_390x844")
