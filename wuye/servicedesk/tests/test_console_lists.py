"""Ticket lists: all tickets (filters), my open tickets, department queues, return-visit worklist.
Nearest deadline first, a visible countdown and overdue mark, scoped, and no per-row queries."""

import datetime as dt

import pytest
import time_machine

from wuye.core.tests.factories import UnitFactory, resident_user, staff
from wuye.servicedesk import services
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 26, 11)  # a Thursday


@pytest.fixture
def desk():
    return Desk()


def numbers(response):
    return [t.number for t in response.context["page"].object_list]


@time_machine.travel(NOW, tick=False)
def test_all_tickets_nearest_deadline_first_with_overdue_mark(client, desk):
    late = desk.repair(at=NOW - dt.timedelta(hours=1))  # dispatch was due 10:10: overdue
    soon = desk.repair(at=NOW - dt.timedelta(minutes=5))  # dispatch due 11:05
    later = desk.repair(at=NOW)  # dispatch due 11:10
    closed = services.ticket_create(project=desk.project, acting_user=desk.assistant, category="consultation",
                                    content="?", answer="!", at=NOW - dt.timedelta(hours=2))
    client.force_login(desk.supervisor)
    response = client.get("/tickets/")
    assert response.status_code == 200
    assert numbers(response) == [late.number, soon.number, later.number, closed.number]
    page = response.content.decode()
    assert page.count('class="is-overdue') == 1
    assert 'class="countdown overdue"' in page and 'id="countdown-text"' in page
    row = response.context["page"].object_list[1]
    assert str(row.next_step_label) and row.next_due_at == NOW + dt.timedelta(minutes=5)


@time_machine.travel(NOW, tick=False)
def test_all_tickets_filters(client, desk):
    late = desk.repair(at=NOW - dt.timedelta(hours=1))
    other_unit = desk.repair(at=NOW, unit=UnitFactory(building=desk.unit.building, code="9-9-301"))
    complaint = desk.complaint(at=NOW, contact_phone="13900001111")
    client.force_login(desk.assistant)
    assert numbers(client.get("/tickets/", {"overdue": "on"})) == [late.number]
    assert numbers(client.get("/tickets/", {"category": "complaint"})) == [complaint.number]
    assert numbers(client.get("/tickets/", {"q": "9-9-3"})) == [other_unit.number]
    assert numbers(client.get("/tickets/", {"q": complaint.number})) == [complaint.number]
    services.ticket_cancel(ticket=complaint, acting_user=desk.supervisor, reason="重复")
    assert complaint.number not in numbers(client.get("/tickets/", {"status": "open"}))
    assert numbers(client.get("/tickets/", {"status": "cancelled"})) == [complaint.number]
    # a bad filter value is ignored rather than an error
    assert client.get("/tickets/", {"status": "nonsense"}).status_code == 200


def test_lists_only_show_the_current_projects_tickets(client, desk):
    mine = desk.repair()
    other = Desk()
    theirs = other.repair()
    client.force_login(desk.assistant)
    page = client.get("/tickets/").content.decode()
    assert mine.number in page and f'/tickets/{theirs.pk}/' not in page


@time_machine.travel(NOW, tick=False)
def test_my_open_tickets_first_contact_or_handler(client, desk):
    received = desk.repair(at=NOW - dt.timedelta(minutes=30))
    handled = services.ticket_create(project=desk.project, acting_user=desk.assistant2, category="repair_in_unit",
                                     unit=desk.unit, content="门锁坏", at=NOW - dt.timedelta(minutes=20))
    services.ticket_dispatch(ticket=handled, department="customer_service", assignee=desk.assistant,
                             acting_user=desk.assistant2)
    someone_elses = services.ticket_create(project=desk.project, acting_user=desk.assistant2, category="help",
                                           content="帮忙搬东西")
    client.force_login(desk.assistant)
    response = client.get("/tickets/mine/")
    assert response.status_code == 200
    assert set(numbers(response)) == {received.number, handled.number}
    assert someone_elses.number not in numbers(response)
    assert numbers(client.get("/tickets/mine/", {"as": "first_contact"})) == [received.number]
    assert numbers(client.get("/tickets/mine/", {"as": "handler"})) == [handled.number]


def test_department_queue(client, desk):
    repair = desk.repair()
    services.ticket_dispatch(ticket=repair, department="engineering", acting_user=desk.assistant)
    security_matter = services.ticket_create(project=desk.project, acting_user=desk.assistant, category="security",
                                             content="可疑人员")
    client.force_login(desk.engineer)
    response = client.get("/tickets/queue/engineering/")
    assert response.status_code == 200 and numbers(response) == [repair.number]
    assert security_matter.number not in numbers(response)
    # an engineer does not work the security queue; unknown departments do not exist
    assert client.get("/tickets/queue/security/").status_code == 403
    assert client.get("/tickets/queue/nowhere/").status_code == 404
    # a dispatcher sees every queue
    client.force_login(desk.assistant)
    assert numbers(client.get("/tickets/queue/security/")) == [security_matter.number]


def test_residents_cannot_open_the_lists(client, desk):
    client.force_login(resident_user(owner=desk.owner))
    for url in ("/tickets/", "/tickets/mine/", "/tickets/queue/engineering/", "/tickets/return-visits/"):
        assert client.get(url).status_code == 403, url


@time_machine.travel(NOW, tick=False)
def test_return_visit_worklist(client, desk):
    old = desk.through_completion(desk.repair(at=at(2026, 11, 23, 9)), start=at(2026, 11, 23, 9))
    fresh = desk.through_completion(desk.repair(at=NOW - dt.timedelta(hours=1)), start=NOW - dt.timedelta(hours=1))
    client.force_login(desk.assistant)
    response = client.get("/tickets/return-visits/")
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert [v.ticket.number for v in rows] == [old.number, fresh.number]  # due first
    assert [v.is_overdue for v in rows] == [True, False]
    page = response.content.decode()
    assert f"/tickets/{old.pk}/?do=return_visit#return_visit" in page
    assert client.get("/tickets/return-visits/", {"mine": "1"}).context["page"].paginator.count == 2
    client.force_login(desk.assistant2)
    assert client.get("/tickets/return-visits/", {"mine": "1"}).context["page"].paginator.count == 0


def test_return_visit_worklist_needs_the_role(client, desk):
    client.force_login(desk.engineer)
    assert client.get("/tickets/return-visits/").status_code == 403


def _many_tickets(desk, n=30):
    for i in range(n):
        ticket = desk.repair(at=NOW - dt.timedelta(minutes=i))
        if i % 3 == 0:
            services.ticket_dispatch(ticket=ticket, department="engineering", assignee=desk.engineer,
                                     acting_user=desk.assistant)
        if i % 5 == 0:
            services.ticket_escalate(ticket=ticket, acting_user=desk.assistant, reason="催")


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("url", ["/tickets/", "/tickets/mine/", "/tickets/queue/engineering/"])
def test_list_query_counts_do_not_grow_with_rows(client, desk, url, django_assert_max_num_queries):
    _many_tickets(desk)
    client.force_login(desk.assistant)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200 and response.context["page"].paginator.count >= 10


@time_machine.travel(NOW, tick=False)
def test_return_visit_worklist_query_count(client, desk, django_assert_max_num_queries):
    for i in range(12):
        desk.through_completion(desk.repair(at=NOW - dt.timedelta(hours=2, minutes=i)),
                                start=NOW - dt.timedelta(hours=2, minutes=i))
    client.force_login(desk.assistant)
    with django_assert_max_num_queries(9):
        response = client.get("/tickets/return-visits/")
    assert response.context["page"].paginator.count == 12


def test_nav_shows_service_desk_links_by_role(client, desk):
    client.force_login(desk.assistant)
    page = client.get("/tickets/").content.decode()
    for url in ("/tickets/new/", "/tickets/mine/", "/tickets/return-visits/", "/contact-logs/", "/customer-visits/",
                "/notifications/", "/tickets/queue/customer_service/"):
        assert f'href="{url}"' in page, url
    client.force_login(staff("engineer", desk.project))
    page = client.get("/tickets/").content.decode()
    assert 'href="/tickets/queue/engineering/"' in page
    assert 'href="/tickets/return-visits/"' not in page and 'href="/contact-logs/"' not in page
