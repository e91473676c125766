"""The batch page's planning forms: a checklist item's owner and the handover date moved, for the
planners only, with the service's refusals said on the form."""

import datetime as dt

import pytest
import time_machine

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.handover import services
from wuye.handover.tests.factories import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_of_december():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        yield


@pytest.fixture
def venue():
    return Venue(handover_date=dt.date(2027, 3, 1))


def login(client, user):
    client.force_login(user)
    return client


def test_planners_see_the_forms_and_others_do_not(client, venue):
    other = Venue()
    login(client, venue.manager)
    html = client.get(f"/handover/batches/{venue.batch.pk}/").content.decode()
    assert 'id="assign-owner"' in html and 'id="reschedule"' in html
    owners = html[html.index('name="owner"') :]
    owners = owners[: owners.index("</select>")]
    assert f'<option value="{venue.assistant.pk}">' in owners  # a staff member of the project to choose
    assert f'<option value="{other.assistant.pk}">' not in owners  # not another project's
    login(client, venue.assistant)
    html = client.get(f"/handover/batches/{venue.batch.pk}/").content.decode()
    assert 'id="assign-owner"' not in html and 'id="reschedule"' not in html


def test_the_owner_of_a_task_is_assigned_from_the_batch_page(client, venue):
    item = venue.batch.checklist.get(task="rehearsal")
    login(client, venue.manager)
    answer = client.post(
        f"/handover/batches/{venue.batch.pk}/assign/", {"item": item.pk, "owner": venue.assistant.pk}
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.owner == venue.assistant
    # the owner now has the button to mark it done
    login(client, venue.assistant)
    html = client.get(f"/handover/batches/{venue.batch.pk}/").content.decode()
    assert f"/handover/checklist/{item.pk}/done/" in html


def test_a_person_of_another_project_cannot_be_chosen(client, venue):
    other = Venue()
    item = venue.batch.checklist.get(task="rehearsal")
    login(client, venue.manager)
    answer = client.post(
        f"/handover/batches/{venue.batch.pk}/assign/", {"item": item.pk, "owner": other.assistant.pk}
    )
    assert answer.status_code == 400
    assert 'id="assign-owner"' in answer.content.decode()
    item.refresh_from_db()
    assert item.owner is None


def test_the_date_is_moved_with_its_reason_from_the_batch_page(client, venue):
    login(client, venue.manager)
    answer = client.post(
        f"/handover/batches/{venue.batch.pk}/reschedule/",
        {"handover_date": "2027-04-01", "reason": "开发商竣工备案延期"},
    )
    assert answer.status_code == 302
    venue.batch.refresh_from_db()
    assert venue.batch.handover_date == dt.date(2027, 4, 1)
    assert venue.batch.checklist.get(task="public_announcement").due_date == dt.date(2027, 3, 25)
    assert venue.batch.history.first().history_change_reason == "开发商竣工备案延期"


def test_the_services_refusal_is_said_on_the_reschedule_form(client, venue):
    venue.start()
    login(client, venue.manager)
    answer = client.post(
        f"/handover/batches/{venue.batch.pk}/reschedule/", {"handover_date": "2027-04-01", "reason": "延期"}
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    form = html[html.index('id="reschedule"') :]
    form = form[: form.index("</form>")]
    assert "has-error" in form and "errorlist" in form
    assert "already being handed over" in form or "已" in form
    venue.batch.refresh_from_db()
    assert venue.batch.handover_date == dt.date(2027, 3, 1)


def test_a_missing_reason_is_said_on_its_field(client, venue):
    login(client, venue.manager)
    answer = client.post(
        f"/handover/batches/{venue.batch.pk}/reschedule/", {"handover_date": "2027-04-01", "reason": ""}
    )
    assert answer.status_code == 400
    assert 'class="form-row f-reason has-error"' in answer.content.decode()


def test_others_are_refused_and_other_projects_not_found(client, venue):
    item = venue.batch.checklist.get(task="rehearsal")
    for user in (venue.assistant, staff(Role.SECURITY, venue.project)):
        login(client, user)
        assert (
            client.post(
                f"/handover/batches/{venue.batch.pk}/assign/", {"item": item.pk, "owner": user.pk}
            ).status_code
            == 403
        )
        assert (
            client.post(
                f"/handover/batches/{venue.batch.pk}/reschedule/",
                {"handover_date": "2027-04-01", "reason": "延期"},
            ).status_code
            == 403
        )
    login(client, Venue().manager)
    assert (
        client.post(
            f"/handover/batches/{venue.batch.pk}/reschedule/",
            {"handover_date": "2027-04-01", "reason": "延期"},
        ).status_code
        == 404
    )
    item.refresh_from_db()
    venue.batch.refresh_from_db()
    assert item.owner is None and venue.batch.handover_date == dt.date(2027, 3, 1)


def test_the_batch_page_with_the_forms_keeps_its_query_count(client, venue, django_assert_max_num_queries):
    for task in ("rehearsal", "one_script", "venue_flow"):
        services.checklist_item_assign(
            item=venue.batch.checklist.get(task=task), owner=venue.assistant, acting_user=venue.manager
        )
    login(client, venue.manager)
    with django_assert_max_num_queries(30):
        assert client.get(f"/handover/batches/{venue.batch.pk}/").status_code == 200
