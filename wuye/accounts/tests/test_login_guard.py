"""Issue 10: failed logins are limited per username and per client address, in the API and the
console, counted in the database (every worker sees the same count), with the time to wait."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import override_settings
from django.utils import timezone

from wuye.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
PASSWORD = "pass-Word-123"  # the factories' password
LIMIT = 5


def _api(api_client, username, password, ip="10.0.0.1"):
    return api_client.post(TOKEN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_api_locks_a_username_after_five_wrong_passwords(api_client):
    user = UserFactory()
    for _ in range(LIMIT - 1):
        wrong = _api(api_client, user.username, "wrong")
        assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_credentials"
    fifth = _api(api_client, user.username, "wrong")  # the fifth failure locks, and says so
    assert fifth.status_code == 429 and fifth.json()["code"] == "login_locked"
    locked = _api(api_client, user.username, PASSWORD)  # even the right password now
    assert locked.status_code == 429
    body = locked.json()
    assert body["code"] == "login_locked" and set(body) == {"code", "message", "fields"}
    assert "15" in body["message"] and locked["Retry-After"] == "900"
    # from another address too: the username is locked, not only the address
    assert _api(api_client, user.username, PASSWORD, ip="10.9.9.9").status_code == 429
    assert AccessAttempt.objects.filter(username=user.username).exists()  # in the database, for every worker


@override_settings(WUYE_LOGIN_IP_FAILURE_LIMIT=8)
def test_the_api_locks_an_address_trying_many_usernames(api_client):
    """One wrong password each for many usernames: the address is locked at its own, higher limit."""
    victims = [UserFactory() for _ in range(8)]
    statuses = [_api(api_client, victim.username, "wrong", ip="10.6.6.6").status_code for victim in victims]
    assert statuses == [400] * 8
    someone = UserFactory()
    assert _api(api_client, someone.username, PASSWORD, ip="10.6.6.6").status_code == 429
    assert _api(api_client, someone.username, PASSWORD, ip="10.7.7.7").status_code == 200


def test_a_success_resets_the_count_and_the_lock_ends_after_the_wait(api_client):
    user = UserFactory()
    for _ in range(LIMIT - 1):
        _api(api_client, user.username, "wrong")
    assert _api(api_client, user.username, PASSWORD).status_code == 200
    for _ in range(LIMIT - 1):
        assert _api(api_client, user.username, "wrong").status_code == 400
    assert _api(api_client, user.username, PASSWORD).status_code == 200
    for _ in range(LIMIT):
        _api(api_client, user.username, "wrong")
    assert _api(api_client, user.username, PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert _api(api_client, user.username, PASSWORD).status_code == 200


def test_the_console_login_page_locks_too(client):
    user = UserFactory()
    for _ in range(LIMIT - 1):
        page = client.post("/login/", {"username": user.username, "password": "wrong"})
        assert page.status_code == 200 and not page.wsgi_request.user.is_authenticated
    assert client.post("/login/", {"username": user.username, "password": "wrong"}).status_code == 429
    locked = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429 and not locked.wsgi_request.user.is_authenticated
    assert locked["Retry-After"] == "900"
    text = locked.content.decode()
    assert "15" in text and 'name="username"' in text  # the login page again, with the message


@override_settings(LANGUAGE_CODE="zh-hans")
def test_the_message_is_chinese(api_client):
    user = UserFactory()
    for _ in range(LIMIT):
        response = _api(api_client, user.username, "wrong")
    assert response.status_code == 429 and "分钟" in response.json()["message"]


def test_the_token_endpoint_throttle_runs(api_client):
    """The request throttle on the token endpoint (any outcome) is really applied (issue 10: it
    was set after @api_view, which DRF ignores)."""
    statuses = [
        api_client.post(TOKEN, {"username": "x"}, REMOTE_ADDR="10.3.3.3").status_code for _ in range(31)
    ]
    assert statuses[:30] == [400] * 30 and statuses[30] == 429


def test_the_locked_page_does_not_count_another_failure(client):
    user = UserFactory()
    for _ in range(LIMIT):
        client.post("/login/", {"username": user.username, "password": "wrong"})
    assert AccessAttempt.objects.get(username=user.username).failures_since_start == LIMIT
