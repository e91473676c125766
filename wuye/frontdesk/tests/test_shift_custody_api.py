"""The shift log's API: /api/v1/shift-entries/ (+ close) and /api/v1/shift-handovers/ (+ acknowledge):
permissions (403), scope (another project: 404 or 400), bad input (400 naming the fields), refusals
(400 with their code), masked contacts, the flagged filter, pinned query counts."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from wuye.core.tests.factories import UnitFactory
from wuye.frontdesk.tests.factories_shift_custody import Desk

pytestmark = pytest.mark.django_db

ENTRIES, HANDOVERS = "/api/v1/shift-entries/", "/api/v1/shift-handovers/"


@pytest.fixture
def desk():
    return Desk()


def client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def message_body(desk, **changes):
    body = {
        "project": desk.project.pk,
        "kind": "message",
        "text": "请回电",
        "unit": desk.unit.pk,
        "from_name": "王女士",
        "contact": "13812345678",
    }
    body.update(changes)
    return body


# --- entries ----------------------------------------------------------------------------------------


def test_write_list_and_close_an_entry(desk, django_assert_max_num_queries):
    c = client(desk.assistant)
    response = c.post(ENTRIES, message_body(desk), format="json")
    assert response.status_code == 201, response.content
    entry = response.json()
    assert entry["is_open"] and entry["unit_code"] == desk.unit.code and entry["contact"] == "13812345678"
    for _ in range(3):
        desk.entry()
    with django_assert_max_num_queries(8):
        rows = c.get(ENTRIES, {"project": desk.project.pk, "open": 1}).json()["results"]
    assert len(rows) == 4
    closed = c.post(f"{ENTRIES}{entry['id']}/close/", {"outcome": "已回电"}, format="json")
    assert closed.status_code == 200 and closed.json()["is_open"] is False
    assert closed.json()["closed_by_name"] == str(desk.assistant)
    again = c.post(f"{ENTRIES}{entry['id']}/close/", {"outcome": "again"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "shift_entry_closed"
    assert len(c.get(ENTRIES, {"project": desk.project.pk, "open": 0}).json()["results"]) == 1


def test_bad_input_answers_400_naming_the_fields(desk):
    c = client(desk.assistant)
    response = c.post(ENTRIES, {"project": desk.project.pk, "kind": "message"}, format="json")
    assert response.status_code == 400 and "text" in response.json()["fields"]
    response = c.post(ENTRIES, message_body(desk, from_name="", text=" "), format="json")
    assert response.status_code == 400 and {"from_name", "text"} <= set(response.json()["fields"])
    response = c.post(f"{ENTRIES}{desk.entry().pk}/close/", {}, format="json")
    assert response.status_code == 400 and "outcome" in response.json()["fields"]
    response = c.post(HANDOVERS, {"project": desk.project.pk}, format="json")
    assert response.status_code == 400 and "shift" in response.json()["fields"]
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    response = c.post(ENTRIES, message_body(desk, at=future), format="json")
    assert response.status_code == 400 and response.json()["code"] == "event_in_future"


def test_another_projects_rows_are_out_of_scope(desk):
    other = Desk()
    c = client(desk.assistant)
    response = c.post(ENTRIES, message_body(desk, project=other.project.pk), format="json")
    assert response.status_code == 400 and "project" in response.json()["fields"]
    response = c.post(ENTRIES, message_body(desk, unit=other.unit.pk), format="json")
    assert response.status_code == 400 and "unit" in response.json()["fields"]
    response = c.post(HANDOVERS, {"project": other.project.pk, "shift": "夜班"}, format="json")
    assert response.status_code == 400 and "project" in response.json()["fields"]
    theirs = other.entry()
    assert c.get(f"{ENTRIES}{theirs.pk}/").status_code == 404
    assert c.post(f"{ENTRIES}{theirs.pk}/close/", {"outcome": "x"}, format="json").status_code == 404
    handover = other.handover()
    assert c.get(f"{HANDOVERS}{handover.pk}/").status_code == 404
    assert c.post(f"{HANDOVERS}{handover.pk}/acknowledge/", {}, format="json").status_code == 404
    assert c.get(ENTRIES).json()["results"] == []


def test_a_unit_visible_but_of_another_project_is_refused_by_the_service(desk):
    from wuye.core.roles import Role
    from wuye.core.tests.factories import staff

    boss = staff(Role.COMPANY_MANAGER, None)  # sees every unit, but holds no shift_log
    assert client(boss).post(ENTRIES, message_body(desk), format="json").status_code == 403
    stranger = UnitFactory()
    supervisor_elsewhere = staff(Role.CS_SUPERVISOR, stranger.project)
    from wuye.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=supervisor_elsewhere, project=desk.project, role=Role.CS_SUPERVISOR)
    response = client(supervisor_elsewhere).post(ENTRIES, message_body(desk, unit=stranger.pk), format="json")
    assert response.status_code == 400 and response.json()["code"] == "unit_not_in_project"


def test_roles_without_the_shift_log_are_refused(desk):
    entry, handover = desk.entry(), desk.handover()
    for user in (desk.manager, desk.engineer):
        c = client(user)
        assert c.post(ENTRIES, message_body(desk), format="json").status_code == 403
        assert c.post(f"{ENTRIES}{entry.pk}/close/", {"outcome": "x"}, format="json").status_code == 403
        assert (
            c.post(HANDOVERS, {"project": desk.project.pk, "shift": "夜班"}, format="json").status_code == 403
        )
        assert c.post(f"{HANDOVERS}{handover.pk}/acknowledge/", {}, format="json").status_code == 403
    # the project manager reads the log; the engineer does not
    assert client(desk.manager).get(f"{ENTRIES}{entry.pk}/").status_code == 200
    assert client(desk.engineer).get(f"{ENTRIES}{entry.pk}/").status_code == 403
    assert APIClient().get(ENTRIES).status_code == 401
    from wuye.core.tests.factories import resident_user

    assert client(resident_user(owner=desk.owner)).get(ENTRIES).status_code == 403


def test_contacts_are_masked_for_the_gate(desk):
    entry = desk.message()
    assert client(desk.guard).get(f"{ENTRIES}{entry.pk}/").json()["contact"] == "138****5678"
    assert client(desk.supervisor).get(f"{ENTRIES}{entry.pk}/").json()["contact"] == "13812345678"


# --- hand-overs -------------------------------------------------------------------------------------


def test_hand_over_and_acknowledge(desk, django_assert_max_num_queries):
    first, second = desk.message(), desk.entry()
    c = client(desk.assistant)
    response = c.post(
        HANDOVERS, {"project": desk.project.pk, "shift": "白班", "summary": "平稳"}, format="json"
    )
    assert response.status_code == 201, response.content
    handover = response.json()
    assert handover["entry_count"] == 2 and {e["id"] for e in handover["entries"]} == {first.pk, second.pk}
    assert handover["flagged"] is False and handover["acknowledged_at"] is None
    own = c.post(f"{HANDOVERS}{handover['id']}/acknowledge/", {}, format="json")
    assert own.status_code == 400 and own.json()["code"] == "own_handover"
    done = client(desk.next_assistant).post(f"{HANDOVERS}{handover['id']}/acknowledge/", {}, format="json")
    assert done.status_code == 200 and done.json()["acknowledged_by"] == desk.next_assistant.pk
    again = client(desk.guard).post(f"{HANDOVERS}{handover['id']}/acknowledge/", {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "handover_acknowledged"
    for _ in range(3):
        desk.handover()
    with django_assert_max_num_queries(8):
        rows = c.get(HANDOVERS, {"project": desk.project.pk}).json()["results"]
    assert len(rows) == 4
    entries = c.get(ENTRIES, {"handover": handover["id"]}).json()["results"]
    assert {e["id"] for e in entries} == {first.pk, second.pk}


def test_unacknowledged_handovers_are_flagged_after_the_setting(desk):
    late = desk.handover()
    c = client(desk.assistant)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=90), tick=False):
        fresh = desk.handover(shift="夜班")
        flagged = c.get(HANDOVERS, {"project": desk.project.pk, "flagged": 1}).json()["results"]
        assert [row["id"] for row in flagged] == [late.pk] and flagged[0]["flagged"] is True
        waiting = c.get(HANDOVERS, {"project": desk.project.pk, "acknowledged": 0}).json()["results"]
        assert {row["id"] for row in waiting} == {late.pk, fresh.pk}
        not_flagged = c.get(HANDOVERS, {"project": desk.project.pk, "flagged": 0}).json()["results"]
        assert [row["id"] for row in not_flagged] == [fresh.pk]
