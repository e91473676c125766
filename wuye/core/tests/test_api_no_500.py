"""Issue 10: input the database or the calendar cannot hold answers 400 in the API's error shape,
and any other failure of an API view answers a JSON 500 in that shape too (never an HTML page)."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from wuye.core.api.errors import server_error

pytestmark = pytest.mark.django_db
ERROR_KEYS = {"code", "message", "fields"}


@pytest.fixture
def admin_client(api_client):
    admin = get_user_model().objects.create_superuser("root", "root@example.cn", "pw-12345678")
    api_client.force_authenticate(admin)
    api_client.raise_request_exception = False
    return api_client


@pytest.mark.parametrize(
    "path",
    [
        "tickets/?unit=99999999999999999999",
        "charges/?project=-99999999999999999999",
        "payments/?received_before=9999-12-31T23:59:59-12:00",
        "calendar/check/?start=9999-12-01&add=3650",
        "units/?project=99999999999999999999",
        "owners/?project=99999999999999999999",
    ],
)
def test_out_of_range_input_is_never_a_500(admin_client, path):
    """400 in the error shape where the value cannot be held (SQLite's integers, year 10000), or
    simply no match where the database compares it as a number (PostgreSQL)."""
    response = admin_client.get("/api/v1/" + path)
    assert response.status_code in (200, 400), response.content[:200]
    if response.status_code == 400:
        assert set(response.json()) == ERROR_KEYS
    else:
        assert response.json()["results"] == []


def test_an_unexpected_failure_is_a_json_500(admin_client):
    with mock.patch(
        "wuye.accounts.api.views.RoleAssignment.objects.active", side_effect=RuntimeError("boom")
    ):
        response = admin_client.get("/api/v1/me/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "server_error" and set(response.json()) == ERROR_KEYS


def test_the_console_keeps_its_error_page():
    response = server_error(RequestFactory().get("/tickets/"))
    assert response.status_code == 500 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/calendar/?year=²", None),  # "²".isdigit() is true, int("²") fails
        ("/calendar/?year=99999", None),
        ("/customer-visits/quota/?month=9999-12", None),
        ("/customer-visits/quota/?month=0000-01", None),
        ("/billing/desk/", {"unit_id": "²"}),
        ("/billing/desk/", {"unit_id": "99999999999999999999"}),
    ],
)
def test_odd_console_parameters_are_never_a_500(client, path, data):
    from wuye.core.tests.factories import ProjectFactory

    ProjectFactory()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.cn", "pw-12345678"))
    client.raise_request_exception = False
    response = client.post(path, data) if data is not None else client.get(path)
    assert response.status_code in (200, 302, 404), response.status_code


def test_int_param_takes_ascii_digits_within_bounds():
    from wuye.core.validators import MAX_ID, int_param

    assert int_param("42") == 42 and int_param(" 7 ") == 7
    assert int_param("²") is None and int_param("４２") is None and int_param("-1") is None
    assert int_param(str(MAX_ID + 1), default=0) == 0 and int_param("1999", low=1900, high=2199) == 1999
    assert int_param("3000", default=2026, low=1900, high=2199) == 2026 and int_param(None) is None
