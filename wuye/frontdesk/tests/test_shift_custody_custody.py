"""The custody view (spec 05: the place a new shift looks first): exactly what the desk holds or has
lent right now, with what is due, overdue first; keys for those who may read the key register; a
constant number of queries; the API answering 403/404/400 as it should."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from wuye.core.roles import Role
from wuye.core.tests.factories import resident_user, staff
from wuye.frontdesk.selectors_shift_custody import custody, custody_overdue_count
from wuye.frontdesk.tests.factories_shift_custody import Desk

pytestmark = pytest.mark.django_db

URL = "/api/v1/frontdesk/custody/"


@pytest.fixture
def desk():
    return Desk()


def client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def fill(desk: Desk) -> dict:
    """One of each thing held, overdue or not, and what must not show (done with, another day, another
    project)."""
    yesterday = timezone.now() - dt.timedelta(days=1, hours=1)
    other = Desk()
    held = {
        "mail_late": desk.mail(received_at=yesterday),
        "mail": desk.mail(),
        "stored_late": desk.stored(pickup_in=-dt.timedelta(hours=2)),
        "stored": desk.stored(),
        "loan_late": desk.loan(due_in=-dt.timedelta(hours=1)),
        "loan": desk.loan(),
        "key": desk.key_out(),
        "pass": desk.release_pass(),
    }
    # not in custody: collected mail, picked-up storage, returned loans, a pass of tomorrow or used,
    # a key in the cabinet (counted, not listed), another project's items
    desk.mail(status="collected")
    desk.stored(status="picked_up")
    desk.loan(returned=True)
    desk.release_pass(valid_on=timezone.localdate() + dt.timedelta(days=1))
    desk.release_pass(status="used")
    desk.key_in_store()
    other.mail(received_at=yesterday)
    other.stored()
    other.loan()
    other.release_pass()
    return held


def test_custody_lists_exactly_what_is_held_with_the_overdue_first(desk):
    held = fill(desk)
    result = custody(desk.project)
    listed = {(row.kind, row.id) for row in result.rows}
    assert listed == {
        ("mail", held["mail_late"].pk),
        ("mail", held["mail"].pk),
        ("storage", held["stored_late"].pk),
        ("storage", held["stored"].pk),
        ("loan", held["loan_late"].pk),
        ("loan", held["loan"].pk),
        ("key", held["key"].pk),
        ("pass", held["pass"].pk),
    }
    overdue = [(row.kind, row.id) for row in result.rows if row.overdue]
    assert set(overdue) == {
        ("mail", held["mail_late"].pk),
        ("storage", held["stored_late"].pk),
        ("loan", held["loan_late"].pk),
    }
    assert [row.overdue for row in result.rows] == [True] * 3 + [False] * 5
    # the longest overdue first: yesterday's mail fell due at midnight
    assert (result.rows[0].kind, result.rows[0].id) == ("mail", held["mail_late"].pk)
    assert result.keys_in_store == 1 and result.keys_shown
    assert result.counts["mail"] == {"count": 2, "overdue": 1}
    assert result.counts["key"] == {"count": 1, "overdue": 0}
    assert result.overdue_count == 3 == custody_overdue_count(desk.project)


def test_each_row_says_what_is_due(desk):
    held = fill(desk)
    rows = {(row.kind, row.id): row for row in custody(desk.project).rows}
    mail = rows[("mail", held["mail"].pk)]
    assert timezone.localtime(mail.due_at).time() == dt.time(0, 0) and mail.due_at > timezone.now()
    assert mail.person == "王女士" and mail.unit_code == desk.unit.code and mail.since is not None
    assert rows[("storage", held["stored"].pk)].due_at == held["stored"].expected_pickup_at
    assert rows[("loan", held["loan"].pk)].due_at == held["loan"].due_back_at
    key = rows[("key", held["key"].pk)]
    held["key"].refresh_from_db()
    assert key.due_at == held["key"].due_back_at and key.reference == held["key"].number
    assert key.person == held["key"].holder_name
    assert rows[("pass", held["pass"].pk)].reference == held["pass"].number


def test_an_overdue_key_is_overdue_in_custody_too(desk):
    key = desk.key_out()
    type(key).objects.filter(pk=key.pk).update(due_back_at=timezone.now() - dt.timedelta(minutes=5))
    (row,) = custody(desk.project).rows
    assert row.kind == "key" and row.overdue
    assert custody_overdue_count(desk.project) == 1
    assert custody_overdue_count(desk.project, include_keys=False) == 0


def test_keys_are_left_out_for_who_may_not_read_the_key_register(desk):
    fill(desk)
    result = custody(desk.project, include_keys=False)
    assert "key" not in {row.kind for row in result.rows} and "key" not in result.counts
    assert result.keys_in_store is None
    data = client(desk.guard).get(URL, {"project": desk.project.pk}).json()
    assert data["keys_shown"] is False and "key" not in {row["kind"] for row in data["rows"]}
    data = client(desk.assistant).get(URL, {"project": desk.project.pk}).json()
    assert data["keys_shown"] is True and data["keys_in_store"] == 1


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_custody_takes_a_constant_number_of_queries(desk, django_assert_max_num_queries):
    fill(desk)
    small = _queries(lambda: custody(desk.project))
    for _ in range(15):
        desk.mail()
        desk.stored(pickup_in=-dt.timedelta(hours=1))
        desk.loan()
        desk.key_out()
        desk.release_pass()
    with django_assert_max_num_queries(6):
        result = custody(desk.project)
    assert len(result.rows) == 8 + 75
    assert _queries(lambda: custody(desk.project)) == small
    api = client(desk.assistant)
    first = _queries(lambda: api.get(URL, {"project": desk.project.pk}))
    desk.mail()
    desk.key_out()
    assert _queries(lambda: api.get(URL, {"project": desk.project.pk})) == first
    with django_assert_max_num_queries(12):
        response = api.get(URL, {"project": desk.project.pk})
    assert response.status_code == 200 and len(response.json()["rows"]) == 8 + 77


# --- the API ------------------------------------------------------------------------------------


def test_the_api_lists_custody_overdue_first_and_filters(desk):
    held = fill(desk)
    response = client(desk.assistant).get(URL, {"project": desk.project.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["project"] == desk.project.pk and data["overdue_count"] == 3
    assert [row["overdue"] for row in data["rows"]][:4] == [True, True, True, False]
    assert data["counts"]["storage"] == {"count": 2, "overdue": 1}
    late = client(desk.assistant).get(URL, {"project": desk.project.pk, "overdue": "true"}).json()
    assert len(late["rows"]) == 3 and late["overdue_count"] == 3
    loans = client(desk.assistant).get(URL, {"project": desk.project.pk, "kind": "loan"}).json()
    assert {row["id"] for row in loans["rows"]} == {held["loan"].pk, held["loan_late"].pk}
    assert all(row["kind_label"] and row["due_label"] for row in data["rows"])


def test_the_api_refuses_as_it_should(desk):
    other = Desk()
    assert APIClient().get(URL, {"project": desk.project.pk}).status_code == 401
    assert client(desk.engineer).get(URL, {"project": desk.project.pk}).status_code == 403
    assert client(desk.assistant).get(URL, {"project": other.project.pk}).status_code == 404
    missing = client(desk.assistant).get(URL)
    assert missing.status_code == 400 and "project" in missing.json()["fields"]
    bad = client(desk.assistant).get(URL, {"project": desk.project.pk, "kind": "car"})
    assert bad.status_code == 400 and "kind" in bad.json()["fields"]
    owner = resident_user(owner=desk.owner)
    assert client(owner).get(URL, {"project": desk.project.pk}).status_code == 403


def test_the_project_manager_and_a_company_manager_read_custody(desk):
    fill(desk)
    assert client(desk.manager).get(URL, {"project": desk.project.pk}).status_code == 200
    boss = staff(Role.COMPANY_MANAGER, None)
    assert client(boss).get(URL, {"project": desk.project.pk}).json()["overdue_count"] == 3
