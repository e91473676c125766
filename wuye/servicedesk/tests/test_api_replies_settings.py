"""API: replies to the customer, the supervisor's opinion, quotes, desk duty and deadline settings."""

import pytest
import time_machine

from wuye.accounts.choices import Role
from wuye.core.tests.api import assert_error, post
from wuye.core.tests.factories import resident_user, staff
from wuye.servicedesk import services
from wuye.servicedesk.models import CustomerReply, DeskDuty, ServiceMenuItem
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db

API = "/api/v1/"
NOW = at(2026, 11, 26, 18)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def desk():
    return Desk()


def ticket_url(ticket, action=""):
    return f"{API}tickets/{ticket.pk}/" + (f"{action}/" if action else "")


def test_reply_action_permissions_and_result(login, api_client, desk):
    ticket = desk.complaint(unit=desk.unit, at=at(2026, 11, 26, 9))
    services.complaint_classify(
        ticket=ticket, validity="valid", severity="major", acting_user=desk.supervisor
    )
    body = {"kind": "interim", "channel": "phone", "content": "明天上午派人查看"}
    assert api_client.post(ticket_url(ticket, "reply"), body, format="json").status_code in (401, 403)
    assert_error(post(login(desk.engineer), ticket_url(ticket, "reply"), body), 403)
    assert_error(post(login(Desk().assistant), ticket_url(ticket, "reply"), body), 404)
    assert_error(
        post(login(desk.assistant), ticket_url(ticket, "reply"), {"kind": "later", "content": ""}),
        400,
        field="channel",
    )
    assert_error(
        post(login(desk.assistant), ticket_url(ticket, "reply"), {**body, "kind": "result"}),
        400,
        code="result_before_completion",
    )
    response = post(login(desk.assistant), ticket_url(ticket, "reply"), body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert [(r["kind"], r["channel"], r["content"], r["replied_by"]) for r in data["replies"]] == [
        ("interim", "phone", "明天上午派人查看", desk.assistant.pk)
    ]
    step = next(d for d in data["deadlines"] if d["step"] == "complaint_major_reply")
    assert step["state"] == "met" and step["unit"] == "days" and step["amount"] == 2
    assert CustomerReply.objects.count() == 1


def test_residents_read_what_they_were_told_not_the_opinion(login, desk):
    owner = resident_user(owner=desk.owner)
    ticket = desk.complaint(unit=desk.unit, at=at(2026, 11, 26, 9))
    services.complaint_record_opinion(
        ticket=ticket, opinion="内部：追究保洁责任", acting_user=desk.supervisor
    )
    services.ticket_reply(
        ticket=ticket, kind="interim", channel="phone", content="已安排今日处理", acting_user=desk.assistant
    )
    timeline = login(owner).get(ticket_url(ticket)).json()["timeline"]
    assert [e["note"] for e in timeline if e["kind"] == "reply"] == ["已安排今日处理"]
    assert not [e for e in timeline if e["kind"] == "opinion"]


def test_opinion_action(login, desk):
    ticket = desk.complaint(unit=desk.unit)
    assert_error(post(login(desk.assistant), ticket_url(ticket, "opinion"), {"opinion": "x"}), 403)
    assert_error(
        post(login(desk.supervisor), ticket_url(ticket, "opinion"), {"opinion": ""}), 400, field="opinion"
    )
    response = post(login(desk.supervisor), ticket_url(ticket, "opinion"), {"opinion": "今日内处理完毕"})
    assert response.status_code == 200
    assert (response.json()["handling_opinion"], response.json()["opinion_by"]) == (
        "今日内处理完毕",
        desk.supervisor.pk,
    )


def test_quote_action(login, desk):
    item = ServiceMenuItem.objects.create(
        project=desk.project,
        group="repair",
        name="门铃维修",
        pricing="range",
        price_min="10",
        price_max="50",
        price_text="10-50元",
    )
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="repair_in_unit",
        content="门铃不响",
        unit=desk.unit,
        service_item=item,
    )
    assert_error(
        post(login(desk.security), ticket_url(ticket, "quote"), {"amount": "20"}),
        400,
        code="not_in_department",
    )
    assert_error(
        post(login(desk.engineer), ticket_url(ticket, "quote"), {"amount": "-1"}), 400, field="amount"
    )
    response = post(login(desk.engineer), ticket_url(ticket, "quote"), {"amount": "20", "note": "换按钮"})
    assert response.status_code == 200 and response.json()["quoted_fee"] == "20.00"


def test_desk_duty_api(login, desk):
    url = f"{API}desk-duty/"
    body = {"project": desk.project.pk, "day": "2026-11-27", "user": desk.assistant2.pk}
    assert_error(post(login(desk.assistant), url, body), 403)
    assert_error(post(login(desk.supervisor), url, {**body, "user": desk.engineer.pk}), 400, field="user")
    assert_error(
        post(login(Desk().supervisor), url, body), 400, field="project"
    )  # not theirs: unknown project
    response = post(login(desk.supervisor), url, body)
    assert response.status_code == 201 and response.json()["user"] == desk.assistant2.pk
    assert DeskDuty.objects.get().set_by == desk.supervisor
    listed = login(desk.assistant).get(url, {"project": desk.project.pk}).json()["results"]
    assert [(d["day"], d["user"]) for d in listed] == [("2026-11-27", desk.assistant2.pk)]
    assert login(Desk().assistant).get(url).json()["results"] == []


def test_deadline_settings_api(login, api_client, desk):
    url = f"{API}projects/{desk.project.pk}/deadline-settings/"
    assert api_client.get(url).status_code in (401, 403)
    assert login(Desk().supervisor).get(url).status_code == 404
    assert login(resident_user(owner=desk.owner)).get(url).status_code in (403, 404)
    data = login(desk.assistant).get(url).json()
    rules = {r["step"]: r for r in data["rules"]}
    assert (rules["return_visit"]["amount"], rules["return_visit"]["unit"]) == (1, "days")
    assert data["unreturned_digest_time"] == "16:30"
    change = {
        "rules": [{"step": "return_visit", "amount": 1, "unit": "working_days"}],
        "unreturned_digest_time": "16:40",
    }
    assert_error(login(desk.supervisor).put(url, change, format="json"), 403)
    bad = {
        "rules": [{"step": "return_visit", "amount": 1, "unit": "weeks"}],
        "unreturned_digest_time": "25:00",
    }
    assert_error(login(desk.manager).put(url, bad, format="json"), 400)
    response = login(desk.manager).put(url, change, format="json")
    assert response.status_code == 200, response.content
    rules = {r["step"]: r for r in response.json()["rules"]}
    assert (
        rules["return_visit"]["unit"] == "working_days"
        and response.json()["unreturned_digest_time"] == "16:40"
    )
    boss = staff(Role.COMPANY_MANAGER, None)
    assert login(boss).put(url, change, format="json").status_code == 200


def test_butler_areas_api(login, api_client, desk):
    from wuye.core.tests.factories import BuildingFactory
    from wuye.servicedesk.models import ButlerArea

    url = f"{API}projects/{desk.project.pk}/butler-areas/"
    building = desk.unit.building
    assert api_client.get(url).status_code in (401, 403)
    assert login(Desk().supervisor).get(url).status_code == 404
    rows = login(desk.assistant).get(url).json()
    assert {(r["building"], r["user"]) for r in rows} == {(building.pk, None)}
    assert_error(post(login(desk.assistant), url, {"building": building.pk, "user": desk.assistant2.pk}), 403)
    assert_error(
        post(login(desk.supervisor), url, {"building": building.pk, "user": desk.engineer.pk}),
        400,
        field="user",
    )
    elsewhere = BuildingFactory()
    assert_error(
        post(login(desk.supervisor), url, {"building": elsewhere.pk, "user": desk.assistant2.pk}),
        400,
        field="building",
    )
    response = post(login(desk.supervisor), url, {"building": building.pk, "user": desk.assistant2.pk})
    assert response.status_code == 200 and response.json()["user"] == desk.assistant2.pk
    assert ButlerArea.objects.get(building=building).user == desk.assistant2
    assert post(login(desk.supervisor), url, {"building": building.pk, "user": None}).status_code == 200
    assert not ButlerArea.objects.exists()


def test_yes_no_filters_read_1_and_true_alike(login, desk):
    """The console's links say `?open=1`; the API reads 1/true/yes (and 0/false/no) the same."""
    open_one = desk.repair()
    closed = services.ticket_create(
        project=desk.project, acting_user=desk.assistant, category="consultation", content="?", answer="!"
    )
    client = login(desk.assistant)

    def numbers(**params):
        return {row["number"] for row in client.get(f"{API}tickets/", params).json()["results"]}

    assert numbers(open="1") == numbers(open="true") == numbers(open="yes") == {open_one.number}
    assert numbers(open="0") == numbers(open="false") == {closed.number}
    assert numbers(open="") == numbers() == {open_one.number, closed.number}
