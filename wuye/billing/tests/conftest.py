"""Fixtures shared by the billing API tests: two projects' books, token login, a frozen clock."""

import pytest
import time_machine

from wuye.billing.tests.factories import Books
from wuye.core.tests.api import ERROR_KEYS, assert_error, post  # noqa: F401  (shared by this module's tests)
from wuye.servicedesk.tests.factories import at

NOW = at(2026, 11, 26, 10)


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
