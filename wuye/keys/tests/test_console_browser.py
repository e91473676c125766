"""A key's way through the console in a real browser (Playwright + Debian's chromium, fixtures from
wuye/core/tests/browser.py): the key keeper registers a key of a handed-over vacant unit, lends it
to a colleague with a due-back time, takes it back and hands it to the unit's verified owner; the
key's card lists the four movements, each signed one with its receipt (a PDF); the overdue list shows
a key lent yesterday that is past its due-back time, and not the key that came back.
Screenshots go to test-artifacts/keys_*.png.

Nothing asserts on label text (the Chinese catalogue may lag): elements are found by id, name and
the data they show (key numbers, unit codes, names).
"""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from wuye.core.tests.browser import log_in, screenshot
from wuye.keys.choices import KeyState, MovementKind
from wuye.keys.models import Key
from wuye.keys.tests.factories import Cabinet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _act(page, action: str, fields: dict, *, selects=None, checks=()):
    """Open the action on the key's card, fill its form and send it."""
    from playwright.sync_api import expect

    box = page.locator(f"details#{action}")
    expect(box).to_have_count(1)
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    prefix = action.replace("-", "_")
    for name, value in (selects or {}).items():
        box.locator(f"#id_{prefix}-{name}").select_option(value)
    for name, value in fields.items():
        box.locator(f"#id_{prefix}-{name}").fill(value)
    for name in checks:
        box.locator(f"#id_{prefix}-{name}").check()
    box.locator("button[type=submit]").click()


def _state(number: str) -> str:
    return Key.objects.get(number=number).state


def test_register_lend_return_issue_and_the_overdue_list(live_server, new_page):
    from playwright.sync_api import expect

    cab = Cabinet()  # a handed-over vacant unit with its verified owner; the keeper; a colleague
    with time_machine.travel(timezone.now() - dt.timedelta(days=1), tick=True):
        late = cab.key(number="K-LATE")
        cab.lend(late, hours=2)  # due back yesterday

    page = new_page()
    log_in(page, live_server.url, cab.keeper.username, "/keys/")
    register = page.locator("form#register")
    register.locator("#id_register-unit_code").fill(cab.unit.code)
    register.locator("input[name=register-source][value=developer]").check()
    register.locator("#id_register-storage_location").fill("A-09")
    register.locator("#id_register-number").fill("K-B01")
    register.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/keys/\d+/$"))
    key_url = page.url
    assert _state("K-B01") == KeyState.IN_STORE

    due = timezone.localtime() + dt.timedelta(hours=3)
    _act(
        page,
        "borrow",
        {"due_back_at": f"{due:%Y-%m-%d %H:%M}", "signed_name": str(cab.desk), "purpose": "查看漏水"},
        selects={"borrower": str(cab.desk.pk)},
        checks=["signed"],
    )
    expect(page.locator("dd[data-field=state]")).to_contain_text(str(cab.desk))
    expect(page.locator("main")).to_contain_text(f"{due:%Y-%m-%d %H:%M}")
    assert _state("K-B01") == KeyState.BORROWED
    screenshot(page, "keys_lent")

    _act(page, "return", {})
    expect(page.locator("details#borrow")).to_have_count(1)  # in the cabinet again: it may go out
    assert _state("K-B01") == KeyState.IN_STORE

    _act(
        page,
        "issue",
        {"signed_name": cab.owner.name},
        selects={"to_owner": str(cab.owner.pk)},
        checks=["identity_checked", "signed"],
    )
    expect(page.locator("dd[data-field=state]")).to_contain_text(cab.owner.name)
    expect(page.locator("details.action")).to_have_count(0)  # handed over: nothing more to do
    assert _state("K-B01") == KeyState.ISSUED
    key = Key.objects.get(number="K-B01")
    kinds = list(key.movements.order_by("at", "id").values_list("kind", flat=True))
    assert kinds == [
        MovementKind.REGISTERED,
        MovementKind.BORROWED,
        MovementKind.RETURNED,
        MovementKind.ISSUED,
    ]

    page.goto(key_url)
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(1)).to_contain_text(str(cab.desk))
    expect(rows.nth(3)).to_contain_text(cab.owner.name)
    links = page.locator("a.receipt-link")
    expect(links).to_have_count(3)  # the registration is signed by nobody
    answer = page.request.get(live_server.url + links.last.get_attribute("href"))
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")
    screenshot(page, "keys_card")

    page.goto(f"{live_server.url}/keys/overdue/")
    table = page.locator("main table tbody")
    expect(table).to_contain_text("K-LATE")
    expect(table).not_to_contain_text("K-B01")
    screenshot(page, "keys_overdue")

    page.goto(f"{live_server.url}/keys/")
    printed = page.request.get(live_server.url + page.locator("a.register-pdf-link").get_attribute("href"))
    assert printed.ok and printed.headers["content-type"] == "application/pdf"
