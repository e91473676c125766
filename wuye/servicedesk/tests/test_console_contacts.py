"""Calls and visits log, customer visits and the quota page."""

import pytest

from wuye.core.tests.factories import UnitFactory, resident_user, staff
from wuye.servicedesk import services
from wuye.servicedesk.models import ContactLog, CustomerVisit, Ticket
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def log(desk, **kwargs):
    fields = {"kind": "call", "content": "问停车费", "caller_number": "13800001111", **kwargs}
    return services.contact_log_create(project=desk.project, acting_user=desk.assistant, **fields)


# --- calls and visits log ----------------------------------------------------------------------------


def test_contact_log_page_and_quick_add(client, desk):
    client.force_login(desk.assistant)
    response = client.get("/contact-logs/")
    assert response.status_code == 200 and 'id="contact-log-form"' in response.content.decode()
    response = client.post(
        "/contact-logs/",
        {
            "kind": "visit",
            "caller_number": "",
            "name": "赵先生",
            "unit_code": desk.unit.code,
            "content": "来问装修流程",
        },
    )
    assert response.status_code == 302
    entry = ContactLog.objects.get()
    assert (entry.kind, entry.unit, entry.received_by, entry.name) == (
        "visit",
        desk.unit,
        desk.assistant,
        "赵先生",
    )
    page = client.get("/contact-logs/").content.decode()
    assert "来问装修流程" in page and f'action="/contact-logs/{entry.pk}/ticket/"' in page


def test_contact_log_bad_input_is_shown(client, desk):
    client.force_login(desk.assistant)
    response = client.post("/contact-logs/", {"kind": "call", "content": "", "unit_code": "no-such"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "content" in errors and "unit_code" in errors
    assert not ContactLog.objects.exists()


def test_contact_log_search(client, desk):
    log(desk, caller_number="13811112222", content="A")
    log(desk, caller_number="13933334444", content="B")
    client.force_login(desk.assistant)
    page = client.get("/contact-logs/", {"q": "1393333"})
    assert [e.content for e in page.context["page"].object_list] == ["B"]


def test_contact_log_needs_the_role(client, desk):
    client.force_login(desk.engineer)
    assert client.get("/contact-logs/").status_code == 403
    assert client.post("/contact-logs/", {"kind": "call", "content": "x"}).status_code == 403
    client.force_login(resident_user(owner=desk.owner))
    assert client.get("/contact-logs/").status_code == 403


def test_one_click_ticket_from_a_logged_call(client, desk):
    entry = log(desk, unit=desk.unit, name="钱女士", content="厨房下水堵了")
    client.force_login(desk.assistant)
    response = client.post(f"/contact-logs/{entry.pk}/ticket/", {"category": "repair_in_unit"})
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket.pk}/"
    assert (ticket.unit, ticket.content, ticket.caller_number, ticket.channel) == (
        desk.unit,
        "厨房下水堵了",
        "13800001111",
        "phone",
    )
    entry.refresh_from_db()
    assert entry.ticket == ticket
    # a second click does not make a second ticket
    response = client.post(f"/contact-logs/{entry.pk}/ticket/", {"category": "repair_in_unit"}, follow=True)
    assert Ticket.objects.count() == 1
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_ticket_from_log_errors_are_readable(client, desk):
    entry = log(desk)  # no unit
    client.force_login(desk.assistant)
    response = client.post(f"/contact-logs/{entry.pk}/ticket/", {"category": "repair_in_unit"}, follow=True)
    assert response.status_code == 200 and not Ticket.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    response = client.post(f"/contact-logs/{entry.pk}/ticket/", {"category": ""}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Ticket.objects.exists()


def test_ticket_from_another_projects_log_is_404(client, desk):
    entry = log(desk)
    other = Desk()
    client.force_login(other.assistant)
    assert client.post(f"/contact-logs/{entry.pk}/ticket/", {"category": "help"}).status_code == 404
    client.force_login(desk.engineer)
    assert client.post(f"/contact-logs/{entry.pk}/ticket/", {"category": "help"}).status_code == 403
    assert not Ticket.objects.exists()


def test_contact_log_list_query_count(client, desk, django_assert_max_num_queries):
    for i in range(25):
        entry = log(desk, unit=desk.unit if i % 2 else None, content=f"来电{i}")
        if i % 4 == 0:
            services.ticket_from_contact_log(log=entry, category="help", acting_user=desk.assistant)
    client.force_login(desk.assistant)
    with django_assert_max_num_queries(9):
        assert client.get("/contact-logs/").status_code == 200


# --- customer visits ---------------------------------------------------------------------------------


def test_customer_visit_with_an_opinion_becomes_a_ticket(client, desk):
    client.force_login(desk.assistant)
    assert client.get("/customer-visits/").status_code == 200
    response = client.post(
        "/customer-visits/",
        {
            "customer_name": "孙先生",
            "unit_code": desk.unit.code,
            "method": "door_to_door",
            "satisfaction": "neutral",
            "opinion": "楼道清洁不及时",
            "opinion_category": "cleaning",
        },
        follow=True,
    )
    visit = CustomerVisit.objects.get()
    ticket = Ticket.objects.get()
    assert (visit.unit, visit.visited_by, ticket.category, ticket.channel) == (
        desk.unit,
        desk.assistant,
        "cleaning",
        "visit",
    )
    assert ticket.number in str(list(response.context["messages"])[0])
    assert ticket.number in response.content.decode()


def test_customer_visit_without_customer_is_an_error(client, desk):
    client.force_login(desk.assistant)
    response = client.post("/customer-visits/", {"method": "phone", "opinion_category": "suggestion"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "unit_code" in errors or "__all__" in errors
    assert not CustomerVisit.objects.exists() and not Ticket.objects.exists()


def test_customer_visits_need_the_role(client, desk):
    client.force_login(desk.security)
    assert client.get("/customer-visits/").status_code == 403


def test_customer_visit_list_query_count(client, desk, django_assert_max_num_queries):
    for i in range(20):
        services.customer_visit_create(
            project=desk.project,
            acting_user=desk.assistant,
            unit=UnitFactory(building=desk.unit.building),
            method="phone",
            opinion="意见" if i % 5 == 0 else "",
            opinion_category="suggestion" if i % 5 == 0 else "",
        )
    client.force_login(desk.assistant)
    with django_assert_max_num_queries(9):
        assert client.get("/customer-visits/").status_code == 200


# --- quota page --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("cs_assistant", 200),
        ("cs_supervisor", 200),
        ("project_manager", 200),
        ("engineering_lead", 200),
        ("engineer", 403),
        ("security", 403),
    ],
)
def test_quota_page_by_role(client, desk, role, status):
    client.force_login(staff(role, desk.project))
    assert client.get("/customer-visits/quota/").status_code == status


def test_quota_page_shows_progress(client, desk):
    services.customer_visit_create(
        project=desk.project, acting_user=desk.assistant, unit=desk.unit, method="phone"
    )
    client.force_login(desk.supervisor)
    response = client.get("/customer-visits/quota/")
    page = response.content.decode()
    assert (
        'id="quota-department"' in page and 'id="quota-assistants"' in page and 'id="quota-butlers"' in page
    )
    assert response.context["report"].department.done == 1
    assert str(desk.assistant) in page
    # an earlier month can be chosen; nonsense is ignored
    assert client.get("/customer-visits/quota/", {"month": "2020-01"}).status_code == 200
    assert client.get("/customer-visits/quota/", {"month": "junk"}).status_code == 200
