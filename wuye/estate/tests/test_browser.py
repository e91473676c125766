"""End-to-end checks of the staff console in a real browser (Playwright + Debian's chromium).

The UI is Chinese-first and the catalogue may not be compiled, so these tests never assert on
label text: they find elements by id, role, URL and the data they show (codes, names, ID numbers).

Chromium comes from Debian (`scripts/ensure-chromium.sh`, run by `make test`); never a
downloaded browser build. Without it the tests fail, unless WUYE_SKIP_BROWSER=1 is set.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.utils import translation

from wuye.accounts.choices import Role
from wuye.core.masking import mask_id_number, mask_mobile
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

PASSWORD = "pass-Word-123"  # what factories.UserFactory sets
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API keeps an asyncio loop running in this thread; without this Django
    refuses ORM calls here (SynchronousOnlyOperation). Documented workaround, limited to this module."""
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if old is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


def _missing(reason: str):
    if os.environ.get("WUYE_SKIP_BROWSER") == "1":
        pytest.skip(f"{reason} (WUYE_SKIP_BROWSER=1)")
    pytest.fail(
        f"{reason}. Install Debian's chromium with `bash scripts/ensure-chromium.sh` "
        "(or `apt-get install -y chromium fonts-wqy-zenhei`), or set WUYE_SKIP_BROWSER=1 to skip.",
        pytrace=False,
    )


@pytest.fixture(scope="module")
def browser(_allow_orm_beside_playwright):
    executable = shutil.which("chromium")
    if executable is None:
        _missing("chromium is not installed (no `chromium` on PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright Python package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open a fresh browser context (own cookies) with the given viewport; closed after the test."""
    contexts = []

    def make(width=1366, height=768):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


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


def _log_in(page, base_url, username, next_path="/"):
    """Open `next_path`, expect the redirect to the login page, log in, land back on `next_path`."""
    from playwright.sync_api import expect

    page.goto(base_url + next_path)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(base_url + next_path)


def _no_horizontal_overflow(page) -> dict:
    return page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")


def test_cs_assistant_logs_in_searches_and_opens_a_unit(live_server, new_page, estate):
    from playwright.sync_api import expect

    project, unit, owner = estate["project"], estate["unit"], estate["owner"]
    user = staff(Role.CS_ASSISTANT, project, username="kefu1")
    page = new_page(1366, 768)

    _log_in(page, live_server.url, user.username)
    expect(page.locator("main h1")).to_have_text(project.name)

    page.locator('header.top nav a[href="/units/"]').click()
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

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "unit_detail_1366x768.png"), full_page=True)


def test_engineer_sees_masked_owner_data(live_server, new_page, estate):
    from playwright.sync_api import expect

    project, owner = estate["project"], estate["owner"]
    user = staff(Role.ENGINEER, project, username="gongcheng1")
    page = new_page(1366, 768)

    _log_in(page, live_server.url, user.username, next_path=f"/owners/{owner.pk}/")
    expect(page.locator("main h1")).to_contain_text(owner.name)
    id_cell = page.locator('[data-field="id_number"]')
    expect(id_cell).to_have_text(mask_id_number(owner.id_number))
    expect(id_cell).to_have_text(re.compile(r"^110\*{11}\d{3}[\dX]$"))
    expect(page.locator('[data-field="mobile"]')).to_have_text(mask_mobile(owner.mobile))
    html = page.content()
    assert owner.id_number not in html
    assert owner.mobile not in html
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "owner_detail_masked_1366x768.png"), full_page=True)


def test_console_pages_fit_a_phone_width(live_server, new_page, estate):
    from playwright.sync_api import expect

    project, unit = estate["project"], estate["unit"]
    user = staff(Role.CS_ASSISTANT, project, username="kefu2")
    page = new_page(390, 844)

    _log_in(page, live_server.url, user.username, next_path="/units/")
    expect(page.get_by_role("link", name="7-201", exact=True)).to_be_visible()
    size = _no_horizontal_overflow(page)
    assert size["scroll"] <= size["inner"] + 1, f"unit list overflows a 390px screen: {size}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "unit_list_390x844.png"), full_page=True)

    page.goto(live_server.url + f"/units/{unit.pk}/")
    expect(page.locator("main h1")).to_contain_text("7-201")
    size = _no_horizontal_overflow(page)
    assert size["scroll"] <= size["inner"] + 1, f"unit detail overflows a 390px screen: {size}"
    page.screenshot(path=str(ARTIFACTS / "unit_detail_390x844.png"), full_page=True)
