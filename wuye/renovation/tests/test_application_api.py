"""The application part of /api/v1/renovations/: permissions and scope (another project's renovation
404, a role without the permission 403, anonymous 401), bad input 400 with field messages, and the
flow from application to approval and preparation."""

import datetime as dt

import pytest
from django.utils.translation import gettext as _
from rest_framework.test import APIClient

from wuye.core.roles import Role
from wuye.renovation.choices import DocumentKind
from wuye.renovation.tests.factories import Site, application_fields

pytestmark = pytest.mark.django_db

D = DocumentKind
URL = "/api/v1/renovations/"


@pytest.fixture
def site():
    return Site()


def client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def body(site, unit=None, **overrides):
    fields = application_fields(**overrides)
    for name in ("planned_start", "planned_end"):
        if isinstance(fields[name], dt.date):
            fields[name] = fields[name].isoformat()
    return {"unit": (unit or site.unit).pk, **fields}


def test_anonymous_is_refused(site):
    renovation = site.draft()
    assert APIClient().get(URL).status_code == 401
    assert APIClient().post(f"{URL}{renovation.pk}/submit/").status_code == 401


def test_create_and_read(site, django_assert_max_num_queries):
    response = client(site.assistant).post(URL, body(site), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and data["owner"] == site.owner.pk and data["number"].startswith("ZX")
    assert D.PLAN_DRAWING in data["missing"] and data["documents"] == [] and data["sign_offs"] == []
    for _n in range(3):
        site.draft()
    with django_assert_max_num_queries(8):
        rows = client(site.archivist).get(URL, {"project": site.project.pk}).json()["results"]
    assert len(rows) == 4
    detail = client(site.guard).get(f"{URL}{data['id']}/")
    assert detail.status_code == 200 and detail.json()["approval_late"] is None


def test_scope_and_roles(site):
    renovation = site.draft()
    other = Site()
    outsider = other.assistant
    assert client(outsider).get(f"{URL}{renovation.pk}/").status_code == 404
    assert client(outsider).post(f"{URL}{renovation.pk}/submit/").status_code == 404
    assert client(outsider).patch(f"{URL}{renovation.pk}/", {"scope": "x"}, format="json").status_code == 404
    assert renovation.pk not in [r["id"] for r in client(outsider).get(URL).json()["results"]]
    # a role without renovation.view, and roles without the action's permission
    assert client(site.key_keeper).get(f"{URL}{renovation.pk}/").status_code == 403
    assert client(site.guard).post(f"{URL}{renovation.pk}/submit/").status_code == 403
    assert (
        client(site.guard).post(URL, body(site, unit=site.handed_over_unit()[0]), format="json").status_code
        == 403
    )
    assert (
        client(site.guard).patch(f"{URL}{renovation.pk}/", {"scope": "x"}, format="json").status_code == 403
    )
    submitted = site.submitted()
    assert client(site.assistant).post(f"{URL}{submitted.pk}/approve/", {}, format="json").status_code == 403
    assert (
        client(site.engineer)
        .post(f"{URL}{submitted.pk}/sign-off/", {"stage": "approval"}, format="json")
        .status_code
        == 403
    )
    # the owner's login sees nothing here
    assert client(site.owner_user).get(f"{URL}{renovation.pk}/").status_code in (403, 404)


def test_create_with_another_projects_unit_is_400_on_the_field(site):
    other = Site()
    response = client(site.assistant).post(URL, body(site, unit=other.unit), format="json")
    assert response.status_code == 400 and "unit" in response.json()["fields"]


def test_bad_input_answers_400_with_field_messages(site):
    c = client(site.assistant)
    response = c.post(URL, body(site, company_credit_code="12345", planned_start="31.12.2026"), format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "planned_start" in fields
    response = c.post(URL, body(site, company_credit_code="12345"), format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["company_credit_code"] == [_("Invalid unified social credit code.")]
    response = c.post(URL, body(site, premises_kind="palace"), format="json")
    assert response.status_code == 400 and "premises_kind" in response.json()["fields"]
    new_unit = site.books.unit(handover=None)
    response = c.post(URL, body(site, unit=new_unit), format="json")
    assert response.status_code == 400 and response.json()["code"] == "unit_not_handed_over"
    renovation = site.draft()
    response = c.post(
        f"{URL}{renovation.pk}/documents/", {"kind": "qualification", "reference": "Z1"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["expires_on"] == [_("A certificate is recorded with its expiry date.")]
    response = c.post(f"{URL}{renovation.pk}/documents/", {"kind": "passport"}, format="json")
    assert response.status_code == 400 and "kind" in response.json()["fields"]
    response = c.post(f"{URL}{renovation.pk}/withdraw/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]


def test_patch_only_while_editable(site):
    renovation = site.draft()
    c = client(site.assistant)
    response = c.patch(f"{URL}{renovation.pk}/", {"scope": "只刷墙", "gas_work": True}, format="json")
    assert response.status_code == 200 and response.json()["gas_work"] is True
    assert c.put(f"{URL}{renovation.pk}/", {"scope": "x"}, format="json").status_code == 405
    submitted = site.submitted()
    response = c.patch(f"{URL}{submitted.pk}/", {"scope": "x"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "renovation_wrong_stage"


def test_documents_submit_and_missing_items(site):
    renovation = site.draft()
    c = client(site.assistant)
    url = f"{URL}{renovation.pk}/documents/"
    response = c.post(url, {"kind": "plan_drawing", "stamped": True}, format="json")
    assert response.status_code == 201, response.content
    assert D.PLAN_DRAWING not in response.json()["missing"]
    licence = c.post(url, {"kind": "business_licence", "reference": "911101051234"}, format="json")
    assert licence.status_code == 400 and licence.json()["fields"]["reference"] == [
        _("Invalid unified social credit code.")
    ]
    submit = c.post(f"{URL}{renovation.pk}/submit/")
    assert submit.status_code == 400 and submit.json()["code"] == "renovation_file_incomplete"
    assert D.CEILING_DRAWING in submit.json()["fields"] and D.PLAN_DRAWING not in submit.json()["fields"]
    listed = c.get(url).json()
    assert [d["kind"] for d in listed] == ["plan_drawing"]
    removed = c.post(f"{URL}{renovation.pk}/documents/remove/", {"document": listed[0]["id"]}, format="json")
    assert removed.status_code == 200 and removed.json()["documents"] == []
    other = Site().draft(complete=True)
    foreign = other.documents.first()
    response = c.post(f"{URL}{renovation.pk}/documents/remove/", {"document": foreign.pk}, format="json")
    assert response.status_code == 404
    site.complete_file(renovation)
    response = c.post(f"{URL}{renovation.pk}/submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert response.json()["approval_due_at"] and response.json()["approval_late"] is False


def test_sign_off_approve_reject_prepare(site):
    renovation = site.submitted()
    url = f"{URL}{renovation.pk}/"
    response = client(site.supervisor).post(f"{url}sign-off/", {"stage": "approval"}, format="json")
    assert response.status_code == 201 and response.json()["sign_offs"][0]["party"] == "cs_head"
    again = client(site.supervisor).post(f"{url}sign-off/", {"stage": "approval"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_signed"
    premature = client(site.engineer).post(f"{url}approve/", {}, format="json")
    assert premature.status_code == 400 and "engineering_head" in premature.json()["fields"]
    response = client(site.engineering_lead).post(f"{url}approve/", {"note": "同意"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert set(response.json()["entry_missing"]) == {
        "owner_confirmed_at",
        "agreement_signed_at",
        "briefing_at",
    }
    company = client(site.assistant).post(f"{url}prepare/", {"agreement_signer": "company"}, format="json")
    assert company.status_code == 400 and "commitment_delegates" in company.json()["fields"]
    prepared = client(site.assistant).post(
        f"{url}prepare/",
        {"owner_confirmed": True, "agreement_signer": "owner", "briefed": True},
        format="json",
    )
    assert prepared.status_code == 200 and prepared.json()["entry_missing"] == {}

    other = site.submitted()
    no_reason = client(site.engineer).post(f"{URL}{other.pk}/reject/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    rejected = client(site.engineer).post(f"{URL}{other.pk}/reject/", {"reason": "资质过期"}, format="json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert rejected.json()["decision_note"] == "资质过期"
    withdrawn = client(site.assistant).post(
        f"{URL}{other.pk}/withdraw/", {"reason": "业主放弃"}, format="json"
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


def test_future_event_times_are_refused(site):
    renovation = site.submitted()
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).isoformat()
    response = client(site.supervisor).post(
        f"{URL}{renovation.pk}/sign-off/", {"stage": "approval", "at": future}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "event_in_future"


def test_company_manager_reads_everywhere(site):
    renovation = site.draft()
    boss = site.staff(Role.COMPANY_MANAGER)
    assert client(boss).get(f"{URL}{renovation.pk}/").status_code == 200


def test_a_scan_is_uploaded_and_served_only_in_scope(site, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wuye.core.tests.factories import ProjectFactory, staff

    settings.MEDIA_ROOT = tmp_path
    renovation = site.draft()
    api = client(site.assistant)
    scan = SimpleUploadedFile("licence.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = api.post(
        f"{URL}{renovation.pk}/documents/",
        {"kind": DocumentKind.OTHER, "note": "补充", "file": scan},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    listed = api.get(f"{URL}{renovation.pk}/documents/").json()
    row = next(d for d in listed if d["kind"] == DocumentKind.OTHER)
    assert row["file_url"].startswith(f"{URL}{renovation.pk}/documents/{row['id']}/file")
    served = api.get(row["file_url"])
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content).startswith(b"%PDF")
    assert client(staff(Role.CS_ASSISTANT, ProjectFactory())).get(row["file_url"]).status_code == 404
    api.post(
        f"{URL}{renovation.pk}/documents/", {"kind": DocumentKind.OTHER, "note": "无扫描件"}, format="json"
    )
    listed = api.get(f"{URL}{renovation.pk}/documents/").json()
    without = next(d for d in listed if d["note"] == "无扫描件")
    assert without["file_url"] is None
    assert api.get(f"{URL}{renovation.pk}/documents/{without['id']}/file/").status_code == 404
