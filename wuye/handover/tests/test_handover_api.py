"""The handover API: the contract paths and actions, refusals as 400 {code, message, fields},
permissions (the payment step is the cashier's), PDFs."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.handover.models import Handover
from wuye.handover.tests.factories import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_of_december():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        yield


def client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_unit_is_handed_over_through_the_api():
    venue = Venue()
    unit, name, id_number = venue.unit()
    desk, cashier = client(venue.assistant), client(venue.cashier)
    answer = desk.post("/api/v1/handovers/", {"batch": venue.batch.pk, "unit": unit.pk}, format="json")
    assert answer.status_code == 201, answer.content
    pk = answer.json()["id"]
    url = f"/api/v1/handovers/{pk}/complete-step/"
    bodies = [
        (desk, {"step": "roster_verified", "name": name, "id_number": id_number}),
        (desk, {"step": "documents_collected", "id_copied": True}),
        (
            desk,
            {
                "step": "archive_completed",
                "mobile": "13812345678",
                "emergency_mobile": "13912345678",
                "birthday": "1980-05-01",
            },
        ),
        (desk, {"step": "safety_letter_signed", "signed": True}),
        (desk, {"step": "fees_computed"}),
        (cashier, {"step": "paid", "method": "cash"}),
        (desk, {"step": "keys_prepared", "key_count": 3, "handbooks": True}),
        (desk, {"step": "documents_signed", "receipt_signed": True}),
    ]
    for api, body in bodies:
        answer = api.post(url, body, format="json")
        assert answer.status_code == 200, (body, answer.content)
    assert answer.json()["fees_start"] == "2026-12-01"
    assert answer.json()["fees_end"] == "2027-05-31"
    answer = desk.post(f"/api/v1/handovers/{pk}/finish/", {}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "handed_over"
    unit.refresh_from_db()
    assert unit.status == "vacant"


def test_a_roster_mismatch_answers_400_naming_the_field():
    venue = Venue()
    handover = venue.start(name="张三")
    answer = client(venue.assistant).post(
        f"/api/v1/handovers/{handover.pk}/complete-step/",
        {"step": "roster_verified", "name": "张三", "id_number": "110105198001010011"},
        format="json",
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "roster_mismatch"
    assert set(body["fields"]) == {"id_number"}


def test_a_step_out_of_order_answers_400():
    venue = Venue()
    handover = venue.start()
    answer = client(venue.assistant).post(
        f"/api/v1/handovers/{handover.pk}/complete-step/", {"step": "fees_computed"}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "step_out_of_order"


def test_the_payment_step_is_the_cashiers_and_the_others_not():
    venue = Venue()
    handover = venue.through(venue.start(), "fees_computed")
    url = f"/api/v1/handovers/{handover.pk}/complete-step/"
    assert client(venue.assistant).post(url, {"step": "paid"}, format="json").status_code == 403
    assert client(venue.cashier).post(url, {"step": "paid"}, format="json").status_code == 200
    answer = client(venue.cashier).post(
        url, {"step": "keys_prepared", "key_count": 2, "handbooks": True}, format="json"
    )
    assert answer.status_code == 403


def test_another_projects_handover_is_not_found_and_residents_are_refused():
    venue, other = Venue(), Venue()
    handover = other.start()
    assert client(venue.assistant).get(f"/api/v1/handovers/{handover.pk}/").status_code == 404
    assert APIClient().get("/api/v1/handovers/").status_code == 401


def test_the_checklist_endpoint_lists_the_items_with_their_state():
    venue = Venue(handover_date=dt.date(2027, 1, 10))
    answer = client(staff(Role.SECURITY, venue.project)).get(
        f"/api/v1/handover-batches/{venue.batch.pk}/checklist/"
    )
    assert answer.status_code == 200
    rows = {row["task"]: row for row in answer.json()}
    assert rows["team_formed"]["due_date"] == "2026-11-11"
    assert rows["team_formed"]["state"] == "late"
    assert rows["public_announcement"]["state"] == "open"


def test_defects_listed_created_and_closed():
    venue = Venue()
    handover = venue.start()
    api = client(venue.assistant)
    url = f"/api/v1/handovers/{handover.pk}/defects/"
    body = {
        "item": "门锁卡涩",
        "location": "入户门",
        "responsible_party": "中建三局",
        "due_date": "2026-12-10",
    }
    answer = api.post(url, body, format="json")
    assert answer.status_code == 201, answer.content
    defect_id = answer.json()["id"]
    assert [row["id"] for row in api.get(url).json()] == [defect_id]
    answer = api.post(
        f"/api/v1/handover-defects/{defect_id}/close/",
        {"result": "已更换", "owner_signed_off": False},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "owner_sign_off_required"
    answer = api.post(
        f"/api/v1/handover-defects/{defect_id}/close/",
        {"result": "已更换", "owner_signed_off": True},
        format="json",
    )
    assert answer.status_code == 200
    assert answer.json()["is_open"] is False


def test_the_handover_form_pdf_shows_the_fee_dates(pdf_text):
    venue = Venue()
    handover = venue.through(venue.start(), "documents_signed")
    answer = client(venue.assistant).get(f"/api/v1/handovers/{handover.pk}/form/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    unit = Handover.objects.get(pk=handover.pk).unit
    assert unit.code in text
    assert "2026-12-01" in text and "2027-05-31" in text
    assert "1560.00" in text
    assert "张三" in text


def test_the_document_receipt_pdf(pdf_text):
    venue = Venue()
    handover = venue.through(venue.start(), "documents_signed")
    answer = client(venue.assistant).get(f"/api/v1/handovers/{handover.pk}/document-receipt/")
    assert answer.status_code == 200
    text = pdf_text(answer.content)
    assert handover.unit.code in text and "张三" in text


def test_lists_do_not_query_per_row(django_assert_max_num_queries):
    venue = Venue()
    for _ in range(4):
        handover = venue.through(venue.start(), "documents_collected")
        services_defect(venue, handover)
    api = client(venue.assistant)
    with django_assert_max_num_queries(12):
        assert len(api.get("/api/v1/handovers/").json()["results"]) == 4
    with django_assert_max_num_queries(12):
        assert len(api.get("/api/v1/handover-defects/?open=yes").json()["results"]) == 4
    with django_assert_max_num_queries(12):
        assert len(api.get("/api/v1/handover-batches/").json()["results"]) == 1


def services_defect(venue, handover):
    from wuye.handover import services

    return services.defect_create(
        handover=handover,
        item="门锁卡涩",
        location="入户门",
        responsible_party="中建三局",
        due_date=dt.date(2026, 12, 10),
        acting_user=venue.assistant,
    )


def test_the_form_masks_the_owners_id_for_a_role_without_personal_data(pdf_text):
    venue = Venue()
    handover = venue.through(venue.start(), "documents_signed")
    id_number = handover.buyer[1]
    full = pdf_text(client(venue.assistant).get(f"/api/v1/handovers/{handover.pk}/form/").content)
    masked = pdf_text(
        client(staff(Role.SECURITY, venue.project)).get(f"/api/v1/handovers/{handover.pk}/form/").content
    )
    assert id_number in full
    assert id_number not in masked and "13912345678" not in masked


def test_a_batch_for_a_project_out_of_scope_is_a_400_on_the_field():
    # found by the API fuzz: the create answered an undocumented 404 for a project outside the scope
    venue, other = Venue(), Venue()
    body = {"name": "第二批", "handover_date": "2027-02-01"}
    outside = client(venue.manager).post("/api/v1/handover-batches/", {**body, "project": other.project.pk})
    assert outside.status_code == 400 and "project" in outside.json()["fields"]
    missing = client(venue.manager).post("/api/v1/handover-batches/", {**body, "project": 0})
    assert missing.status_code == 400 and "project" in missing.json()["fields"]
    created = client(venue.manager).post("/api/v1/handover-batches/", {**body, "project": venue.project.pk})
    assert created.status_code == 201, created.content
