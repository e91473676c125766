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


@pytest.fixture
def pdf_text():
    """A PDF's text (pdftotext), to assert what a printed form says; skips without poppler-utils
    (scripts/ensure-poppler.sh installs it; `make test` runs that script)."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: run scripts/ensure-poppler.sh")

    def read(data: bytes) -> str:
        return subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()

    return read
