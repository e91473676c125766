"""Fixtures shared by the billing API tests: two projects' books, token login, a frozen clock."""

import pytest
import time_machine

from wuye.billing.tests.factories import Books
from wuye.servicedesk.tests.factories import at

NOW = at(2026, 11, 26, 10)
ERROR_KEYS = {"code", "message", "fields"}


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def books():
    return Books()


@pytest.fixture
def other():
    return Books()


def post(client, path, data=None, **headers):
    return client.post(path, data or {}, format="json", **headers)


def assert_error(response, status_code, code=None, field=None):
    assert response.status_code == status_code, response.content
    body = response.json()
    assert set(body) == ERROR_KEYS
    if code:
        assert body["code"] == code
    if field:
        assert field in body["fields"], body
    return body
