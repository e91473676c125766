"""Issue 10: a ticket's contact phone and caller number are masked for roles without
personal-data access, as on the owner record; the engineer it is assigned to sees the phone
until the work is completed — in the API, the console page and the printed repair order."""

import pytest

from wuye.servicedesk import services
from wuye.servicedesk.models import Ticket
from wuye.servicedesk.pdf import repair_order_rows
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db

FULL, MASKED = "13812345678", "138****5678"


@pytest.fixture
def desk():
    return Desk()


def _ticket(desk):
    ticket = desk.repair()  # contact_phone 13812345678
    Ticket.objects.filter(pk=ticket.pk).update(caller_number="13987654321")
    ticket.refresh_from_db()
    return ticket


def _api(login, user, ticket):
    body = login(user).get(f"/api/v1/tickets/{ticket.pk}/").json()
    return body["contact_phone"], body["caller_number"]


def test_roles_without_personal_data_access_see_masked_phones(login, desk):
    ticket = _ticket(desk)
    assert _api(login, desk.assistant, ticket) == (FULL, "13987654321")
    assert _api(login, desk.security, ticket) == (MASKED, "139****4321")
    assert _api(login, desk.engineer2, ticket) == (MASKED, "139****4321")
    listed = login(desk.security).get("/api/v1/tickets/").json()["results"]
    assert {row["contact_phone"] for row in listed} == {MASKED}


def test_the_assigned_engineer_sees_the_phone_until_completion(login, client, desk):
    ticket = _ticket(desk)
    services.ticket_dispatch(ticket=ticket, department="engineering", acting_user=desk.assistant)
    services.ticket_accept(ticket=ticket, acting_user=desk.engineer)
    assert _api(login, desk.engineer, ticket)[0] == FULL
    assert _api(login, desk.engineer2, ticket)[0] == MASKED  # not theirs
    client.force_login(desk.engineer)
    assert FULL in client.get(f"/tickets/{ticket.pk}/").content.decode()
    services.ticket_start(ticket=ticket, acting_user=desk.engineer)
    services.ticket_complete(ticket=ticket, acting_user=desk.engineer, result="更换阀芯")
    ticket.refresh_from_db()
    assert _api(login, desk.engineer, ticket)[0] == MASKED
    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert FULL not in page and MASKED in page
    printed = dict(repair_order_rows(ticket, viewer=desk.engineer))
    assert MASKED in printed.values() and FULL not in printed.values()
    assert FULL in dict(repair_order_rows(ticket, viewer=desk.assistant)).values()
