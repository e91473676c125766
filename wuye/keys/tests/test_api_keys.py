"""The keys API: permissions, refusals as 400 naming why, the release flow, overdue list."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.keys.tests.factories import Cabinet

pytestmark = pytest.mark.django_db


@pytest.fixture
def cab():
    return Cabinet()


def client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_anonymous_is_refused(cab):
    assert APIClient().get("/api/v1/keys/").status_code == 401


def test_register_and_list(cab, django_assert_max_num_queries):
    body = {"unit": cab.unit.pk, "source": "developer", "storage_location": "A-02", "number": "1-101"}
    response = client(cab.desk).post("/api/v1/keys/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["movements"][0]["kind"] == "registered"
    for _ in range(3):
        cab.key()
    with django_assert_max_num_queries(8):
        rows = client(cab.keeper).get("/api/v1/keys/", {"unit": cab.unit.pk}).json()["results"]
    assert len(rows) == 4


def test_wrong_role_and_wrong_project(cab):
    key = cab.key()
    assert client(staff(Role.SECURITY, cab.project)).get(f"/api/v1/keys/{key.pk}/").status_code == 403
    outsider = staff(Role.KEY_KEEPER, Cabinet().project)
    assert client(outsider).get(f"/api/v1/keys/{key.pk}/").status_code == 404
    body = {"reason": "x", "to_name": "y"}
    assert client(cab.desk).post(f"/api/v1/keys/{key.pk}/release/", body, format="json").status_code == 403


def test_issue_refusal_names_why(cab):
    key = cab.key(unit=cab.new_unit, source="not_taken")
    body = {
        "to_owner": cab.owner.pk,
        "identity_checked": True,
        "identity_document": "resident_id",
        "signed_name": cab.owner.name,
        "signed": True,
    }
    response = client(cab.keeper).post(f"/api/v1/keys/{key.pk}/issue/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "handover_not_finished"
    ok = client(cab.keeper).post(f"/api/v1/keys/{cab.key().pk}/issue/", body, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "issued"


def test_borrow_return_and_viewing(cab):
    key = cab.key()
    c = client(cab.keeper)
    due = (timezone.now() + dt.timedelta(hours=3)).isoformat()
    missing = c.post(f"/api/v1/keys/{key.pk}/borrow/", {"borrower": cab.desk.pk}, format="json")
    assert missing.status_code == 400 and "due_back_at" in missing.json()["fields"]
    body = {"borrower": cab.desk.pk, "due_back_at": due, "signed_name": "张", "signed": True}
    assert c.post(f"/api/v1/keys/{key.pk}/borrow/", body, format="json").json()["state"] == "borrowed"
    assert c.post(f"/api/v1/keys/{key.pk}/return/", {}, format="json").json()["state"] == "in_store"
    viewing = {"kind": "viewing", "borrower": cab.desk.pk, "visitor_name": "王先生"}
    response = c.post(f"/api/v1/keys/{key.pk}/borrow/", viewing, format="json")
    assert response.json()["state"] == "viewing" and response.json()["holder_user"] == cab.desk.pk


def test_release_flow_over_the_api(cab):
    key = cab.key()
    body = {"reason": "业主出国", "to_name": "李四"}
    assert client(cab.keeper).post(f"/api/v1/keys/{key.pk}/release/", body, format="json").status_code == 201
    again = client(cab.keeper).post(f"/api/v1/keys/{key.pk}/release/", body, format="json")
    assert again.status_code == 400 and again.json()["code"] == "release_already_requested"
    decide = f"/api/v1/keys/{key.pk}/release/decide/"
    assert client(cab.desk).post(decide, {"approve": True}, format="json").status_code == 403
    assert client(cab.manager).post(decide, {"approve": True}, format="json").status_code == 200
    done = {"signed_name": "李四", "signed": True, "identity_checked": True}
    early = client(cab.keeper).post(f"/api/v1/keys/{key.pk}/release/complete/", done, format="json")
    assert early.status_code == 400 and early.json()["code"] == "release_not_approved"
    assert (
        client(cab.boss).post(decide, {"approve": True}, format="json").json()["releases"][0]["status"]
        == "approved"
    )
    final = client(cab.keeper).post(f"/api/v1/keys/{key.pk}/release/complete/", done, format="json")
    assert final.status_code == 200 and final.json()["state"] == "released"


def test_overdue_list(cab):
    late = cab.key()
    cab.lend(late, hours=1)
    cab.lend(cab.key(), hours=10)
    from wuye.keys.models import Key

    Key.objects.filter(pk=late.pk).update(due_back_at=timezone.now() - dt.timedelta(minutes=5))
    rows = client(cab.keeper).get("/api/v1/keys/overdue/", {"project": cab.project.pk}).json()["results"]
    assert [r["id"] for r in rows] == [late.pk] and rows[0]["overdue"] is True
    assert client(staff(Role.SECURITY, cab.project)).get("/api/v1/keys/overdue/").status_code == 403
