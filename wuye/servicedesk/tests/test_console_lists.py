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
    closed = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="consultation",
        content="?",
        answer="!",
        at=NOW - dt.timedelta(hours=2),
    )
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
    assert mine.number in page and f"/tickets/{theirs.pk}/" not in page


@time_machine.travel(NOW, tick=False)
def test_my_open_tickets_first_contact_or_handler(client, desk):
    received = desk.repair(at=NOW - dt.timedelta(minutes=30))
    handled = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant2,
        category="repair_in_unit",
        unit=desk.unit,
        content="门锁坏",
        at=NOW - dt.timedelta(minutes=20),
    )
    services.ticket_dispatch(
        ticket=handled, department="customer_service", assignee=desk.assistant, acting_user=desk.assistant2
    )
    someone_elses = services.ticket_create(
        project=desk.project, acting_user=desk.assistant2, category="help", content="帮忙搬东西"
    )
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
    security_matter = services.ticket_create(
        project=desk.project, acting_user=desk.assistant, category="security", content="可疑人员"
    )
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
    fresh = desk.through_completion(
        desk.repair(at=NOW - dt.timedelta(hours=1)), start=NOW - dt.timedelta(hours=1)
    )
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
            services.ticket_dispatch(
                ticket=ticket, department="engineering", assignee=desk.engineer, acting_user=desk.assistant
            )
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
        desk.through_completion(
            desk.repair(at=NOW - dt.timedelta(hours=2, minutes=i)),
            start=NOW - dt.timedelta(hours=2, minutes=i),
        )
    client.force_login(desk.assistant)
    with django_assert_max_num_queries(9):
        response = client.get("/tickets/return-visits/")
    assert response.context["page"].paginator.count == 12


def test_nav_shows_service_desk_links_by_role(client, desk):
    client.force_login(desk.assistant)
    page = client.get("/tickets/").content.decode()
    for url in (
        "/tickets/new/",
        "/tickets/mine/",
        "/tickets/return-visits/",
        "/contact-logs/",
        "/customer-visits/",
        "/notifications/",
        "/tickets/queue/customer_service/",
    ):
        assert f'href="{url}"' in page, url
    client.force_login(staff("engineer", desk.project))
    page = client.get("/tickets/").content.decode()
    assert 'href="/tickets/queue/engineering/"' in page
    assert 'href="/tickets/return-visits/"' not in page and 'href="/contact-logs/"' not in page


# --- the workbench's filters: mine, open, overdue, due today, department, unreturned ---------------


def worklist(desk):
    """At NOW (Thursday 11:00): tickets whose steps fall before, at and after the end of today."""
    minutes = dt.timedelta(minutes=1)
    t = {}
    t["yesterday"] = desk.repair(at=NOW - dt.timedelta(days=1))  # dispatched yesterday; on site was due 11:15
    services.ticket_dispatch(
        ticket=t["yesterday"],
        department="engineering",
        assignee=desk.engineer,
        acting_user=desk.assistant,
        at=NOW - dt.timedelta(days=1) + 5 * minutes,
    )
    t["late"] = desk.repair(at=NOW - 60 * minutes)  # not dispatched: dispatch was due 10:10
    t["today"] = desk.repair(at=NOW - 30 * minutes)  # dispatched 10:35, on site was due 10:45
    services.ticket_dispatch(
        ticket=t["today"],
        department="engineering",
        assignee=desk.engineer,
        acting_user=desk.assistant,
        at=NOW - 25 * minutes,
    )
    t["done"] = desk.through_completion(desk.repair(at=NOW - 120 * minutes), start=NOW - 120 * minutes)
    t["suggestion"] = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant2,
        category="suggestion",
        content="增加快递柜",
        at=NOW - 10 * minutes,
    )
    services.ticket_dispatch(
        ticket=t["suggestion"],
        department="customer_service",
        assignee=desk.assistant,
        acting_user=desk.assistant2,
        at=NOW - 5 * minutes,
    )  # reply due tomorrow 10:50
    t["security"] = services.ticket_create(
        project=desk.project, acting_user=desk.assistant2, category="security", content="可疑人员"
    )  # dispatch due 11:10 today
    t["answered"] = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="consultation",
        content="?",
        answer="!",
        at=NOW - 3 * minutes,
    )  # closed at once
    return t


WORKLIST_CASES = [
    ({"mine": "1"}, {"yesterday", "late", "today", "done", "suggestion", "answered"}),
    ({"mine": "1", "open": "1"}, {"yesterday", "late", "today", "done", "suggestion"}),
    ({"open": "1"}, {"yesterday", "late", "today", "done", "suggestion", "security"}),
    ({"overdue": "1"}, {"yesterday", "late", "today"}),
    ({"mine": "1", "overdue": "1"}, {"yesterday", "late", "today"}),
    (
        {"due_today": "1"},
        {"security"},
    ),  # falling due later today; late steps are "overdue", not counted twice
    ({"department": "engineering", "open": "1"}, {"yesterday", "late", "today", "done"}),
    ({"department": "security"}, {"security"}),
    ({"department": "customer_service", "due_today": "1"}, set()),
    # seed 000 §13: repair orders dispatched today and not returned (the 17:00 digest's link)
    ({"unreturned": "1"}, {"today", "late"}),  # seed 000 §13: never-dispatched ones too
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("params", "expected"), WORKLIST_CASES)
def test_worklist_filters(client, desk, params, expected):
    t = worklist(desk)
    client.force_login(desk.assistant)
    response = client.get("/tickets/", params)
    assert response.status_code == 200
    assert set(numbers(response)) == {t[name].number for name in expected}
    assert response.context["page"].paginator.count == len(expected)


@time_machine.travel(NOW, tick=False)
def test_mine_is_first_contact_or_handler_of_whoever_asks(client, desk):
    t = worklist(desk)
    client.force_login(desk.engineer)  # the handler of three repairs, first contact of none
    assert set(numbers(client.get("/tickets/", {"mine": "1"}))) == {
        t["yesterday"].number,
        t["today"].number,
        t["done"].number,
    }
    client.force_login(desk.supervisor)
    assert numbers(client.get("/tickets/", {"mine": "1"})) == []


@time_machine.travel(NOW, tick=False)
def test_unknown_department_is_ignored_like_other_bad_filters(client, desk):
    t = worklist(desk)
    client.force_login(desk.assistant)
    response = client.get("/tickets/", {"department": "nowhere"})
    assert response.status_code == 200 and response.context["page"].paginator.count == len(t)


def test_unreturned_list_is_the_digests_list(client, desk):
    """`?unreturned=1` and the 17:00 digest read the same selector: same tickets, same day."""
    from wuye.servicedesk.selectors import unreturned_repairs

    with time_machine.travel(at(2026, 11, 26, 9), tick=False):
        open_one = desk.repair()
        services.ticket_dispatch(ticket=open_one, department="engineering", acting_user=desk.assistant)
        desk.through_completion(desk.repair())
    with time_machine.travel(at(2026, 11, 26, 17), tick=False):
        client.force_login(desk.lead)
        listed = set(numbers(client.get("/tickets/", {"unreturned": "1"})))
        digest = {t.number for t in unreturned_repairs(project_id=desk.project.pk, day=dt.date(2026, 11, 26))}
    assert listed == digest == {open_one.number}
    with time_machine.travel(at(2026, 11, 27, 9), tick=False):  # the next day's list starts empty
        assert numbers(client.get("/tickets/", {"unreturned": "1"})) == []


API = "/api/v1/tickets/"


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("params", "expected"), WORKLIST_CASES)
def test_worklist_filters_in_the_api(login, desk, params, expected):
    t = worklist(desk)
    params = {"project": desk.project.pk, **{k: ("true" if v == "1" else v) for k, v in params.items()}}
    response = login(desk.assistant).get(API, params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert {row["number"] for row in body["results"]} == {t[name].number for name in expected}
    assert body["count"] == len(expected)


@time_machine.travel(NOW, tick=False)
def test_api_worklist_filters_follow_as_of(login, desk):
    t = worklist(desk)
    client = login(desk.assistant)
    yesterday = (NOW - dt.timedelta(days=1) + dt.timedelta(hours=1)).isoformat()
    response = client.get(API, {"unreturned": "true", "as_of": yesterday})
    assert [row["number"] for row in response.json()["results"]] == [t["yesterday"].number]
    # false means "no filter", as for the other flags
    assert client.get(API, {"mine": "false"}).json()["count"] == len(t)
