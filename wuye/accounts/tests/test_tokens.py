"""Issue 10: API tokens end — after 12 h without use or 7 days in all, at logout, and when the
password changes or the user is deactivated (the admin's way included)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from rest_framework.authtoken.models import Token

from wuye.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/"
PASSWORD = "pass-Word-123"  # the factories' password


def _login(api_client, user):
    response = api_client.post(API + "auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _me(api_client, key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client.get(API + "me/").status_code


def test_logout_ends_the_token_and_the_next_login_gets_a_new_one(api_client):
    user = UserFactory()
    key = _login(api_client, user)
    assert _me(api_client, key) == 200
    assert api_client.post(API + "auth/logout/").status_code == 204
    assert _me(api_client, key) == 401
    api_client.credentials()
    assert _login(api_client, user) != key


def test_a_password_change_ends_every_token(api_client):
    user = UserFactory()
    key = _login(api_client, user)
    assert _me(api_client, key) == 200
    user.set_password("another-Pass-456")  # what the admin's password form does
    user.save()
    assert _me(api_client, key) == 401
    assert not Token.objects.filter(key=key).exists()


def test_deactivation_ends_every_token(api_client):
    user = UserFactory()
    key = _login(api_client, user)
    user.is_active = False
    user.save()
    assert _me(api_client, key) == 401
    assert not Token.objects.filter(key=key).exists()


def test_a_token_ends_after_twelve_idle_hours_but_lives_while_used():
    from rest_framework.test import APIClient

    user = UserFactory()
    api_client = APIClient()
    key = _login(api_client, user)
    start = timezone.now()
    with time_machine.travel(start + dt.timedelta(hours=11), tick=False):
        assert _me(api_client, key) == 200  # used: the idle clock starts again
    with time_machine.travel(start + dt.timedelta(hours=22), tick=False):
        assert _me(api_client, key) == 200
    with time_machine.travel(start + dt.timedelta(hours=34, minutes=1), tick=False):
        assert _me(api_client, key) == 401


def test_a_token_ends_after_seven_days_however_often_used(api_client):
    user = UserFactory()
    key = _login(api_client, user)
    start = timezone.now()
    for hours in range(6, 7 * 24, 6):
        with time_machine.travel(start + dt.timedelta(hours=hours), tick=False):
            assert _me(api_client, key) == 200, hours
    with time_machine.travel(start + dt.timedelta(days=7, minutes=1), tick=False):
        assert _me(api_client, key) == 401
        api_client.credentials()
        assert _login(api_client, user) != key  # the login gives a new one


def _console_session(client, user):
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    assert client.get("/").status_code == 200
    return client


def test_a_password_change_ends_every_console_session(client):
    user = UserFactory()
    session = _console_session(client, user)
    user.set_password("another-Pass-456")
    user.save()
    response = session.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_deactivation_ends_every_console_session(client):
    user = UserFactory()
    session = _console_session(client, user)
    user.is_active = False
    user.save()
    response = session.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
