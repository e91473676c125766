"""The notices API: permissions (403), scope (another project's notice 404, its project in a body
400), bad input (400 with fields), and a notice's whole life through the actions."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from wuye.core.roles import Role
from wuye.core.tests.factories import OwnerFactory, OwnershipFactory, resident_user, staff
from wuye.notices.choices import DEFAULT_POSTING_PLACES
from wuye.notices.tests.factories import Board

pytestmark = pytest.mark.django_db

API = "/api/v1/notices/"


@pytest.fixture
def board():
    return Board()


def client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def body(board, **kwargs):
    today = timezone.localdate()
    return {
        "project": board.project.pk,
        "title": "关于电梯维保的通知",
        "body": "本周三上午电梯维保，请业主错峰出行。",
        "posting_places": [DEFAULT_POSTING_PLACES[1]],
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=3)).isoformat(),
        **kwargs,
    }


def test_anonymous_and_residents_are_refused(board):
    assert APIClient().get(API).status_code == 401
    owner = OwnerFactory(project=board.project)
    OwnershipFactory(unit=board.unit, owner=owner)
    assert client(resident_user(owner=owner)).get(API).status_code == 403


def test_a_notice_from_draft_to_archive(board, django_assert_max_num_queries):
    desk, manager = client(board.assistant), client(board.manager)
    response = desk.post(API, body(board), format="json")
    assert response.status_code == 201, response.content
    notice = response.json()
    assert notice["status"] == "draft" and notice["number"] == ""
    url = f"{API}{notice['id']}/"
    assert (
        desk.patch(url, {"title": "关于电梯年检的通知"}, format="json").json()["title"]
        == "关于电梯年检的通知"
    )
    assert desk.post(f"{url}submit/", {"proofread": True}, format="json").json()["status"] == "submitted"
    approved = manager.post(f"{url}approve/", {"approve": True}, format="json").json()
    assert approved["status"] == "approved" and approved["number"].endswith("第 001 号")
    assert desk.post(f"{url}publish/", {}, format="json").json()["status"] == "published"
    retired = desk.post(f"{url}retire/", {"reason": "维保提前完成"}, format="json").json()
    assert retired["status"] == "retired" and retired["to_take_down"] is True
    listed = desk.get(API, {"take_down": "true", "project": board.project.pk}).json()["results"]
    assert [row["id"] for row in listed] == [notice["id"]]
    assert desk.post(f"{url}taken-down/", {}, format="json").json()["to_take_down"] is False
    archived = client(board.archivist).post(f"{url}archive/", {"location": "文件柜A"}, format="json").json()
    assert archived["archive_copy_at"] and archived["archive_location"] == "文件柜A"
    for _ in range(3):
        board.draft()
    with django_assert_max_num_queries(8):
        rows = desk.get(API).json()["results"]
    assert len(rows) == 4


def test_deliveries_with_signature(board):
    notice = board.published(board.individual())
    url = f"{API}{notice.pk}/deliveries/"
    desk = client(board.assistant)
    response = desk.post(url, {"signed": True}, format="json")
    assert response.status_code == 400 and "signed_name" in response.json()["fields"]
    response = desk.post(url, {"signed_name": "张三", "signed": False}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "signature_missing"
    response = desk.post(url, {"signed_name": "张三", "signed": True}, format="json")
    assert response.status_code == 201 and response.json()["recipient_name"] == "张三"
    rows = client(board.manager).get(url).json()
    assert [row["signed_name"] for row in rows] == ["张三"]
    assert (
        client(board.guard).post(url, {"signed_name": "x", "signed": True}, format="json").status_code == 403
    )


def test_wrong_role_is_403(board):
    notice = board.submitted()
    assert client(board.guard).get(f"{API}{notice.pk}/").status_code == 403
    assert client(board.manager).post(API, body(board), format="json").status_code == 403
    assert client(board.assistant).post(f"{API}{notice.pk}/approve/", {}, format="json").status_code == 403


def test_the_drafter_cannot_approve(board):
    both = board.both_roles()
    notice = board.submitted(board.draft(by=both))
    response = client(both).post(f"{API}{notice.pk}/approve/", {"approve": True}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "self_approval_forbidden"


def test_another_projects_notice_is_404_and_its_project_400(board):
    other = Board()
    notice = other.draft()
    desk = client(board.assistant)
    assert desk.get(f"{API}{notice.pk}/").status_code == 404
    assert desk.post(f"{API}{notice.pk}/submit/", {"proofread": True}, format="json").status_code == 404
    assert desk.get(f"{API}{notice.pk}/pdf/").status_code == 404
    response = desk.post(API, body(board, project=other.project.pk), format="json")
    assert response.status_code == 400 and "project" in response.json()["fields"]
    response = desk.post(API, body(board, kind="individual", unit=other.unit.pk), format="json")
    assert response.status_code == 400 and "unit" in response.json()["fields"]
    assert notice.pk not in {row["id"] for row in desk.get(API).json()["results"]}


def test_bad_input_is_400_with_fields(board):
    desk = client(board.assistant)
    response = desk.post(API, {"project": board.project.pk}, format="json")
    assert response.status_code == 400
    assert {"title", "body", "starts_on", "ends_on"} <= set(response.json()["fields"])
    today = timezone.localdate()
    response = desk.post(
        API,
        body(board, ends_on=(today - dt.timedelta(days=1)).isoformat(), posting_places=["门口"]),
        format="json",
    )
    assert response.status_code == 400 and {"ends_on", "posting_places"} <= set(response.json()["fields"])
    notice = board.submitted()
    response = client(board.manager).post(f"{API}{notice.pk}/approve/", {"approve": False}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    response = desk.put(f"{API}{notice.pk}/", body(board), format="json")
    assert response.status_code == 400 and response.json()["code"] == "notice_not_editable"
    draft = board.draft()
    response = desk.post(f"{API}{draft.pk}/publish/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "notice_not_approved"


def test_pdf(board):
    notice = board.approved()
    response = client(board.manager).get(f"{API}{notice.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_company_manager_reads_but_does_not_approve(board):
    notice = board.submitted()
    leader = staff(Role.COMPANY_MANAGER, None)
    assert client(leader).get(f"{API}{notice.pk}/").status_code == 200
    assert client(leader).post(f"{API}{notice.pk}/approve/", {}, format="json").status_code == 403
