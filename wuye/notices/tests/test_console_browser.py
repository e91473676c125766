"""A notice's way through the console in a real browser (Playwright + Debian's chromium, fixtures
from wuye/core/tests/browser.py): the assistant submits a proof-read draft, the project manager
approves it (the number is given then), the assistant publishes it, and the lobby display — with no
login — shows it, never a draft. Elements are found by id, name and data, not by label text."""

import re

import pytest

from wuye.core.tests.browser import log_in, screenshot
from wuye.notices.choices import NoticeStatus
from wuye.notices.models import Notice
from wuye.notices.tests.factories import Board

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _act(page, action: str, *, checks=(), button=None):
    from playwright.sync_api import expect

    box = page.locator(f"details#{action}")
    expect(box).to_have_count(1)
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for name in checks:
        box.locator(f"#id_{action}-{name}").check()
    target = (
        box.locator(f"button[name=decision][value={button}]")
        if button
        else box.locator("button[type=submit]")
    )
    target.first.click()


def test_a_notice_is_submitted_approved_published_and_shown_in_the_lobby(live_server, new_page):
    from playwright.sync_api import expect

    desk = Board()
    notice = desk.draft(title="电梯年度检验公告")
    other = desk.draft(title="尚未审批的草稿")
    url = f"{live_server.url}/notices/{notice.pk}/"

    page = new_page()
    log_in(page, live_server.url, desk.assistant.username, f"/notices/{notice.pk}/")
    _act(page, "submit", checks=["proofread"])
    expect(page).to_have_url(re.compile(rf"/notices/{notice.pk}/$"))
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SUBMITTED
    assert page.locator("details#decide").count() == 0  # the drafter does not approve

    manager = new_page()
    log_in(manager, live_server.url, desk.manager.username, f"/notices/{notice.pk}/")
    _act(manager, "decide", button="approve")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.APPROVED and notice.number
    expect(manager.locator("main")).to_contain_text(notice.number)

    page.goto(url)
    _act(page, "publish")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED

    lobby = new_page()
    lobby.goto(f"{live_server.url}/display/notices/?project={desk.project.pk}")
    expect(lobby.locator("body")).to_contain_text("电梯年度检验公告")
    expect(lobby.locator("body")).to_contain_text(notice.number)
    assert "尚未审批的草稿" not in lobby.content()
    assert Notice.objects.get(pk=other.pk).status == NoticeStatus.DRAFT
    screenshot(lobby, "notices_lobby")
