"""Issue 10 in chromium: under the Content-Security-Policy (wuye/core/tests/test_csp.py) no page
reports a violation, and what moved from inline script to static files still works: the cashier
desk's amount follows the ticked charges, a select[data-autosubmit] submits, a [data-print] button
prints, the Swagger UI starts, the error page keeps its style.
"""

import datetime as dt
import re

import pytest

from wuye.accounts.choices import Role
from wuye.accounts.models import RoleAssignment
from wuye.billing.models import Charge
from wuye.billing.tests.factories import Books
from wuye.core.tests.browser import log_in
from wuye.core.tests.factories import ProjectFactory, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


EXPECTED_404 = ("/favicon.ico", "/no-such-page/")


def _watch(page) -> list[str]:
    """Console errors (a CSP violation is one), uncaught exceptions and failed requests (a moved
    stylesheet or script that is not there) of the page."""
    problems: list[str] = []

    def on_console(msg):
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            problems.append(msg.text)  # failed loads are checked by their address below

    def on_response(response):
        if response.status >= 400 and not response.url.endswith(EXPECTED_404):
            problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("response", on_response)
    return problems


def test_console_pages_run_under_the_policy(live_server, new_page):
    from playwright.sync_api import expect

    books = Books()
    unit = books.unit(area="100.00", code="3-2-1201")
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    page = new_page()
    problems = _watch(page)
    log_in(page, live_server.url, books.cashier.username, "/billing/desk/")

    # the desk's script, now static/js/billing-desk.js
    page.locator("#id_unit").fill("3-2-1201")
    page.locator("#unit-lookup button[type=submit]").click()
    amount = page.locator("#id_amount")
    expect(amount).to_have_value("520.00")
    october_fee = Charge.objects.get(unit=unit, fee_item=books.mgmt, period_start=dt.date(2026, 10, 1))
    page.locator(f"#charge-{october_fee.pk}").check()
    expect(amount).to_have_value("250.00")

    # [data-print] (was onclick="window.print()")
    page.goto(live_server.url + "/billing/dunning/")
    page.evaluate("() => { window.print = () => { document.body.dataset.printed = 'yes'; }; }")
    page.locator("button[data-print]").first.click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")

    # select[data-autosubmit] (was onchange="this.form.submit()")
    page.goto(live_server.url + "/calendar/")
    year = page.locator("select#year")
    other = year.locator("option:not([selected])").first.text_content()
    year.select_option(other)
    expect(page).to_have_url(re.compile(rf"/calendar/\?year={other}$"))

    # the error page's own <style> is allowed by its hash
    page.goto(live_server.url + "/no-such-page/")
    colour = page.evaluate("() => getComputedStyle(document.querySelector('header')).backgroundColor")
    assert colour == "rgb(31, 111, 92)"

    assert not problems, problems


def test_three_rates_report_and_swagger_ui_run_under_the_policy(live_server, new_page):
    from playwright.sync_api import expect

    books = Books()
    supervisor = staff(Role.CS_SUPERVISOR, books.project)
    other = ProjectFactory()
    RoleAssignment.objects.create(user=supervisor, project=other, role=Role.CS_SUPERVISOR)
    page = new_page()
    problems = _watch(page)
    log_in(page, live_server.url, supervisor.username, "/reports/three-rates/")
    expect(page.locator("h1")).to_contain_text(books.project.name)
    # the project switcher: select[data-autosubmit] in the top bar
    page.locator("#project-select").select_option(str(other.pk))
    # the switch posts, redirects and renders the report again: slow on a loaded CI machine
    expect(page.locator("h1")).to_contain_text(other.name, timeout=20_000)
    page.goto(live_server.url + "/api/docs/")
    # the schema is generated on the first request: give it time
    expect(page.locator(".swagger-ui .info .title")).to_be_visible(timeout=60_000)
    expect(page.locator(".opblock").first).to_be_visible()
    assert not problems, problems
