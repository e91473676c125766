"""The fast intake form /tickets/new/: roles, a good intake, readable errors, consultations."""

import pytest
import time_machine

from wuye.core.tests.factories import ProjectFactory, UnitFactory, resident_user, staff
from wuye.servicedesk.choices import Status
from wuye.servicedesk.models import Ticket
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db

URL = "/tickets/new/"


@pytest.fixture
def desk():
    return Desk()


def test_intake_page_renders_keyboard_first(client, desk):
    client.force_login(desk.assistant)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="unit_code"' in page and "autofocus" in page and 'list="unit-codes"' in page
    assert 'type="radio" name="category"' in page  # the category chips
    assert 'accesskey="s"' in page and "js/console.js" in page
    assert f'data-project="{desk.project.pk}"' in page


def test_intake_prefills_from_query_string(client, desk):
    client.force_login(desk.assistant)
    form = client.get(URL, {"unit_code": desk.unit.code, "caller_number": "01088886666"}).context["form"]
    assert form.initial == {"unit_code": desk.unit.code, "caller_number": "01088886666"}


@pytest.mark.parametrize("role", ["engineer", "security", "cashier"])
def test_any_staff_member_may_take_a_request(client, desk, role):
    """First-contact responsibility: whoever is contacted records it."""
    client.force_login(staff(role, desk.project))
    assert client.get(URL).status_code == 200


def test_residents_use_the_portal_not_the_console(client, desk):
    client.force_login(resident_user(owner=desk.owner))
    assert client.get(URL).status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


@time_machine.travel(at(2026, 11, 26, 9, 30), tick=False)
def test_repair_intake_creates_the_ticket_and_shows_its_number(client, desk):
    client.force_login(desk.assistant)
    response = client.post(
        URL,
        {
            "unit_code": desk.unit.code.lower(),
            "caller_number": "13812345678",
            "contact_name": "王女士",
            "contact_phone": "138 1234 5678",
            "category": "repair_in_unit",
            "channel": "phone",
            "content": "卫生间漏水",
            "urgent": "on",
            "appointment_at": "2026-11-26T14:00",
        },
        follow=True,
    )
    ticket = Ticket.objects.get()
    assert response.redirect_chain[-1][0] == f"/tickets/{ticket.pk}/"
    assert ticket.number in [str(m) for m in response.context["messages"]][0]
    assert (ticket.unit, ticket.category, ticket.urgent, ticket.received_by) == (
        desk.unit,
        "repair_in_unit",
        True,
        desk.assistant,
    )
    assert ticket.appointment_at == at(2026, 11, 26, 14)
    assert ticket.caller_number == "13812345678" and ticket.contact_name == "王女士"


def test_unknown_unit_code_is_a_field_error(client, desk):
    client.force_login(desk.assistant)
    response = client.post(
        URL, {"unit_code": "99-99", "category": "repair_in_unit", "channel": "phone", "content": "x"}
    )
    assert response.status_code == 200
    assert "99-99" in str(response.context["form"].errors["unit_code"])
    assert not Ticket.objects.exists()


def test_other_projects_unit_is_not_found(client, desk):
    other = UnitFactory(building__project=ProjectFactory(), code="7-7-707")
    client.force_login(desk.assistant)
    response = client.post(
        URL, {"unit_code": other.code, "category": "repair_in_unit", "channel": "phone", "content": "x"}
    )
    assert response.context["form"].errors["unit_code"]
    assert not Ticket.objects.exists()


def test_service_rule_errors_are_shown_on_the_fields(client, desk):
    """The service says an in-unit repair needs a unit: shown on the unit field; nothing saved."""
    client.force_login(desk.assistant)
    response = client.post(URL, {"category": "repair_in_unit", "channel": "phone", "content": "漏水"})
    assert response.status_code == 200
    assert response.context["form"].errors["unit_code"]
    assert "errorlist" in response.content.decode()
    assert not Ticket.objects.exists()


def test_future_event_time_is_a_readable_error(client, desk):
    client.force_login(desk.assistant)
    response = client.post(
        URL, {"category": "consultation", "channel": "phone", "content": "?", "at": "2099-01-01T10:00"}
    )
    assert response.status_code == 200 and response.context["form"].errors["at"]
    assert not Ticket.objects.exists()


def test_missing_category_and_content(client, desk):
    client.force_login(desk.assistant)
    response = client.post(URL, {"channel": "phone"})
    errors = response.context["form"].errors
    assert "category" in errors and "content" in errors
    assert not Ticket.objects.exists()


def test_consultation_answered_on_the_spot_is_closed(client, desk):
    client.force_login(desk.assistant)
    response = client.post(
        URL,
        {
            "category": "consultation",
            "channel": "visit",
            "content": "物业费怎么交？",
            "answer": "服务中心或线上缴纳",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.status == Status.CLOSED
    assert ticket.answer == "服务中心或线上缴纳"


def test_answer_is_ignored_for_other_categories(client, desk):
    """The answer box is only shown for consultations; a stale value must not block a repair."""
    client.force_login(desk.assistant)
    response = client.post(
        URL,
        {
            "category": "repair_public",
            "public_area": desk.area.pk,
            "channel": "phone",
            "content": "大堂灯不亮",
            "answer": "leftover",
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.status == Status.RECEIVED and ticket.public_area == desk.area and ticket.answer == ""


def test_public_area_of_another_project_is_rejected(client, desk):
    other_area = Desk().area
    client.force_login(desk.assistant)
    response = client.post(
        URL, {"category": "repair_public", "public_area": other_area.pk, "channel": "phone", "content": "x"}
    )
    assert response.context["form"].errors["public_area"]
    assert not Ticket.objects.filter(project=desk.project).exists()
