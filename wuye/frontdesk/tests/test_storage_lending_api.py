"""The storage and lending API: permissions (403), scope (another project → 404), bad input (400
with fields), refusals naming why, masking, the overdue lists."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from wuye.core.fakes import make_resident_id
from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.frontdesk.tests.factories_storage_lending import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def client(user=None):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def _later(hours=24):
    return (timezone.now() + dt.timedelta(hours=hours)).isoformat()


def _deposit(desk, **overrides):
    body = {
        "project": desk.project.pk,
        "unit": desk.unit.pk,
        "depositor": "王先生",
        "depositor_mobile": "13812345678",
        "category": "luggage",
        "description": "行李箱",
        "quantity": 1,
        "condition": "完好",
        "expected_pickup_at": _later(),
    }
    body.update(overrides)
    return body


def test_anonymous_is_refused():
    for url in (
        "/api/v1/stored-items/",
        "/api/v1/storage-checks/",
        "/api/v1/lendable-items/",
        "/api/v1/loans/",
    ):
        assert client().get(url).status_code == 401


def test_deposit_list_and_mobile_masked(desk, django_assert_max_num_queries):
    response = client(desk.assistant).post("/api/v1/stored-items/", _deposit(desk), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "stored" and body["unit_code"] == desk.unit.code
    assert body["depositor_mobile"] == "13812345678"  # the desk sees personal data
    guard_view = client(desk.guard).get(f"/api/v1/stored-items/{body['id']}/").json()
    assert guard_view["depositor_mobile"] == "138****5678"  # the guard does not
    for _ in range(3):
        desk.store()
    with django_assert_max_num_queries(8):
        rows = client(desk.guard).get("/api/v1/stored-items/", {"project": desk.project.pk}).json()["results"]
    assert len(rows) == 4


def test_refused_category_answers_400_naming_it(desk):
    response = client(desk.assistant).post(
        "/api/v1/stored-items/", _deposit(desk, category="cash"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "storage_refused" and "category" in response.json()["fields"]


def test_bad_input_answers_400_with_fields(desk):
    response = client(desk.assistant).post(
        "/api/v1/stored-items/", {"project": desk.project.pk, "category": "x"}, format="json"
    )
    assert response.status_code == 400
    text = response.content.decode()
    for field in ("depositor", "category", "description", "condition", "expected_pickup_at"):
        assert field in text


def test_wrong_role_is_403_and_other_project_404(desk):
    item = desk.store()
    assert client(desk.guard).get(f"/api/v1/stored-items/{item.pk}/").status_code == 200
    body = {"note": "电话"}
    assert (
        client(desk.guard).post(f"/api/v1/stored-items/{item.pk}/contacted/", body, format="json").status_code
        == 403
    )
    assert (
        client(staff(Role.ENGINEER, desk.project)).get(f"/api/v1/stored-items/{item.pk}/").status_code == 403
    )
    outsider = staff(Role.CS_ASSISTANT, Desk().project)
    assert client(outsider).get(f"/api/v1/stored-items/{item.pk}/").status_code == 404
    assert (
        client(outsider).post(f"/api/v1/stored-items/{item.pk}/pickup/", {}, format="json").status_code == 404
    )
    # a body naming another project's project or unit: 400 (it does not exist for the user)
    response = client(outsider).post("/api/v1/stored-items/", _deposit(desk), format="json")
    assert response.status_code == 400 and "project" in response.json()["fields"]


def test_pickup_and_contacted(desk):
    item = desk.store()
    body = {
        "picker_name": "王先生",
        "stated_item": "行李箱",
        "stated_deposited_on": timezone.localdate().isoformat(),
        "id_type": "resident_id",
        "id_number": "123",
        "condition_at_pickup": "完好",
        "condition_checked": True,
    }
    url = f"/api/v1/stored-items/{item.pk}/pickup/"
    response = client(desk.assistant).post(url, body, format="json")
    assert response.status_code == 400 and "id_number" in response.json()["fields"]
    number = make_resident_id()
    response = client(desk.assistant).post(url, {**body, "id_number": number}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "picked_up" and response.json()["picker_id_number"] == number
    shown = client(desk.guard).get(f"/api/v1/stored-items/{item.pk}/").json()["picker_id_number"]
    assert shown != number and shown.endswith(number[-4:])
    late = desk.overdue_item()
    response = client(desk.supervisor).post(
        f"/api/v1/stored-items/{late.pk}/contacted/", {"note": "已电话通知"}, format="json"
    )
    assert response.status_code == 200 and response.json()["contacted_at"]


def test_overdue_lists(desk):
    late = desk.overdue_item()
    desk.store()
    loan = desk.overdue_loan(desk.lendable())
    rows = (
        client(desk.guard)
        .get("/api/v1/stored-items/overdue/", {"project": desk.project.pk})
        .json()["results"]
    )
    assert [r["id"] for r in rows] == [late.pk] and rows[0]["overdue"] is True
    rows = client(desk.guard).get("/api/v1/loans/overdue/").json()["results"]
    assert [r["id"] for r in rows] == [loan.pk]
    outsider = staff(Role.CS_ASSISTANT, Desk().project)
    assert client(outsider).get("/api/v1/loans/overdue/", {"project": desk.project.pk}).status_code == 404
    assert client(staff(Role.ENGINEER, desk.project)).get("/api/v1/loans/overdue/").status_code == 403
    assert client(desk.guard).get("/api/v1/loans/overdue/", {"project": "x"}).status_code == 400


def test_storage_check(desk):
    desk.store()
    url = "/api/v1/storage-checks/"
    response = client(desk.assistant).post(url, {"project": desk.project.pk, "items_found": 0}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "storage_check_difference"
    assert "note" in response.json()["fields"]
    response = client(desk.assistant).post(url, {"project": desk.project.pk, "items_found": 1}, format="json")
    assert response.status_code == 201 and response.json()["difference"] == 0
    response = client(desk.assistant).post(url, {"project": desk.project.pk, "items_found": 1}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "storage_check_done"
    assert (
        client(desk.guard)
        .post(url, {"project": desk.project.pk, "items_found": 1}, format="json")
        .status_code
        == 403
    )


def test_lending_flow_with_compensation(desk):
    response = client(desk.assistant).post(
        "/api/v1/lendable-items/",
        {"project": desk.project.pk, "code": "U-01", "name": "雨伞", "original_price": "35.00"},
        format="json",
    )
    assert response.status_code == 201, response.content
    item_id = response.json()["id"]
    response = client(desk.assistant).post(
        "/api/v1/lendable-items/",
        {"project": desk.project.pk, "code": "U-01", "name": "雨伞", "original_price": "-1"},
        format="json",
    )
    assert response.status_code == 400 and "original_price" in response.content.decode()
    lend = {"borrower": "李女士", "unit": desk.unit.pk, "condition_out": "完好", "due_back_at": _later(4)}
    response = client(desk.assistant).post(f"/api/v1/lendable-items/{item_id}/lend/", lend, format="json")
    assert response.status_code == 201, response.content
    loan_id = response.json()["id"]
    again = client(desk.assistant).post(f"/api/v1/lendable-items/{item_id}/lend/", lend, format="json")
    assert again.status_code == 400 and again.json()["code"] == "lendable_wrong_state"
    response = client(desk.assistant).post(
        f"/api/v1/loans/{loan_id}/return/", {"outcome": "damaged", "condition_in": "伞面破"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["compensation"] == "35.00" and response.json()["charge"]
    item = client(desk.guard).get(f"/api/v1/lendable-items/{item_id}/").json()
    assert item["state"] == "repair"
    response = client(desk.assistant).post(f"/api/v1/lendable-items/{item_id}/repaired/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "available"
    response = client(desk.assistant).post(f"/api/v1/lendable-items/{item_id}/replaced/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "lendable_wrong_state"
    response = client(desk.assistant).post(f"/api/v1/lendable-items/{item_id}/retire/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    response = client(desk.assistant).post(
        f"/api/v1/lendable-items/{item_id}/retire/", {"reason": "太旧"}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "retired"


def test_loans_scope_and_roles(desk):
    loan = desk.lend(desk.lendable())
    outsider = staff(Role.CS_ASSISTANT, Desk().project)
    assert client(outsider).get(f"/api/v1/loans/{loan.pk}/").status_code == 404
    assert client(outsider).get("/api/v1/loans/").json()["results"] == []
    body = {"outcome": "good", "condition_in": "好"}
    assert client(desk.guard).post(f"/api/v1/loans/{loan.pk}/return/", body, format="json").status_code == 403
    assert client(desk.guard).get("/api/v1/loans/", {"open": True}).json()["results"][0]["id"] == loan.pk
