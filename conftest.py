import pytest
from django.core.cache import cache

pytest_plugins = ["wuye.core.tests.browser"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """The working-day calendar caches the company table; tests must not see each other's rows."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
