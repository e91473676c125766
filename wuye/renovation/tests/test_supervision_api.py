"""The supervision routes of /api/v1/renovations/: patrols, violations with their notice and
penalty, hot-work permits and the board — happy paths, refusals, roles and project scope."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from rest_framework.test import APIClient

from wuye.accounts.models import User
from wuye.core.roles import Role
from wuye.core.tests.api import assert_error
from wuye.core.tests.factories import ProjectFactory, resident_user, staff
from wuye.renovation.choices import Department
from wuye.renovation.models import Patrol, Violation
from wuye.renovation.tests.factories_supervision import Site, local

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 20, 15, 0)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def site():
    return Site()


@pytest.fixture
def reno(site):
    return site.renovation(started_at=local(2026, 11, 10, 9))


@pytest.fixture
def other():
    """Another project, with its own staff and a renovation on site."""
    other = Site()
    other.reno = other.renovation(started_at=local(2026, 11, 10, 9))
    return other


def client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def url(reno, tail=""):
    return f"/api/v1/renovations/{reno.pk}/{tail}"


def _serious(site, reno, user=None):
    response = client(user or site.guard).post(
        url(reno, "violations/"),
        {
            "severity": "serious",
            "rule": "禁止拆改承重墙",
            "description": "拆除承重墙",
            "rectify_by": "2026-11-25",
            "at": "2026-11-20T10:00:00+08:00",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


# --- patrols ----------------------------------------------------------------------------------------


def test_patrol_recorded_with_a_photo_and_listed(site, reno, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api = client(site.engineer)
    response = api.post(
        url(reno, "patrols/"), {"findings": "水电改造中", "photos": [_png()]}, format="multipart"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["department"] == Department.ENGINEERING and body["day"] == "2026-11-20"
    assert len(body["photos"]) == 1
    listed = api.get(url(reno, "patrols/")).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    # the photo is served through the scoped API, never a public media address
    photo = api.get(body["photos"][0])
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")
    assert client(site.guard).get(body["photos"][0]).status_code == 200
    outsider = staff(Role.SECURITY, ProjectFactory())
    assert client(outsider).get(body["photos"][0]).status_code == 404


def test_patrol_photos_must_be_images_and_a_few(site, reno, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api = client(site.engineer)
    text = SimpleUploadedFile("notes.png", b"<html>not an image</html>", content_type="image/png")
    response = api.post(url(reno, "patrols/"), {"findings": "x", "photos": [text]}, format="multipart")
    assert response.status_code == 400 and "photos" in response.json()["fields"]
    many = [_png() for _ in range(7)]
    response = api.post(url(reno, "patrols/"), {"findings": "x", "photos": many}, format="multipart")
    assert response.status_code == 400 and "photos" in response.json()["fields"]
    assert not reno.patrols.exists()


def test_second_patrol_the_same_day_answers_400_naming_the_first(site, reno):
    first = client(site.guard).post(url(reno, "patrols/"), {}, format="json").json()
    response = client(site.security_head).post(url(reno, "patrols/"), {}, format="json")
    body = assert_error(response, 400, "patrol_already_recorded", "existing_patrol")
    assert body["fields"]["existing_patrol"] == [str(first["id"])]


def test_hot_work_seen_without_a_permit_makes_a_serious_violation(site, reno):
    response = client(site.guard).post(
        url(reno, "patrols/"), {"hot_work_seen": True, "findings": "阳台电焊"}, format="json"
    )
    assert response.status_code == 201
    (violation,) = response.json()["violations"]
    assert Violation.objects.get(pk=violation).severity == "serious"


def test_patrol_refused_for_a_role_without_the_permission(site, reno):
    assert_error(client(site.cashier).post(url(reno, "patrols/"), {}, format="json"), 403)
    # the cashier may read them
    assert client(site.cashier).get(url(reno, "patrols/")).status_code == 200


def test_patrol_of_another_projects_renovation_answers_404(site, other):
    assert client(site.engineer).post(url(other.reno, "patrols/"), {}, format="json").status_code == 404
    assert client(site.engineer).get(url(other.reno, "patrols/")).status_code == 404


def test_patrol_refused_for_residents_and_anonymous(site, reno):
    owner_user = resident_user(owner=reno.owner)
    assert client(owner_user).get(url(reno, "patrols/")).status_code in (403, 404)
    assert APIClient().get(url(reno, "patrols/")).status_code == 401


# --- violations -------------------------------------------------------------------------------------


def test_violation_notice_phone_sign_penalty_through_the_api(site, reno):
    violation = _serious(site, reno)
    assert violation["number"] == "WZ2026-0001"
    vid = violation["id"]
    cs = client(site.cs)
    # the company before the owner
    assert_error(
        cs.post(url(reno, f"violations/{vid}/phone/"), {"party": "company"}, format="json"),
        400,
        "owner_not_phoned",
        "party",
    )
    for step, body in (
        ("phone", {"party": "owner", "note": "业主同意整改"}),
        ("phone", {"party": "company"}),
        ("sign", {"party": "owner"}),
        ("sign", {"party": "company"}),
        ("propose-penalty", {"amount": "500.00", "rule": "装修管理协议第8条"}),
    ):
        response = cs.post(url(reno, f"violations/{vid}/{step}/"), body, format="json")
        assert response.status_code == 200, (step, response.content)
    # the proposer's colleague without approve_penalty: 403; the project manager approves
    assert_error(
        client(site.cs_head).post(
            url(reno, f"violations/{vid}/approve-penalty/"), {"approve": True}, format="json"
        ),
        403,
    )
    response = client(site.manager).post(
        url(reno, f"violations/{vid}/approve-penalty/"), {"approve": True, "comment": "同意"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["penalty_status"] == "approved"
    assert response.json()["filed_owner"] == reno.owner_id
    response = client(site.guard).post(
        url(reno, f"violations/{vid}/rectified/"), {"note": "已恢复"}, format="json"
    )
    assert response.status_code == 200 and response.json()["rectified_at"]
    pdf = client(site.cashier).get(url(reno, f"violations/{vid}/notice/"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    listed = cs.get(url(reno, "violations/")).json()
    assert [row["id"] for row in listed["results"]] == [vid]


def test_bad_violation_input_answers_400_with_fields(site, reno):
    response = client(site.cs).post(
        url(reno, "violations/"),
        {"severity": "minor", "rule": "施工时间", "description": "午休施工"},
        format="json",
    )
    assert_error(response, 400, field="action_taken")
    response = client(site.cs).post(url(reno, "violations/"), {"severity": "huge"}, format="json")
    assert_error(response, 400, field="severity")


def test_violation_naming_another_renovations_patrol_answers_400(site, reno):
    second = site.renovation(started_at=local(2026, 11, 10, 9))
    patrol = client(site.guard).post(url(second, "patrols/"), {}, format="json").json()
    response = client(site.guard).post(
        url(reno, "violations/"),
        {"severity": "minor", "rule": "r", "description": "d", "action_taken": "a", "patrol": patrol["id"]},
        format="json",
    )
    assert_error(response, 400, field="patrol")


def test_minor_violation_has_no_notice(site, reno):
    response = client(site.cs).post(
        url(reno, "violations/"),
        {"severity": "minor", "rule": "施工时间", "description": "午休施工", "action_taken": "口头警告"},
        format="json",
    )
    vid = response.json()["id"]
    assert_error(client(site.cs).get(url(reno, f"violations/{vid}/notice/")), 400, "violation_not_serious")


def test_violation_of_another_renovation_or_project_answers_404(site, reno, other):
    violation = _serious(other, other.reno)
    # its id under this project's renovation: not found there
    response = client(site.manager).post(
        url(reno, f"violations/{violation['id']}/approve-penalty/"), {"approve": True}, format="json"
    )
    assert response.status_code == 404
    # under its own renovation, from this project's staff: out of scope
    response = client(site.manager).post(
        url(other.reno, f"violations/{violation['id']}/approve-penalty/"), {"approve": True}, format="json"
    )
    assert response.status_code == 404
    assert client(site.cs).get(url(other.reno, f"violations/{violation['id']}/notice/")).status_code == 404


def test_violation_refused_for_a_role_without_the_permission(site, reno):
    response = client(site.cashier).post(
        url(reno, "violations/"),
        {"severity": "minor", "rule": "r", "description": "d", "action_taken": "a"},
        format="json",
    )
    assert_error(response, 403)


# --- hot-work permits ---------------------------------------------------------------------------------


def test_hot_work_permit_issued_listed_and_cancelled(site, reno):
    api = client(site.engineer)
    body = {
        "work": "焊接阳台栏杆",
        "starts_at": "2026-11-21T08:00:00+08:00",
        "ends_at": "2026-11-21T12:00:00+08:00",
        "precautions": "灭火器两具，专人看火",
    }
    response = api.post(url(reno, "hot-work-permits/"), body, format="json")
    assert response.status_code == 201, response.content
    permit = response.json()
    assert permit["number"] == "DH2026-0001" and permit["kind"] == "hot_work"
    assert [row["id"] for row in api.get(url(reno, "hot-work-permits/")).json()["results"]] == [permit["id"]]
    response = api.post(url(reno, f"hot-work-permits/{permit['id']}/cancel/"), {}, format="json")
    assert response.status_code == 200 and response.json()["cancelled_at"]
    bad = {**body, "ends_at": "2026-11-21T07:00:00+08:00"}
    assert_error(api.post(url(reno, "hot-work-permits/"), bad, format="json"), 400, field="ends_at")
    assert_error(client(site.guard).post(url(reno, "hot-work-permits/"), body, format="json"), 403)
    assert client(site.engineer).get(url(site.renovation(), "hot-work-permits/")).status_code == 200


# --- the board ----------------------------------------------------------------------------------------


def test_board_shows_units_departments_days_and_gaps(site, reno):
    client(site.engineer).post(url(reno, "patrols/"), {}, format="json")
    response = client(site.cashier).get(
        "/api/v1/renovations/board/", {"project": site.project.pk, "date": "2026-11-20", "days": 2}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["days"] == ["2026-11-19", "2026-11-20"]
    assert body["departments"] == ["customer_service", "engineering", "security"]
    (row,) = body["rows"]
    assert row["renovation"] == reno.pk and row["unit_code"] == reno.unit.code
    patrol = Patrol.objects.get()
    assert row["cells"][1]["patrols"] == {
        "customer_service": None,
        "engineering": patrol.pk,
        "security": None,
    }
    assert body["gaps"] == row["gaps"] == 5
    assert body["gaps_by_department"] == {"customer_service": 2, "engineering": 1, "security": 2}


def test_board_default_date_is_today(site, reno):
    body = client(site.cs).get("/api/v1/renovations/board/", {"project": site.project.pk}).json()
    assert body["days"][-1] == "2026-11-20" and len(body["days"]) == 7


def test_board_of_another_project_answers_404_and_needs_the_project(site, other):
    api = client(site.cs)
    assert api.get("/api/v1/renovations/board/", {"project": other.project.pk}).status_code == 404
    assert_error(api.get("/api/v1/renovations/board/"), 400, field="project")
    assert_error(api.get("/api/v1/renovations/board/", {"project": site.project.pk, "days": 99}), 400)


def test_board_refused_for_residents(site, reno):
    owner_user = resident_user(owner=reno.owner)
    assert (
        client(owner_user).get("/api/v1/renovations/board/", {"project": site.project.pk}).status_code == 403
    )


def test_board_uses_a_constant_number_of_queries(site):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client(User.objects.get(pk=site.cs.pk)).get(
                "/api/v1/renovations/board/", {"project": site.project.pk, "date": "2026-11-20"}
            )
        assert response.status_code == 200
        return len(queries)

    for _index in range(2):
        site.renovation(started_at=local(2026, 11, 10, 9))
    few = count()
    for _index in range(8):
        reno = site.renovation(started_at=local(2026, 11, 10, 9))
        Patrol.objects.create(
            renovation=reno, department="security", day=dt.date(2026, 11, 19), at=NOW, by=site.guard
        )
    assert count() == few <= 6
