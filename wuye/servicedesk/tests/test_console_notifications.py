"""The unread count in the top bar and the notifications page."""

import pytest

from wuye.core.tests.factories import UserFactory
from wuye.notifications.models import Notification
from wuye.notifications.services import notify
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def note(user, key, **kwargs):
    return notify(recipient=user, kind="test", title=f"通知 {key}", dedupe_key=key, **kwargs)


def test_top_bar_shows_the_unread_count(client, desk):
    note(desk.assistant, "a")
    note(desk.assistant, "b")
    read = note(desk.assistant, "c")
    read.read_at = read.created_at
    read.save()
    note(desk.engineer, "d")  # someone else's
    client.force_login(desk.assistant)
    page = client.get("/").content.decode()
    assert 'id="unread-count">2<' in page and 'href="/notifications/"' in page


def test_no_count_when_all_read(client, desk):
    client.force_login(desk.assistant)
    assert 'id="unread-count"' not in client.get("/").content.decode()


def test_the_list_shows_only_my_notifications(client, desk):
    mine = note(desk.assistant, "mine", body="请回访")
    theirs = note(desk.engineer, "theirs")
    client.force_login(desk.assistant)
    response = client.get("/notifications/")
    assert response.status_code == 200
    page = response.content.decode()
    assert mine.title in page and theirs.title not in page
    assert [n.pk for n in client.get("/notifications/", {"unread": "1"}).context["page"].object_list] == [
        mine.pk
    ]


def test_mark_one_read_and_open_it(client, desk):
    ticket = desk.repair()
    first = note(desk.assistant, "x", ticket=ticket, url=f"/tickets/{ticket.pk}/")
    second = note(desk.assistant, "y")
    client.force_login(desk.assistant)
    response = client.post(f"/notifications/{first.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket.pk}/"
    response = client.post(f"/notifications/{second.pk}/read/")
    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=desk.assistant, read_at__isnull=True).exists()


def test_an_outside_url_is_not_followed(client, desk):
    bad = note(desk.assistant, "evil", url="https://evil.example/")
    client.force_login(desk.assistant)
    assert client.post(f"/notifications/{bad.pk}/read/", {"open": "1"})["Location"] == "/notifications/"


def test_someone_elses_notification_is_404(client, desk):
    theirs = note(desk.engineer, "t")
    client.force_login(desk.assistant)
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(client, desk):
    for key in "abc":
        note(desk.assistant, key)
    other = note(desk.engineer, "z")
    client.force_login(desk.assistant)
    assert client.get("/notifications/").status_code == 200
    response = client.post("/notifications/read-all/", follow=True)
    assert response.status_code == 200
    assert not Notification.objects.filter(recipient=desk.assistant, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None
    assert client.get("/notifications/read-all/").status_code == 405


def test_any_logged_in_user_has_an_inbox(client):
    client.force_login(UserFactory())
    assert client.get("/notifications/").status_code == 200


def test_notification_list_query_count(client, desk, django_assert_max_num_queries):
    for i in range(40):
        note(desk.assistant, f"k{i}")
    client.force_login(desk.assistant)
    with django_assert_max_num_queries(8):
        assert client.get("/notifications/").status_code == 200
