"""The lobby display (电子公示牌): no login, large type and an automatic refresh, only notices
published and valid today — never drafts, notices awaiting approval or to one customer."""

import datetime as dt

import pytest
from django.utils import timezone

from wuye.notices.tests.factories import Board

pytestmark = pytest.mark.django_db


def test_shows_only_published_valid_notices_without_login(client):
    board = Board()
    shown = board.published(title="关于春节放假安排的通知")
    board.draft(title="草稿通知不应出现")
    board.submitted(title="待审批通知不应出现")
    board.approved(title="已批未发通知不应出现")
    board.published(board.individual(title="致张三的整改通知"))
    board.retired(title="已撤下的通知")
    Board().published(title="别的项目的通知")
    response = client.get("/display/notices/", {"project": board.project.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert shown.title in html and shown.number in html
    for hidden in (
        "草稿通知不应出现",
        "待审批通知不应出现",
        "已批未发通知不应出现",
        "致张三",
        "已撤下",
        "别的项目",
    ):
        assert hidden not in html
    assert '<meta http-equiv="refresh" content="300">' in html
    assert "notices-display.css" in html
    assert "<script" not in html


def test_found_by_code_and_refresh_from_the_setting(client):
    board = Board()
    board.project.settings = {"notices": {"display_refresh_seconds": 60}}
    board.project.save()
    response = client.get("/display/notices/", {"project": board.project.code})
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="60">' in response.content.decode()


def test_a_notice_not_yet_valid_is_not_shown(client):
    board = Board()
    today = timezone.localdate()
    notice = board.approved(starts_on=today + dt.timedelta(days=1), ends_on=today + dt.timedelta(days=5))
    html = client.get("/display/notices/", {"project": board.project.pk}).content.decode()
    assert notice.title not in html


@pytest.mark.parametrize("project", ["", "999999", "no-such-project", "1" * 30])
def test_an_unknown_project_is_404(client, project):
    Board()
    assert client.get("/display/notices/", {"project": project}).status_code == 404


def test_an_inactive_project_is_404(client):
    board = Board()
    board.project.is_active = False
    board.project.save()
    assert client.get("/display/notices/", {"project": board.project.pk}).status_code == 404
