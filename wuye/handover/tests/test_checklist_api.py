"""Planning a batch through the API: a checklist item's owner, an item done, the handover date moved
(`POST /api/v1/handover-batches/{id}/checklist/assign/`, `…/checklist/done/`, `…/reschedule/`);
the reschedule's own refusals at the service level."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.core.tests.factories import OwnerFactory, resident_user, staff
from wuye.handover import services
from wuye.handover.tests.factories import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_of_december():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        yield


def client(user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def url(batch, action: str) -> str:
    return f"/api/v1/handover-batches/{batch.pk}/{action}/"


def test_a_planner_assigns_an_owner_who_then_marks_the_item_done():
    venue = Venue(handover_date=dt.date(2027, 3, 1))
    item = venue.batch.checklist.get(task="rehearsal")
    answer = client(venue.manager).post(
        url(venue.batch, "checklist/assign"), {"item": item.pk, "owner": venue.assistant.pk}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["owner"] == venue.assistant.pk
    assert answer.json()["state"] == "open"
    answer = client(venue.assistant).post(
        url(venue.batch, "checklist/done"), {"item": item.pk, "note": "已演练"}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "done"
    item.refresh_from_db()
    assert item.done_by == venue.assistant and item.note == "已演练"


def test_the_owner_can_be_cleared():
    venue = Venue()
    item = venue.batch.checklist.get(task="rehearsal")
    services.checklist_item_assign(item=item, owner=venue.assistant, acting_user=venue.manager)
    answer = client(venue.manager).post(
        url(venue.batch, "checklist/assign"), {"item": item.pk, "owner": None}, format="json"
    )
    assert answer.status_code == 200, answer.content
    item.refresh_from_db()
    assert item.owner is None


def test_an_item_done_late_shows_as_done_late():
    venue = Venue(handover_date=dt.date(2027, 1, 10))  # its T−60 items were due 2026-11-11
    item = venue.batch.checklist.get(task="team_formed")
    answer = client(venue.manager).post(url(venue.batch, "checklist/done"), {"item": item.pk}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "done_late"


def test_an_item_done_twice_is_refused_with_the_reason():
    venue = Venue()
    item = venue.batch.checklist.get(task="rehearsal")
    services.checklist_item_done(item=item, acting_user=venue.manager)
    answer = client(venue.manager).post(url(venue.batch, "checklist/done"), {"item": item.pk}, format="json")
    assert answer.status_code == 400
    assert answer.json()["code"] == "checklist_item_done"
    assert answer.json()["message"]


def test_an_owner_outside_the_project_is_refused_naming_the_field():
    venue, other = Venue(), Venue()
    item = venue.batch.checklist.get(task="rehearsal")
    answer = client(venue.manager).post(
        url(venue.batch, "checklist/assign"), {"item": item.pk, "owner": other.assistant.pk}, format="json"
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "owner_not_project_staff"
    assert set(body["fields"]) == {"owner"}
    item.refresh_from_db()
    assert item.owner is None


def test_an_item_of_another_batch_is_refused_naming_the_field():
    venue = Venue()
    second = services.batch_create(
        project=venue.project, name="二期交房", handover_date=dt.date(2027, 3, 1), acting_user=venue.manager
    )
    item = second.checklist.get(task="rehearsal")
    for action, body in (
        ("checklist/done", {"item": item.pk}),
        ("checklist/assign", {"item": item.pk, "owner": venue.assistant.pk}),
    ):
        answer = client(venue.manager).post(url(venue.batch, action), body, format="json")
        assert answer.status_code == 400, action
        assert "item" in answer.json()["fields"], action
    item.refresh_from_db()
    assert item.done_at is None and item.owner is None


def test_rescheduling_moves_the_open_items_and_keeps_the_reason():
    venue = Venue(handover_date=dt.date(2027, 3, 1))
    done = venue.batch.checklist.get(task="team_formed")
    services.checklist_item_done(item=done, acting_user=venue.manager)
    answer = client(venue.manager).post(
        url(venue.batch, "reschedule"),
        {"handover_date": "2027-04-01", "reason": "开发商竣工备案延期"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["handover_date"] == "2027-04-01"
    items = {row["task"]: row for row in client(venue.assistant).get(url(venue.batch, "checklist")).json()}
    assert items["public_announcement"]["due_date"] == "2027-03-25"
    assert items["rehearsal"]["due_date"] == "2027-03-17"
    assert items["team_formed"]["due_date"] == "2026-12-31"  # done: its due date stays
    assert venue.batch.history.first().history_change_reason == "开发商竣工备案延期"


def test_rescheduling_a_started_batch_is_refused_with_the_reason():
    venue = Venue()
    venue.start()
    answer = client(venue.manager).post(
        url(venue.batch, "reschedule"), {"handover_date": "2027-04-01", "reason": "延期"}, format="json"
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "batch_started"
    assert set(body["fields"]) == {"handover_date"}
    venue.batch.refresh_from_db()
    assert venue.batch.handover_date == dt.date(2026, 12, 1)


def test_rescheduling_without_a_reason_or_a_date_is_refused_naming_the_fields():
    venue = Venue()
    answer = client(venue.manager).post(
        url(venue.batch, "reschedule"), {"handover_date": "", "reason": "  "}, format="json"
    )
    assert answer.status_code == 400
    assert {"handover_date", "reason"} <= set(answer.json()["fields"])


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("checklist/done", lambda v, item: {"item": item.pk}),
        ("checklist/assign", lambda v, item: {"item": item.pk, "owner": v.assistant.pk}),
        ("reschedule", lambda v, item: {"handover_date": "2027-04-01", "reason": "延期"}),
    ],
)
def test_other_roles_are_refused_and_other_projects_not_found(action, body):
    venue, other = Venue(), Venue()
    item = venue.batch.checklist.get(task="rehearsal")
    data = body(venue, item)
    # an assistant sees the batch but does not plan (the item is nobody's); security likewise
    for user in (venue.assistant, staff(Role.SECURITY, venue.project)):
        answer = client(user).post(url(venue.batch, action), data, format="json")
        assert answer.status_code == 403, (action, user)
    # the other project's planner: the batch does not exist for them
    assert client(other.manager).post(url(venue.batch, action), data, format="json").status_code == 404
    owner = resident_user(owner=OwnerFactory(project=venue.project))
    assert client(owner).post(url(venue.batch, action), data, format="json").status_code in (403, 404)
    assert client().post(url(venue.batch, action), data, format="json").status_code == 401
    item.refresh_from_db()
    venue.batch.refresh_from_db()
    assert item.done_at is None and item.owner is None
    assert venue.batch.handover_date == dt.date(2026, 12, 1)


# --- the reschedule's own refusals (service level) -----------------------------------------------


def test_a_new_date_needs_a_reason():
    venue = Venue()
    with pytest.raises(BusinessRuleError) as exc:
        services.batch_reschedule(
            batch=venue.batch, handover_date=dt.date(2027, 4, 1), reason=" ", acting_user=venue.manager
        )
    assert exc.value.code == "reason_required"
    assert set(exc.value.fields) == {"reason"}


def test_a_reason_longer_than_the_history_keeps_is_refused():
    venue = Venue()
    with pytest.raises(BusinessRuleError) as exc:
        services.batch_reschedule(
            batch=venue.batch, handover_date=dt.date(2027, 4, 1), reason="延" * 101, acting_user=venue.manager
        )
    assert exc.value.code == "reason_too_long"


def test_the_same_date_is_not_a_new_date():
    venue = Venue()
    with pytest.raises(BusinessRuleError) as exc:
        services.batch_reschedule(
            batch=venue.batch,
            handover_date=venue.batch.handover_date,
            reason="延期",
            acting_user=venue.manager,
        )
    assert exc.value.code == "same_handover_date"
    assert set(exc.value.fields) == {"handover_date"}
