"""The release passes API: permissions (403), scope (another project → 404), bad input (400 with
fields), refusals naming why, the gate's release once, the daily list (JSON and Excel), the PDF."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from wuye.core.roles import Role
from wuye.core.tests.factories import resident_user, staff
from wuye.frontdesk.tests.factories_passes import Desk

pytestmark = pytest.mark.django_db

PASSES = "/api/v1/release-passes/"
GATE = "/api/v1/release-passes/release/"


@pytest.fixture
def desk():
    return Desk()


def client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def _body(desk, **extra):
    return {
        "unit": desk.unit.pk,
        "kind": "temporary",
        "carrier_kind": "tenant",
        "carrier_name": "租户甲",
        "carrier_id_type": "resident_id",
        "carrier_id_number": "110101199001011234",
        "carrier_mobile": "13912345678",
        "items": [{"name": "电脑", "quantity": 2}],
        **extra,
    }


def test_anonymous_and_residents_are_refused(desk):
    assert APIClient().get(PASSES).status_code == 401
    assert APIClient().post(GATE, {"number": "x", "items_checked": True}, format="json").status_code == 401
    owner = resident_user(owner=desk.owner)
    assert client(owner).get(PASSES).status_code == 403
    assert client(owner).post(GATE, {"number": "x", "items_checked": True}, format="json").status_code == 403


def test_create_consent_approve_and_release(desk, django_assert_max_num_queries):
    response = client(desk.assistant).post(PASSES, _body(desk), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"].startswith("FX") and data["status"] == "draft"
    assert data["consent_needed"] == "owner" and data["consent_state"] == "missing"
    assert data["items"][0]["name"] == "电脑"
    url = f"{PASSES}{data['id']}/"
    refused = client(desk.supervisor).post(f"{url}approve/", {"carrier_signed": True}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "consent_missing"
    consent = {"phone": desk.owner.mobile, "name": desk.owner.name, "answer": "agreed", "note": "同意"}
    response = client(desk.assistant).post(f"{url}consent/", consent, format="json")
    assert response.status_code == 200 and response.json()["consent_state"] == "agreed"
    response = client(desk.supervisor).post(f"{url}approve/", {"carrier_signed": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    gate = client(desk.guard)
    body = {"number": data["number"], "items_checked": True}
    response = gate.post(GATE, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "used"
    assert response.json()["carrier_id_number"] == "110***********1234"  # the guard sees it masked
    again = gate.post(GATE, body, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == "pass_used"
    assert str(desk.guard) in again.json()["message"]
    for _ in range(3):
        desk.new()
    with django_assert_max_num_queries(10):
        rows = client(desk.assistant).get(PASSES, {"project": desk.project.pk}).json()["results"]
    assert len(rows) == 4
    assert rows[0]["carrier_id_number"] in ("", "110101199001011234")  # the desk sees it in full


def test_moving_out_with_arrears_answers_400_listing_them(desk):
    desk.owe("88.00")
    response = client(desk.assistant).post(PASSES, _body(desk, kind="moving_out"), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "not_settled"
    assert "arrears" in body["fields"] and "88" in body["fields"]["arrears"][0]


def test_bad_input_names_the_fields(desk):
    response = client(desk.assistant).post(
        PASSES,
        _body(desk, items=[], kind="x", valid_on=(timezone.localdate() - dt.timedelta(days=1)).isoformat()),
        format="json",
    )
    assert response.status_code == 400
    assert {"items", "kind"} <= set(response.json()["fields"])
    response = client(desk.assistant).post(PASSES, _body(desk, valid_on="2020-01-01"), format="json")
    assert response.status_code == 400 and "valid_on" in response.json()["fields"]
    release_pass = desk.new()
    response = client(desk.assistant).post(
        f"{PASSES}{release_pass.pk}/consent/", {"phone": "", "answer": "perhaps"}, format="json"
    )
    assert response.status_code == 400 and {"phone", "answer"} <= set(response.json()["fields"])
    response = client(desk.assistant).post(f"{PASSES}{release_pass.pk}/cancel/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    response = client(desk.guard).post(GATE, {"number": ""}, format="json")
    assert response.status_code == 400 and {"number", "items_checked"} <= set(response.json()["fields"])


def test_wrong_role_answers_403(desk):
    release_pass = desk.new(carrier_kind="owner")
    url = f"{PASSES}{release_pass.pk}/"
    assert client(desk.guard).post(PASSES, _body(desk), format="json").status_code == 403
    assert (
        client(desk.guard).post(f"{url}approve/", {"carrier_signed": True}, format="json").status_code == 403
    )
    assert client(desk.guard).post(f"{url}cancel/", {"reason": "x"}, format="json").status_code == 403
    engineer = staff(Role.ENGINEER, desk.project)
    assert client(engineer).get(url).status_code == 403
    body = {"number": release_pass.number, "items_checked": True}
    assert client(desk.assistant).post(GATE, body, format="json").status_code == 403
    assert client(desk.guard).get(url).status_code == 200  # the gate reads passes


def test_another_project_is_out_of_scope(desk):
    release_pass = desk.issued(carrier_kind="owner")
    other = Desk()
    assert client(other.assistant).get(f"{PASSES}{release_pass.pk}/").status_code == 404
    assert client(other.assistant).get(f"{PASSES}{release_pass.pk}/pdf/").status_code == 404
    assert (
        client(other.assistant)
        .post(f"{PASSES}{release_pass.pk}/cancel/", {"reason": "x"}, format="json")
        .status_code
        == 404
    )
    # a unit of another project "does not exist" in the body
    response = client(other.assistant).post(PASSES, _body(desk), format="json")
    assert response.status_code == 400 and "unit" in response.json()["fields"]
    # the other project's guard cannot release it: the number is unknown to them
    response = client(other.guard).post(
        GATE, {"number": release_pass.number, "items_checked": True}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "pass_unknown"
    assert client(other.assistant).get(f"{PASSES}daily/", {"project": desk.project.pk}).status_code == 404
    assert client(other.assistant).get(PASSES).json()["results"] == []


def test_the_gate_refuses_expired_and_not_issued(desk):
    draft = desk.new(carrier_kind="owner")
    gate = client(desk.guard)
    response = gate.post(GATE, {"number": draft.number, "items_checked": True}, format="json")
    assert response.json()["code"] == "pass_not_issued"
    issued = desk.issued(carrier_kind="owner")
    response = gate.post(GATE, {"number": issued.number, "items_checked": False}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "items_not_checked"
    import time_machine

    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        response = gate.post(GATE, {"number": issued.number, "items_checked": True}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "pass_expired"


def test_daily_list_json_and_excel(desk):
    used = desk.issued(carrier_kind="owner")
    client(desk.guard).post(GATE, {"number": used.number, "items_checked": True}, format="json")
    desk.issued(carrier_kind="owner")
    c = client(desk.assistant)
    data = c.get(f"{PASSES}daily/", {"project": desk.project.pk}).json()
    assert data["total"] == 2
    counts = {row["status"]: row["count"] for row in data["counts"]}
    assert counts["used"] == 1 and counts["approved"] == 1 and counts["expired"] == 0
    response = c.get(f"{PASSES}daily/", {"project": desk.project.pk, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert used.number in values
    assert c.get(f"{PASSES}daily/").status_code == 400  # the project is required
    assert (
        client(staff(Role.ENGINEER, desk.project))
        .get(f"{PASSES}daily/", {"project": desk.project.pk})
        .status_code
        == 403
    )


def test_pdf(desk):
    release_pass = desk.issued(carrier_kind="owner")
    response = client(desk.guard).get(f"{PASSES}{release_pass.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
