"""Who made whom responsible for a checklist item, and when: each change of the owner (through the
service, the API's `checklist/assign/` and the batch page's form) leaves a ChecklistAssignment row,
shown on the batch page and in the API's checklist."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.handover import services
from wuye.handover.models import ChecklistAssignment
from wuye.handover.tests.factories import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False) as traveller:
        yield traveller


@pytest.fixture
def venue(clock):
    venue = Venue(handover_date=dt.date(2027, 3, 1))
    venue.supervisor = staff(Role.CS_SUPERVISOR, venue.project)
    venue.item = venue.batch.checklist.get(task="rehearsal")
    return venue


def _history(item) -> list[tuple]:
    return [
        (a.previous_owner, a.owner, a.assigned_by, timezone.localtime(a.assigned_at).strftime("%m-%d %H:%M"))
        for a in ChecklistAssignment.objects.filter(item=item).order_by("assigned_at", "id")
    ]


def test_each_change_of_owner_is_kept_with_who_and_when(venue, clock):
    services.checklist_item_assign(item=venue.item, owner=venue.assistant, acting_user=venue.manager)
    clock.move_to("2026-12-02 09:15 +0800")
    services.checklist_item_assign(item=venue.item, owner=venue.supervisor, acting_user=venue.supervisor)
    clock.move_to("2026-12-03 16:40 +0800")
    services.checklist_item_assign(item=venue.item, owner=None, acting_user=venue.manager)
    assert _history(venue.item) == [
        (None, venue.assistant, venue.manager, "12-01 10:00"),
        (venue.assistant, venue.supervisor, venue.supervisor, "12-02 09:15"),
        (venue.supervisor, None, venue.manager, "12-03 16:40"),
    ]


def test_assigning_the_current_owner_again_records_nothing(venue):
    services.checklist_item_assign(item=venue.item, owner=venue.assistant, acting_user=venue.manager)
    services.checklist_item_assign(item=venue.item, owner=venue.assistant, acting_user=venue.manager)
    services.checklist_item_assign(
        item=venue.batch.checklist.get(task="one_script"), owner=None, acting_user=venue.manager
    )
    assert ChecklistAssignment.objects.filter(item__batch=venue.batch).count() == 1


def test_a_refused_assignment_leaves_no_row(venue):
    with pytest.raises(BusinessRuleError):
        services.checklist_item_assign(item=venue.item, owner=Venue().assistant, acting_user=venue.manager)
    with pytest.raises(BusinessRuleError):  # an assistant does not plan
        services.checklist_item_assign(item=venue.item, owner=venue.assistant, acting_user=venue.assistant)
    assert not ChecklistAssignment.objects.exists()
    venue.item.refresh_from_db()
    assert venue.item.owner is None


def test_the_api_assign_is_recorded_and_the_checklist_shows_the_history(venue, clock):
    api = APIClient()
    api.force_authenticate(venue.manager)
    url = f"/api/v1/handover-batches/{venue.batch.pk}/"
    answer = api.post(
        f"{url}checklist/assign/", {"item": venue.item.pk, "owner": venue.assistant.pk}, format="json"
    )
    assert answer.status_code == 200, answer.content
    (row,) = answer.json()["assignments"]
    assert row["previous_owner"] is None and row["owner"] == venue.assistant.pk
    assert row["assigned_by"] == venue.manager.pk and row["assigned_by_name"] == str(venue.manager)
    assert row["assigned_at"].startswith("2026-12-01T10:00")
    clock.move_to("2026-12-02 09:15 +0800")
    api.post(f"{url}checklist/assign/", {"item": venue.item.pk, "owner": None}, format="json")
    items = {i["task"]: i for i in api.get(f"{url}checklist/").json()}
    assert [(a["previous_owner"], a["owner"]) for a in items["rehearsal"]["assignments"]] == [
        (None, venue.assistant.pk),
        (venue.assistant.pk, None),
    ]
    assert items["one_script"]["assignments"] == []


def _history_table(html: str) -> str:
    table = html[html.index('id="assignment-history"') :]
    return table[: table.index("</table>")]


def test_the_batch_page_form_is_recorded_and_the_page_shows_the_history(client, venue, clock):
    client.force_login(venue.manager)
    answer = client.post(
        f"/handover/batches/{venue.batch.pk}/assign/", {"item": venue.item.pk, "owner": venue.assistant.pk}
    )
    assert answer.status_code == 302
    clock.move_to("2026-12-02 09:15 +0800")
    client.force_login(venue.supervisor)
    client.post(
        f"/handover/batches/{venue.batch.pk}/assign/", {"item": venue.item.pk, "owner": venue.supervisor.pk}
    )
    assert _history(venue.item) == [
        (None, venue.assistant, venue.manager, "12-01 10:00"),
        (venue.assistant, venue.supervisor, venue.supervisor, "12-02 09:15"),
    ]
    # everybody who sees the checklist sees the history (not only the planners), newest first
    client.force_login(venue.assistant)
    table = _history_table(client.get(f"/handover/batches/{venue.batch.pk}/").content.decode())
    newest, oldest = table.index("2026-12-02 09:15"), table.index("2026-12-01 10:00")
    assert newest < oldest
    assert f'<td class="from">{escape(str(venue.assistant))}</td>' in table[newest:oldest]
    assert f'<td class="to">{escape(str(venue.supervisor))}</td>' in table[newest:oldest]
    assert f'<td class="by">{escape(str(venue.manager))}</td>' in table[oldest:]
    assert table.count(f'data-item="{venue.item.pk}"') == 2


def test_the_page_says_when_nothing_was_assigned_and_shows_only_its_batch(client, venue):
    other = Venue()
    services.checklist_item_assign(
        item=other.batch.checklist.get(task="rehearsal"), owner=other.assistant, acting_user=other.manager
    )
    client.force_login(venue.manager)
    table = _history_table(client.get(f"/handover/batches/{venue.batch.pk}/").content.decode())
    assert "data-item=" not in table and 'class="muted"' in table


def test_the_history_is_scoped_to_the_users_projects(venue):
    services.checklist_item_assign(item=venue.item, owner=venue.assistant, acting_user=venue.manager)
    assert ChecklistAssignment.objects.visible_to(venue.assistant).count() == 1
    assert ChecklistAssignment.objects.visible_to(Venue().assistant).count() == 0
