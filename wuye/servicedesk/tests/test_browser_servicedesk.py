"""The service desk in a real browser (Playwright + Debian's chromium), pattern of
wuye/estate/tests/test_browser.py: an assistant takes a repair through the intake form with the
keyboard and dispatches it, an engineer accepts, starts and completes it, the assistant records the
return visit from the worklist, and the supervisor sees it counted on the three-rates report.

The UI is Chinese-first and the catalogue may lag, so nothing here asserts on label text: elements
are found by id, name, value, URL and the data they show (ticket numbers, unit codes).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from wuye.accounts.choices import Role
from wuye.core.tests.factories import BuildingFactory, ProjectFactory, UnitFactory, staff
from wuye.servicedesk.choices import Status
from wuye.servicedesk.models import ReturnVisit, Ticket

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
    contexts = []

    def make(width=1366, height=768):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _log_in(page, base_url, username, next_path="/"):
    from playwright.sync_api import expect

    page.goto(base_url + next_path)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(base_url + next_path)


def _fits(page) -> None:
    size = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert size["scroll"] <= size["inner"] + 1, f"the page overflows horizontally: {size}"


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"servicedesk_{name}.png"), full_page=True)


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
    _log_in(desk, base, assistant.username, next_path="/tickets/new/")
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
    _log_in(phone, base, engineer.username, next_path="/tickets/queue/engineering/")
    row = phone.locator(f'tr[data-ticket="{ticket.number}"]')
    expect(row).to_be_visible()
    expect(row.locator("time.countdown")).to_be_visible()
    _fits(phone)
    _shot(phone, "queue_390x844")
    row.get_by_role("link", name=ticket.number).click()
    expect(phone).to_have_url(f"{base}/tickets/{ticket.pk}/")
    _fits(phone)
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
    _fits(phone)
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
    _log_in(report, base, supervisor.username, next_path="/reports/three-rates/")
    rows = report.locator("table.rates tbody tr")
    expect(rows.first).to_be_visible()
    column = 1 + 4 * KPI_KEYS.index("return_visit")  # label cell, then 4 cells per KPI
    count = rows.first.locator("td").nth(column).inner_text().strip()
    numerator, denominator = (int(x) for x in count.split("/"))
    assert denominator >= 1 and numerator >= 1, count
    _shot(report, "three_rates_1366x768")
