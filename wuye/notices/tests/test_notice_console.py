"""Console pages of notices: the register with filters and its Excel file, the draft form, the
notice's page with the actions of each role, the take-down list, the workbench card and the menu."""

import io

import pytest
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.notices.choices import DEFAULT_POSTING_PLACES, NoticeStatus
from wuye.notices.models import Notice
from wuye.notices.tests.factories import Board

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return Board()


def test_register_filters_and_excel(client, board):
    published = board.published(title="关于清洗外墙的通知")
    board.draft(title="关于消防演练的通知")
    client.force_login(board.manager)
    html = client.get("/notices/").content.decode()
    assert "关于清洗外墙的通知" in html and "关于消防演练的通知" in html
    html = client.get("/notices/", {"status": NoticeStatus.PUBLISHED}).content.decode()
    assert "关于清洗外墙的通知" in html and "关于消防演练的通知" not in html
    html = client.get("/notices/", {"q": "消防"}).content.decode()
    assert "关于清洗外墙的通知" not in html
    response = client.get("/notices/", {"status": NoticeStatus.PUBLISHED, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert published.number in values and "关于清洗外墙的通知" in values


def test_drafting_on_the_console(client, board):
    client.force_login(board.assistant)
    page = client.get("/notices/new/")
    assert page.status_code == 200 and DEFAULT_POSTING_PLACES[0] in page.content.decode()
    data = {
        "title": "关于停车场划线的通知",
        "body": "下周一停车场重新划线。",
        "kind": "public",
        "posting_places": [DEFAULT_POSTING_PLACES[0]],
        "starts_on": board.today.isoformat(),
        "ends_on": board.today.isoformat(),
        "issuing_department": "客户服务中心",
    }
    response = client.post("/notices/new/", {**data, "posting_places": []})
    assert response.status_code == 400
    assert _("Choose where the notice is posted (the designated places).") in response.content.decode()
    response = client.post("/notices/new/", data)
    notice = Notice.objects.get(title="关于停车场划线的通知")
    assert response.status_code == 302 and response["Location"] == f"/notices/{notice.pk}/"
    response = client.post(f"/notices/{notice.pk}/edit/", {**data, "title": "关于停车场重新划线的通知"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title == "关于停车场重新划线的通知"
    assert client.get("/notices/new/").status_code == 200
    client.force_login(board.manager)
    assert client.get("/notices/new/").status_code == 403


def test_each_role_sees_its_actions(client, board):
    notice = board.submitted()
    client.force_login(board.assistant)
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'id="decide"' not in page
    assert client.post(f"/notices/{notice.pk}/decide/", {"decision": "approve"}).status_code == 403
    client.force_login(board.manager)
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'id="decide"' in page
    response = client.post(f"/notices/{notice.pk}/decide/", {"decision": "reject", "decide-reason": ""})
    assert response.status_code == 400 and _("Say why the notice is sent back.") in response.content.decode()
    response = client.post(f"/notices/{notice.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.APPROVED and notice.number
    client.force_login(board.assistant)
    assert 'id="publish"' in client.get(f"/notices/{notice.pk}/").content.decode()
    assert client.post(f"/notices/{notice.pk}/publish/").status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
    pdf = client.get(f"/notices/{notice.pk}/notice.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_take_down_list(client, board):
    retired = board.retired(title="关于国庆活动的通知")
    board.published(title="仍有效的通知")
    client.force_login(board.assistant)
    html = client.get("/notices/take-down/").content.decode()
    assert "关于国庆活动的通知" in html and "仍有效的通知" not in html
    assert client.post(f"/notices/{retired.pk}/taken-down/").status_code == 302
    assert "关于国庆活动的通知" not in client.get("/notices/take-down/").content.decode()


def test_another_projects_notice_is_404(client, board):
    other = Board().draft()
    client.force_login(board.manager)
    assert client.get(f"/notices/{other.pk}/").status_code == 404
    client.force_login(board.guard)
    assert client.get("/notices/").status_code == 403


def test_workbench_and_menu(client, board):
    board.submitted()
    board.retired()
    client.force_login(board.manager)
    response = client.get("/")
    cards = {card.key: card for card in response.context["cards"]}
    labels = {str(f.label): f.value for f in cards["notices"].figures}
    assert labels[_("Notices awaiting your approval")] == 1
    assert labels[_("Expired notices to take down")] == 1
    assert "/notices/take-down/" in response.content.decode()
    client.force_login(staff(Role.ENGINEER, board.project))
    response = client.get("/")
    assert "notices" not in {card.key for card in response.context["cards"]}
    assert "/notices/" not in response.content.decode()
