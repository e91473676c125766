"""Issue 10: the API schema and the Swagger UI need a login when settings.WUYE_PUBLIC_API_DOCS is
off (the production default; wuye/core/api/docs.py): the schema answers 401, the UI sends the
browser to the login page and back. Local and test settings keep them public.
"""

import pytest

from wuye.accounts.choices import Role
from wuye.core.tests.factories import ProjectFactory, resident_user, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_docs(settings):
    settings.WUYE_PUBLIC_API_DOCS = False


def test_docs_are_public_in_the_test_settings(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_anonymous_schema_request_gets_401(client, private_docs):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "paths" not in response.json()


def test_anonymous_swagger_ui_is_sent_to_the_login_page(client, private_docs):
    for path in ("/api/docs/", "/api/docs/?script="):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/login/?next=/api/docs/")


def test_a_logged_in_user_reads_schema_and_docs(client, private_docs):
    client.force_login(staff(Role.CS_ASSISTANT, ProjectFactory()))
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200 and "/api/v1/units/" in schema.json()["paths"]
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/docs/?script=").status_code == 200


def test_a_token_reads_the_schema(login, private_docs):
    api = login(resident_user())
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200 and "paths" in schema.json()
