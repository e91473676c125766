"""API: service menu, calls-and-visits log (with make-ticket), customer visits, notifications."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from wuye.accounts.choices import Role
from wuye.core.tests.api import ERROR_KEYS, assert_error, post  # noqa: F401  (shared by this module's tests)
from wuye.core.tests.factories import resident_user, staff
from wuye.notifications.models import Notification
from wuye.notifications.services import notify
from wuye.servicedesk import services
from wuye.servicedesk.models import ContactLog, CustomerVisit, ServiceMenuItem, Ticket
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


@pytest.fixture
def other():
    return Desk()


def menu_item(project, name="疏通下水道", **kwargs):
    fields = {
        "group": "repair",
        "pricing": "fixed",
        "price_min": Decimal("120.00"),
        "price_text": "120元/次",
        **kwargs,
    }
    return ServiceMenuItem.objects.create(project=project, name=name, **fields)


# --- service menu --------------------------------------------------------------------------------

MENU = f"{API}service-menu/"


def test_menu_anonymous_401(api_client, desk):
    item = menu_item(desk.project)
    assert_error(api_client.get(MENU), 401, "not_authenticated")
    assert_error(api_client.get(f"{MENU}{item.pk}/"), 401)
    assert_error(post(api_client, MENU, {"project": desk.project.pk}), 401)


def test_menu_is_read_by_all_staff_of_the_project_and_its_owners(login, desk, other):
    mine = menu_item(desk.project)
    hidden = menu_item(desk.project, name="旧服务", is_active=False)
    theirs = menu_item(other.project)
    for user in (desk.security, staff(Role.CASHIER, desk.project), desk.engineer):
        ids = [r["id"] for r in login(user).get(MENU).json()["results"]]
        assert set(ids) == {mine.pk, hidden.pk}
    owner_client = login(resident_user(owner=desk.owner))
    assert [r["id"] for r in owner_client.get(MENU).json()["results"]] == [mine.pk]  # published items only
    assert owner_client.get(f"{MENU}{mine.pk}/").json()["price_text"] == "120元/次"
    assert_error(owner_client.get(f"{MENU}{theirs.pk}/"), 404)
    assert_error(login(desk.security).get(f"{MENU}{theirs.pk}/"), 404, "not_found")


def test_menu_create_and_update_by_supervisor(login, desk):
    client = login(desk.supervisor)
    response = post(
        client,
        MENU,
        {
            "project": desk.project.pk,
            "group": "cleaning",
            "name": "油烟机清洗",
            "pricing": "fixed",
            "price_min": "80.00",
            "price_text": "80元/台",
        },
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.patch(f"{MENU}{pk}/", {"price_min": "90.00", "price_text": "90元/台"}, format="json")
    assert response.status_code == 200 and response.json()["price_min"] == "90.00"
    item = ServiceMenuItem.objects.get(pk=pk)
    assert (item.price_min, item.history.first().history_user) == (Decimal("90.00"), desk.supervisor)
    assert (item.name, item.group, item.pricing, item.is_active) == (
        "油烟机清洗",
        "cleaning",
        "fixed",
        True,
    )  # kept
    response = client.put(
        f"{MENU}{pk}/",
        {
            "project": desk.project.pk,
            "group": "cleaning",
            "name": "油烟机清洗",
            "pricing": "negotiable",
            "price_text": "面议",
        },
        format="json",
    )
    assert response.status_code == 200 and response.json()["pricing"] == "negotiable"


def test_menu_wrong_role_403(login, desk):
    item = menu_item(desk.project)
    data = {
        "project": desk.project.pk,
        "group": "repair",
        "name": "换灯泡",
        "pricing": "range",
        "price_min": "10",
        "price_max": "50",
        "price_text": "10-50元",
    }
    assert_error(post(login(desk.engineer), MENU, data), 403, "permission_denied")
    assert_error(login(desk.assistant).patch(f"{MENU}{item.pk}/", {"price_text": "免费"}, format="json"), 403)
    assert_error(post(login(resident_user(owner=desk.owner)), MENU, data), 403, "permission_denied")
    assert not ServiceMenuItem.objects.filter(name="换灯泡").exists()


def test_menu_other_project_404_and_not_creatable_there(login, desk, other):
    item = menu_item(other.project)
    client = login(desk.supervisor)
    assert_error(client.patch(f"{MENU}{item.pk}/", {"price_text": "x"}, format="json"), 404)
    response = post(
        client,
        MENU,
        {
            "project": other.project.pk,
            "group": "repair",
            "name": "x",
            "pricing": "free",
            "price_text": "免费",
        },
    )
    assert_error(response, 400, "validation_error", "project")


def test_menu_bad_input(login, desk):
    menu_item(desk.project)
    client = login(desk.supervisor)
    body = assert_error(
        post(client, MENU, {"project": desk.project.pk, "group": "spa", "pricing": "fixed"}), 400
    )
    assert {"group", "name", "price_text"} <= set(body["fields"])
    response = post(
        client,
        MENU,
        {
            "project": desk.project.pk,
            "group": "repair",
            "name": "换锁",
            "pricing": "range",
            "price_min": "50",
            "price_max": "10",
            "price_text": "?",
        },
    )
    assert_error(response, 400, "validation_error", "price_max")  # the service's rule
    response = post(
        client,
        MENU,
        {
            "project": desk.project.pk,
            "group": "repair",
            "name": "换锁",
            "pricing": "fixed",
            "price_min": "-1",
            "price_text": "?",
        },
    )
    assert_error(response, 400, "validation_error", "price_min")
    response = post(
        client,
        MENU,
        {
            "project": desk.project.pk,
            "group": "repair",
            "name": "疏通下水道",
            "pricing": "fixed",
            "price_text": "重复",
        },
    )
    assert_error(response, 400, "validation_error", "non_field_errors")  # (project, group, name) is unique


def test_menu_list_query_count(login, desk, django_assert_max_num_queries):
    for n in range(15):
        menu_item(desk.project, name=f"服务{n}")
    client = login(desk.assistant)
    with django_assert_max_num_queries(4):
        assert client.get(MENU).json()["count"] == 15


def test_owner_books_a_menu_service_through_the_portal(login, desk):
    item = menu_item(desk.project)
    client = login(resident_user(owner=desk.owner))
    response = post(
        client,
        f"{API}tickets/",
        {"unit": desk.unit.pk, "category": "paid_service", "content": "疏通", "service_item": item.pk},
    )
    assert response.status_code == 201, response.content
    assert (response.json()["service_item"], response.json()["is_paid"]) == (item.pk, True)


# --- contact log ---------------------------------------------------------------------------------

LOGS = f"{API}contact-logs/"


def a_log(desk, **kwargs):
    fields = {
        "kind": "call",
        "content": "询问停水时间",
        "caller_number": "13900001111",
        "unit": desk.unit,
        **kwargs,
    }
    return services.contact_log_create(project=desk.project, acting_user=desk.assistant, **fields)


def test_contact_log_anonymous_401(api_client, desk):
    log = a_log(desk)
    assert_error(api_client.get(LOGS), 401)
    assert_error(post(api_client, LOGS, {"project": desk.project.pk}), 401)
    assert_error(post(api_client, f"{LOGS}{log.pk}/make-ticket/", {"category": "help"}), 401)


def test_contact_log_create_and_list(login, desk, other):
    a_log(other)
    client = login(desk.assistant)
    response = post(
        client,
        LOGS,
        {
            "project": desk.project.pk,
            "kind": "visit",
            "content": "来访反映噪音",
            "name": "王先生",
            "unit": desk.unit.pk,
            "at": at(2026, 11, 26, 9).isoformat(),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["received_by"], body["unit_code"]) == (
        "visit",
        desk.assistant.pk,
        desk.unit.code,
    )
    assert body["at"] == at(2026, 11, 26, 9).isoformat() and body["ticket"] is None
    rows = client.get(LOGS).json()["results"]
    assert [r["id"] for r in rows] == [body["id"]]
    assert client.get(LOGS, {"kind": "call"}).json()["count"] == 0
    assert client.get(LOGS, {"ticketed": "false"}).json()["count"] == 1


def test_contact_log_wrong_role_and_other_project(login, desk, other):
    log = a_log(desk)
    data = {"project": desk.project.pk, "kind": "call", "content": "?"}
    assert_error(post(login(desk.engineer), LOGS, data), 403, "permission_denied")
    assert_error(login(desk.engineer).get(f"{LOGS}{log.pk}/"), 403)
    assert_error(post(login(desk.engineer), f"{LOGS}{log.pk}/make-ticket/", {"category": "help"}), 403)
    assert_error(login(other.assistant).get(f"{LOGS}{log.pk}/"), 404)
    assert_error(post(login(other.assistant), f"{LOGS}{log.pk}/make-ticket/", {"category": "help"}), 404)
    assert_error(post(login(other.assistant), LOGS, data), 400, "validation_error", "project")
    assert_error(login(resident_user(owner=desk.owner)).get(f"{LOGS}{log.pk}/"), 404)


def test_contact_log_bad_input(login, desk):
    body = assert_error(post(login(desk.assistant), LOGS, {"project": desk.project.pk, "kind": "fax"}), 400)
    assert {"kind", "content"} <= set(body["fields"])
    response = post(
        login(desk.assistant),
        LOGS,
        {
            "project": desk.project.pk,
            "kind": "call",
            "content": "?",
            "at": (NOW + dt.timedelta(hours=2)).isoformat(),
        },
    )
    assert_error(response, 400, "event_in_future", "at")


def test_make_ticket_from_a_logged_call(login, desk):
    log = a_log(desk, at=at(2026, 11, 26, 8, 30))
    client = login(desk.assistant)
    response = post(client, f"{LOGS}{log.pk}/make-ticket/", {"category": "repair_in_unit", "urgent": True})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["channel"], body["content"], body["unit"]) == ("phone", "询问停水时间", desk.unit.pk)
    assert (body["caller_number"], body["urgent"]) == ("13900001111", True)
    assert body["received_at"] == at(2026, 11, 26, 8, 30).isoformat()
    assert {r["step"] for r in body["deadlines"]} >= {"dispatch", "urgent_on_site", "urgent_fixed"}
    assert ContactLog.objects.get(pk=log.pk).ticket_id == body["id"]
    assert client.get(f"{LOGS}{log.pk}/").json()["ticket"] == body["id"]
    assert_error(post(client, f"{LOGS}{log.pk}/make-ticket/", {"category": "help"}), 400, "already_ticketed")
    assert_error(
        post(client, f"{LOGS}{a_log(desk).pk}/make-ticket/", {}), 400, "validation_error", "category"
    )
    assert Ticket.objects.count() == 1


def test_contact_log_list_query_count(login, desk, django_assert_max_num_queries):
    for n in range(12):
        a_log(desk, content=f"来电{n}")
    client = login(desk.assistant)
    with django_assert_max_num_queries(5):
        assert client.get(LOGS).json()["count"] == 12


# --- customer visits -----------------------------------------------------------------------------

VISITS = f"{API}customer-visits/"


def test_customer_visit_anonymous_401(api_client):
    assert_error(api_client.get(VISITS), 401)
    assert_error(post(api_client, VISITS, {}), 401)


def test_customer_visit_create_turns_opinion_into_ticket(login, desk):
    client = login(desk.assistant)
    response = post(
        client,
        VISITS,
        {
            "project": desk.project.pk,
            "method": "door_to_door",
            "unit": desk.unit.pk,
            "customer_name": "李女士",
            "satisfaction": "neutral",
            "opinion": "希望增加垃圾分类指导",
            "opinion_category": "suggestion",
            "at": at(2026, 11, 26, 10).isoformat(),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["visited_by"], body["method"], body["satisfaction"]) == (
        desk.assistant.pk,
        "door_to_door",
        "neutral",
    )
    ticket = Ticket.objects.get()
    assert body["tickets"] == [ticket.pk]
    assert (ticket.category, ticket.channel, ticket.unit) == ("suggestion", "visit", desk.unit)
    declined = post(
        client,
        VISITS,
        {"project": desk.project.pk, "method": "phone", "customer_name": "张先生", "declined": True},
    )
    assert declined.status_code == 201 and declined.json()["tickets"] == []
    assert client.get(VISITS, {"declined": "true"}).json()["count"] == 1
    assert client.get(VISITS, {"visited_by": desk.assistant.pk}).json()["count"] == 2


def test_customer_visit_wrong_role_other_project_bad_input(login, desk, other):
    visit = services.customer_visit_create(
        project=desk.project, method="phone", customer_name="赵", acting_user=desk.assistant
    )
    data = {"project": desk.project.pk, "method": "phone", "customer_name": "钱"}
    assert_error(post(login(desk.security), VISITS, data), 403, "permission_denied")
    assert_error(login(other.assistant).get(f"{VISITS}{visit.pk}/"), 404)
    assert login(other.assistant).get(VISITS).json()["count"] == 0
    body = assert_error(
        post(
            login(desk.assistant),
            VISITS,
            {"project": desk.project.pk, "method": "telepathy", "opinion_category": "gossip"},
        ),
        400,
    )
    assert {"method", "opinion_category"} <= set(body["fields"])
    # the service: a unit or a customer's name
    assert_error(
        post(login(desk.assistant), VISITS, {"project": desk.project.pk, "method": "phone"}),
        400,
        "validation_error",
        "unit",
    )
    assert CustomerVisit.objects.count() == 1


def test_customer_visit_list_query_count(login, desk, django_assert_max_num_queries):
    for n in range(10):
        services.customer_visit_create(
            project=desk.project,
            method="phone",
            unit=desk.unit,
            acting_user=desk.assistant,
            opinion=f"意见{n}",
            opinion_category="suggestion" if n % 2 else "",
        )
    client = login(desk.assistant)
    with django_assert_max_num_queries(6):
        assert client.get(VISITS).json()["count"] == 10


# --- notifications --------------------------------------------------------------------------------

NOTES = f"{API}notifications/"


def note(user, key, ticket=None):
    return notify(recipient=user, kind="test", title=f"消息{key}", dedupe_key=key, ticket=ticket)


def test_notifications_anonymous_401(api_client):
    assert_error(api_client.get(NOTES), 401)
    assert_error(post(api_client, f"{NOTES}read-all/"), 401)


def test_notifications_are_the_users_own(login, desk):
    ticket = desk.repair()
    mine = [note(desk.assistant, "a", ticket), note(desk.assistant, "b")]
    theirs = note(desk.supervisor, "c")
    client = login(desk.assistant)
    rows = client.get(NOTES).json()["results"]
    assert {r["id"] for r in rows} == {n.pk for n in mine}
    assert {r["ticket_number"] for r in rows} == {ticket.number, ""}
    assert_error(client.get(f"{NOTES}{theirs.pk}/"), 404)
    assert_error(post(client, f"{NOTES}{theirs.pk}/read/"), 404)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_notifications_unread_filter_read_and_read_all(login, desk):
    first, second, third = (note(desk.assistant, k) for k in "xyz")
    other = note(desk.supervisor, "w")
    client = login(desk.assistant)
    assert client.get(NOTES, {"unread": "true"}).json()["count"] == 3
    body = post(client, f"{NOTES}{first.pk}/read/").json()
    assert body["is_read"] is True and body["read_at"]
    assert {r["id"] for r in client.get(NOTES, {"unread": "true"}).json()["results"]} == {second.pk, third.pk}
    assert [r["id"] for r in client.get(NOTES, {"unread": "false"}).json()["results"]] == [first.pk]
    assert post(client, f"{NOTES}read-all/").json() == {"updated": 2}
    assert client.get(NOTES, {"unread": "true"}).json()["count"] == 0
    assert Notification.objects.get(pk=other.pk).read_at is None  # nobody else's


def test_owner_gets_own_notifications(login, desk):
    account = resident_user(owner=desk.owner)
    note(account, "owner")
    note(desk.assistant, "staff")
    assert login(account).get(NOTES).json()["count"] == 1


def test_notifications_list_query_count(login, desk, django_assert_max_num_queries):
    ticket = desk.repair()
    for n in range(15):
        note(desk.assistant, f"k{n}", ticket if n % 2 else None)
    client = login(desk.assistant)
    with django_assert_max_num_queries(3):
        assert client.get(NOTES).json()["count"] == 15
