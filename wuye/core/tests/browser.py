"""Shared Playwright fixtures for the browser tests (a pytest plugin, loaded by the root conftest).

Chromium comes from Debian (`scripts/ensure-chromium.sh`, run by `make test`); never a downloaded
browser build. Without it the browser tests fail, unless WUYE_SKIP_BROWSER=1 is set.
The UI is Chinese-first and the catalogue may lag, so browser tests never assert on label text:
they find elements by id, role, URL and the data they show.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

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


def _missing(reason: str):
    if os.environ.get("WUYE_SKIP_BROWSER") == "1":
        pytest.skip(f"{reason} (WUYE_SKIP_BROWSER=1)")
    pytest.fail(
        f"{reason}. Install Debian's chromium with `bash scripts/ensure-chromium.sh` "
        "(or `apt-get install -y chromium fonts-wqy-zenhei`), or set WUYE_SKIP_BROWSER=1 to skip.",
        pytrace=False,
    )


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module. Playwright's sync API keeps an asyncio loop running in this
    thread; Django then refuses ORM calls here unless DJANGO_ALLOW_ASYNC_UNSAFE is set (the
    documented workaround), so it is set while the browser lives and restored afterwards."""
    executable = shutil.which("chromium")
    if executable is None:
        _missing("chromium is not installed (no `chromium` on PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright Python package is not installed")
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            # assertions wait as long as actions do (the default 5 s is short on a loaded CI machine)
            from playwright.sync_api import expect

            expect.set_options(timeout=TIMEOUT_MS)
            yield instance
            instance.close()
    finally:
        if old is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture
def new_page(browser):
    """`new_page(width, height)`: a fresh context (own cookies) with that viewport; closed after the test."""
    contexts = []

    def make(width=1366, height=768):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def log_in(page, base_url, username, next_path="/"):
    """Open `next_path`, get sent to the login page, log in, land back on `next_path`."""
    from playwright.sync_api import expect

    page.goto(base_url + next_path)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(base_url + next_path)


def screenshot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_fits_width(page) -> dict:
    """No horizontal page overflow (tables may scroll inside their own wrapper)."""
    size = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert size["scroll"] <= size["inner"] + 1, f"the page overflows horizontally: {size}"
    return size
