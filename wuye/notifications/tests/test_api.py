"""API /api/v1/notifications/: the requesting user's own messages only; read one, read all."""

import pytest

from wuye.core.tests.factories import UserFactory
from wuye.notifications.models import Notification
from wuye.notifications.services import notify

pytestmark = pytest.mark.django_db

API = "/api/v1/notifications/"


def _note(user, key, **kwargs):
    return notify(
        recipient=user, kind=kwargs.pop("kind", "overdue"), title=f"通知 {key}", dedupe_key=key, **kwargs
    )


@pytest.fixture
def me():
    return UserFactory(username="me")


@pytest.fixture
def them():
    return UserFactory(username="them")


def test_anonymous_is_401(api_client):
    response = api_client.get(API)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_list_shows_only_my_notifications(login, me, them):
    mine = [_note(me, "a"), _note(me, "b", kind="escalated")]
    _note(them, "a")
    body = login(me).get(API).json()
    assert sorted(row["id"] for row in body["results"]) == sorted(n.pk for n in mine)
    row = next(r for r in body["results"] if r["id"] == mine[0].pk)
    assert (row["title"], row["kind"], row["is_read"], row["read_at"], row["ticket_number"]) == (
        "通知 a",
        "overdue",
        False,
        None,
        "",
    )
    kinds = [r["id"] for r in login(me).get(API, {"kind": "escalated"}).json()["results"]]
    assert kinds == [mine[1].pk]


def test_someone_elses_notification_does_not_exist(login, me, them):
    theirs = _note(them, "x")
    client = login(me)
    assert client.get(f"{API}{theirs.pk}/").status_code == 404
    assert client.post(f"{API}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_read_is_idempotent(login, me):
    note = _note(me, "a")
    other = _note(me, "b")
    client = login(me)
    response = client.post(f"{API}{note.pk}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True and response.json()["read_at"]
    first_read_at = Notification.objects.get(pk=note.pk).read_at
    assert client.post(f"{API}{note.pk}/read/").status_code == 200
    assert Notification.objects.get(pk=note.pk).read_at == first_read_at  # the first reading counts
    assert Notification.objects.get(pk=other.pk).read_at is None
    unread = [r["id"] for r in client.get(API, {"unread": "true"}).json()["results"]]
    read = [r["id"] for r in client.get(API, {"unread": "false"}).json()["results"]]
    assert (unread, read) == ([other.pk], [note.pk])


def test_read_all_marks_only_mine(login, me, them):
    _note(me, "a")
    _note(me, "b")
    theirs = _note(them, "a")
    client = login(me)
    assert client.post(f"{API}read-all/").json() == {"updated": 2}
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.post(f"{API}read-all/").json() == {"updated": 0}
