"""Console: the service-desk settings page (deadline rules, unreturned-list time, desk duty)."""

import datetime as dt

import pytest
import time_machine

from wuye.servicedesk import services
from wuye.servicedesk.models import DeskDuty
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db
URL = "/settings/service-desk/"


@pytest.fixture
def desk():
    with time_machine.travel(at(2026, 11, 26, 9), tick=False):
        yield Desk()


def rules_post(desk, **changes):
    data = {"save_rules": "1", "unreturned_digest_time": "16:30"}
    for rule in services.deadline_settings(desk.project)["rules"]:
        data[f"{rule['step']}__amount"] = rule["amount"]
        data[f"{rule['step']}__unit"] = rule["unit"]
    data.update(changes)
    return data


def test_manager_switches_a_step_to_working_days(client, desk):
    client.force_login(desk.manager)
    page = client.get(URL).content.decode()
    assert 'data-step="return_visit"' in page and 'name="return_visit__unit"' in page
    response = client.post(
        URL, rules_post(desk, return_visit__unit="working_days", unreturned_digest_time="16:45")
    )
    assert response.status_code == 302
    desk.project.refresh_from_db()
    assert desk.project.settings["servicedesk"]["deadlines"] == {"return_visit": [1, "working_days"]}
    assert desk.project.settings["servicedesk"]["unreturned_digest_time"] == "16:45"


def test_bad_input_is_a_readable_error_and_changes_nothing(client, desk):
    client.force_login(desk.manager)
    response = client.post(URL, rules_post(desk, reply__amount="0", unreturned_digest_time="25:99"))
    assert response.status_code == 400
    form = response.context["rules_form"]
    assert form.errors["unreturned_digest_time"]
    desk.project.refresh_from_db()
    assert "deadlines" not in (desk.project.settings or {}).get("servicedesk", {})


def test_only_the_manager_edits_rules_and_the_supervisor_sets_duty(client, desk):
    client.force_login(desk.assistant)
    page = client.get(URL).content.decode()
    assert 'name="return_visit__unit"' not in page and 'name="save_duty"' not in page
    assert client.post(URL, rules_post(desk)).status_code == 403
    assert (
        client.post(URL, {"save_duty": "1", "day": "2026-11-27", "user": desk.assistant2.pk}).status_code
        == 403
    )
    client.force_login(desk.supervisor)
    assert client.post(URL, rules_post(desk)).status_code == 403
    response = client.post(URL, {"save_duty": "1", "day": "2026-11-27", "user": desk.assistant2.pk})
    assert response.status_code == 302
    assert DeskDuty.objects.get(day=dt.date(2026, 11, 27)).user == desk.assistant2


def test_other_projects_staff_do_not_see_this_project(client, desk):
    other = Desk()
    client.force_login(other.manager)
    response = client.post(URL, rules_post(desk, return_visit__unit="working_days"))
    assert response.status_code == 302  # it saved their own project, never this one
    desk.project.refresh_from_db()
    assert "deadlines" not in (desk.project.settings or {}).get("servicedesk", {})


def test_supervisor_names_a_buildings_butler_who_then_follows_its_residents(client, desk):
    from wuye.core.tests.factories import resident_user
    from wuye.servicedesk.models import ButlerArea

    building = desk.unit.building
    client.force_login(desk.assistant)
    assert (
        client.post(
            URL, {"save_butler": "1", "building": building.pk, "user": desk.assistant2.pk}
        ).status_code
        == 403
    )
    client.force_login(desk.supervisor)
    response = client.post(URL, {"save_butler": "1", "building": building.pk, "user": desk.engineer.pk})
    assert response.status_code == 400  # not an assistant: a readable error, nothing saved
    assert not ButlerArea.objects.exists()
    assert (
        client.post(
            URL, {"save_butler": "1", "building": building.pk, "user": desk.assistant2.pk}
        ).status_code
        == 302
    )
    assert ButlerArea.objects.get(building=building).user == desk.assistant2
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=resident_user(owner=desk.owner),
        category="help",
        content="门禁卡失灵",
        unit=desk.unit,
    )
    assert ticket.first_contact == desk.assistant2
    assert client.post(URL, {"save_butler": "1", "building": building.pk, "user": ""}).status_code == 302
    assert not ButlerArea.objects.exists()
