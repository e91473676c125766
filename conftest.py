import pytest
from django.core.cache import cache

pytest_plugins = ["wuye.core.tests.browser"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """The working-day calendar caches the company table; tests must not see each other's rows."""
    from wuye.core import workdays

    cache.clear()
    workdays.forget_local()
    yield
    cache.clear()
    workdays.forget_local()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def login(api_client):
    """`login(user)` → the API client authenticated with a real token, issued as the login endpoint
    issues it, so every request loads the user (and its roles) afresh, as in production."""
    from wuye.accounts.tokens import token_issue

    def _login(user):
        token = token_issue(user=user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api_client

    return _login
