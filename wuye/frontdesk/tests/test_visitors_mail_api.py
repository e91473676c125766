"""The visitor and mail API: permissions (403), scope (another project's rows 404), bad input (400 with
fields), refusals with their code, masking of ID numbers, the uncollected list as Excel, the round."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from wuye.core.masking import mask_id_number
from wuye.core.tests.api import assert_error, post
from wuye.frontdesk.services import visitors_mail as services
from wuye.frontdesk.tests.factories_visitors_mail import VALID_ID, FrontDesk

pytestmark = pytest.mark.django_db


@pytest.fixture
def fd():
    return FrontDesk()


@pytest.fixture
def other():
    return FrontDesk()


def client(user=None) -> APIClient:
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def visitor_body(fd, **changes) -> dict:
    return {
        "project": fd.project.pk,
        "name": "张三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "host_unit": fd.unit.pk,
        "host_name": fd.owner.name,
        "host_confirmation": "intercom",
        "people": 2,
        **changes,
    }


# --- visitors ----------------------------------------------------------------------------------------


def test_anonymous_and_residents_are_refused(fd):
    assert client().get("/api/v1/visitors/").status_code == 401
    for url in ("/api/v1/visitors/", "/api/v1/mail/", "/api/v1/ordinary-mail/", "/api/v1/subscriptions/"):
        assert client(fd.owner_user).get(url).status_code == 403


def test_register_visitor_and_leave_once(fd):
    response = post(client(fd.guard), "/api/v1/visitors/", visitor_body(fd))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["inside"] is True and body["host_unit_code"] == fd.unit.code
    url = f"/api/v1/visitors/{body['id']}/leave/"
    assert post(client(fd.guard), url).status_code == 200
    assert_error(post(client(fd.guard), url), 400, code="visitor_already_left")


def test_register_visitor_bad_input_names_the_fields(fd):
    response = post(client(fd.desk), "/api/v1/visitors/", visitor_body(fd, host_confirmation="", name=""))
    assert_error(response, 400, field="host_confirmation")
    assert "name" in response.json()["fields"]
    response = post(client(fd.desk), "/api/v1/visitors/", visitor_body(fd, id_number="110105198506011230"))
    assert_error(response, 400, field="id_number")


def test_register_visitor_needs_the_permission(fd):
    assert post(client(fd.manager), "/api/v1/visitors/", visitor_body(fd)).status_code == 403
    assert post(client(fd.engineer), "/api/v1/visitors/", visitor_body(fd)).status_code == 403


def test_register_visitor_with_another_projects_unit_or_project(fd, other):
    response = post(client(fd.desk), "/api/v1/visitors/", visitor_body(fd, host_unit=other.unit.pk))
    assert_error(response, 400, field="host_unit")
    response = post(client(fd.desk), "/api/v1/visitors/", visitor_body(other))
    assert_error(response, 400, field="project")


def test_visitor_scope_and_role(fd, other):
    visitor = fd.visitor()
    url = f"/api/v1/visitors/{visitor.pk}/"
    assert client(other.desk).get(url).status_code == 404
    assert post(client(other.guard), f"{url}leave/").status_code == 404
    assert client(fd.engineer).get(url).status_code == 403
    assert client(fd.engineer).get("/api/v1/visitors/").json()["results"] == []
    assert client(fd.manager).get(url).status_code == 200
    assert post(client(fd.manager), f"{url}leave/").status_code == 403


def test_id_numbers_masked_for_the_gate(fd):
    visitor = fd.visitor(mobile="13812345678")
    guard_row = client(fd.guard).get(f"/api/v1/visitors/{visitor.pk}/").json()
    assert guard_row["id_number"] == mask_id_number(VALID_ID) != VALID_ID
    assert guard_row["mobile"] == "138****5678"
    desk_row = client(fd.desk).get(f"/api/v1/visitors/{visitor.pk}/").json()
    assert desk_row["id_number"] == VALID_ID and desk_row["mobile"] == "13812345678"


def test_inside_filter(fd, other, django_assert_max_num_queries):
    inside = fd.visitor(name="还在")
    gone = fd.visitor(name="走了")
    services.visitor_leave(visitor=gone, acting_user=fd.desk)
    other.visitor()
    for _ in range(3):
        fd.visitor()
    with django_assert_max_num_queries(10):
        rows = client(fd.guard).get("/api/v1/visitors/", {"inside": "true"}).json()["results"]
    assert inside.pk in {r["id"] for r in rows} and gone.pk not in {r["id"] for r in rows}
    assert len(rows) == 4
    rows = client(fd.guard).get("/api/v1/visitors/", {"inside": "false"}).json()["results"]
    assert [r["id"] for r in rows] == [gone.pk]


# --- mail --------------------------------------------------------------------------------------------


def test_mail_steps(fd):
    body = {"project": fd.project.pk, "kind": "express", "unit": fd.unit.pk, "recipient": fd.owner.name}
    response = post(client(fd.desk), "/api/v1/mail/", body)
    assert response.status_code == 201, response.content
    url = f"/api/v1/mail/{response.json()['id']}/"
    assert post(client(fd.desk), f"{url}notify/", {"how": "电话"}).json()["notify_note"] == "电话"
    assert_error(
        post(client(fd.desk), f"{url}collect/", {"signed": False}),
        400,
        code="signature_missing",
        field="signed",
    )
    response = post(
        client(fd.desk),
        f"{url}collect/",
        {"signed": True, "collector_is_recipient": False, "collector_name": "李四"},
    )
    body = assert_error(response, 400, field="collector_id_type")
    assert "collector_id_number" in body["fields"]
    response = post(
        client(fd.desk),
        f"{url}collect/",
        {
            "signed": True,
            "collector_is_recipient": False,
            "collector_name": "李四",
            "collector_id_type": "resident_id",
            "collector_id_number": VALID_ID,
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "collected"
    assert client(fd.guard).get(url).status_code == 200
    assert client(fd.guard).get(url).json()["collector_id_number"] == mask_id_number(VALID_ID)
    assert_error(post(client(fd.desk), f"{url}return/", {"reason": "x"}), 400, code="mail_not_waiting")


def test_mail_bad_input_and_permissions(fd, other):
    response = post(client(fd.desk), "/api/v1/mail/", {"project": fd.project.pk, "kind": "parcel"})
    assert_error(response, 400, field="unit")
    response = post(
        client(fd.desk), "/api/v1/mail/", {"project": fd.project.pk, "kind": "x", "unit": fd.unit.pk}
    )
    assert_error(response, 400, field="kind")
    body = {"project": fd.project.pk, "kind": "parcel", "unit": fd.unit.pk, "recipient": "王五"}
    assert post(client(fd.guard), "/api/v1/mail/", body).status_code == 403
    item = fd.mail()
    assert post(client(other.desk), f"/api/v1/mail/{item.pk}/notify/", {"how": "电话"}).status_code == 404
    assert post(client(fd.guard), f"/api/v1/mail/{item.pk}/notify/", {"how": "电话"}).status_code == 403
    assert_error(post(client(fd.desk), f"/api/v1/mail/{item.pk}/return/", {}), 400, field="reason")
    assert (
        post(client(fd.desk), f"/api/v1/mail/{item.pk}/return/", {"reason": "拒收"}).json()["status"]
        == "returned"
    )


def test_uncollected_list_and_excel(fd, other):
    now = timezone.now()
    old = fd.mail(received_at=now - dt.timedelta(days=2))
    new = fd.mail(recipient="=cmd|' /C calc'!A0")
    office = fd.mail(unit=None, for_management=True)
    done = fd.mail()
    services.mail_collect(item=done, collector_name="", signed=True, acting_user=fd.desk)
    other.mail()
    rows = client(fd.guard).get("/api/v1/mail/uncollected/", {"project": fd.project.pk}).json()
    assert [r["id"] for r in rows] == [old.pk, new.pk, office.pk]
    assert rows[0]["days_waiting"] == 2
    rows = client(fd.desk).get("/api/v1/mail/", {"for_management": "true"}).json()["results"]
    assert [r["id"] for r in rows] == [office.pk]
    response = client(fd.desk).get("/api/v1/mail/uncollected/", {"project": fd.project.pk, "format": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert fd.owner.name in values and "=cmd|' /C calc'!A0" in values
    formula = next(c for row in ws.iter_rows() for c in row if c.value == "=cmd|' /C calc'!A0")
    assert formula.data_type == "s"


def test_uncollected_query_and_scope(fd, other):
    assert_error(client(fd.desk).get("/api/v1/mail/uncollected/"), 400, field="project")
    assert client(fd.desk).get("/api/v1/mail/uncollected/", {"project": other.project.pk}).status_code == 404
    assert client(fd.engineer).get("/api/v1/mail/uncollected/", {"project": fd.project.pk}).status_code == 403


# --- ordinary mail -----------------------------------------------------------------------------------


def test_ordinary_mail(fd, other):
    body = {
        "project": fd.project.pk,
        "day": timezone.localdate().isoformat(),
        "count": 40,
        "units": [fd.unit.pk],
    }
    response = post(client(fd.desk), "/api/v1/ordinary-mail/", body)
    assert response.status_code == 201, response.content
    assert response.json()["unit_codes"] == [fd.unit.code]
    assert_error(post(client(fd.desk), "/api/v1/ordinary-mail/", {**body, "count": 0}), 400, field="count")
    assert_error(
        post(client(fd.desk), "/api/v1/ordinary-mail/", {**body, "units": [other.unit.pk]}),
        400,
        field="units",
    )
    response = post(client(fd.desk), "/api/v1/ordinary-mail/", {**body, "delivered_by": other.desk.pk})
    assert_error(response, 400, field="delivered_by")
    assert post(client(fd.guard), "/api/v1/ordinary-mail/", body).status_code == 403


# --- subscriptions -----------------------------------------------------------------------------------


def test_subscriptions_and_round(fd, other):
    high = fd.unit_at("1", 20, "2001")
    body = {
        "project": fd.project.pk,
        "unit": high.pk,
        "kind": "newspaper",
        "title": "人民日报",
        "starts_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
    }
    response = post(client(fd.desk), "/api/v1/subscriptions/", body)
    assert response.status_code == 201, response.content
    low = fd.subscription()  # floor 12
    other.subscription()
    rows = client(fd.guard).get("/api/v1/subscriptions/round/", {"project": fd.project.pk}).json()
    assert [r["id"] for r in rows] == [low.pk, response.json()["id"]]
    assert rows[0]["floor"] == 12
    url = f"/api/v1/subscriptions/{low.pk}/"
    assert client(fd.desk).patch(url, {"copies": 2}, format="json").json()["copies"] == 2
    assert_error(client(fd.desk).patch(url, {"ends_on": "2000-01-01"}, format="json"), 400, field="ends_on")
    assert client(fd.guard).patch(url, {"copies": 3}, format="json").status_code == 403
    assert client(other.desk).patch(url, {"copies": 3}, format="json").status_code == 404
    assert client(fd.desk).put(url, {"copies": 3}, format="json").status_code == 405
    assert_error(post(client(fd.desk), "/api/v1/subscriptions/", {**body, "title": ""}), 400, field="title")
    assert_error(
        post(client(fd.desk), "/api/v1/subscriptions/", {**body, "unit": other.unit.pk}), 400, field="unit"
    )
    assert (
        client(fd.desk).get("/api/v1/subscriptions/round/", {"project": other.project.pk}).status_code == 404
    )
