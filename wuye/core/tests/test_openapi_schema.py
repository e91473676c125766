"""Issue 10: the OpenAPI schema says what the API answers, the 4xx error answers included
(wuye.core.api.schema). `scripts/fuzz_api.py` checks real answers against it in `make test`."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from wuye.accounts.choices import Role
from wuye.core.tests.factories import BuildingFactory, ProjectFactory, UnitFactory, staff

API = "/api/v1/"
ERROR_REF = {"$ref": "#/components/schemas/Error"}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def error_schema(operation, code):
    return operation["responses"][code]["content"]["application/json"]["schema"]


def test_the_error_component_is_the_error_handlers_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"code", "message", "fields"}
    assert set(error["required"]) == {"code", "message", "fields"}
    assert error["properties"]["fields"]["type"] == "object"


def test_every_operation_documents_its_error_answers(schema):
    missing = []
    for path, method, operation in operations(schema):
        expected = set()
        if operation.get("security"):
            expected |= {"401", "403"}
        if operation.get("parameters"):  # the path's id, a filter naming an object, a page
            expected |= {"400", "404"}
        if method != "get":
            expected.add("400")
        if "requestBody" in operation:
            expected.add("413")
        for code in sorted(expected):
            if code not in operation["responses"] or error_schema(operation, code) != ERROR_REF:
                missing.append(f"{method.upper()} {path} {code}")
    assert missing == []


def test_a_views_own_4xx_description_keeps_the_error_body(schema):
    response = schema["paths"]["/api/v1/projects/{id}/roster-import/"]["post"]["responses"]["400"]
    assert response["description"] == "rejected: nothing imported"
    assert response["content"]["application/json"]["schema"] == ERROR_REF


def test_only_throttled_operations_document_429(schema):
    throttled = {(path, method) for path, method, op in operations(schema) if "429" in op["responses"]}
    assert throttled == {("/api/v1/auth/token/", "post")}
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "401" not in token and "403" not in token  # no login needed


def test_unit_status_history_is_a_plain_list(schema):
    operation = schema["paths"]["/api/v1/units/{id}/status/"]["get"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body == {"type": "array", "items": {"$ref": "#/components/schemas/UnitStatusHistory"}}
    assert [p["name"] for p in operation["parameters"]] == ["id"]  # no page, no list filters


@pytest.mark.django_db
def test_unit_status_history_answers_a_plain_list(login):
    unit = UnitFactory()
    response = login(staff(Role.CS_SUPERVISOR, unit.project)).get(API + f"units/{unit.pk}/status/")
    assert response.status_code == 200
    assert isinstance(response.json(), list)


@pytest.mark.django_db
def test_a_created_building_answers_with_its_unit_count(login, schema):
    assert "unit_count" in schema["components"]["schemas"]["Building"]["required"]
    project = ProjectFactory()
    BuildingFactory(project=project, number="1")
    response = login(staff(Role.CS_SUPERVISOR, project)).post(
        API + "buildings/", {"project": project.pk, "number": "9"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["unit_count"] == 0


@pytest.mark.django_db
def test_an_api_address_no_view_takes_is_a_json_404(login, client):
    user = staff(Role.COMPANY_MANAGER, None)
    for path in ("units/1.5/", "units/null/account/", "no-such-thing/"):
        response = login(user).get(API + path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"code", "message", "fields"}
        assert response.json()["code"] == "not_found"
    client.force_login(user)
    page = client.get("/no-such-page/")  # the console keeps its page
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_the_digest_time_is_hh_mm_as_documented(login, schema):
    field = schema["components"]["schemas"]["DeadlineSettings"]["properties"]["unreturned_digest_time"]
    assert "format" not in field  # OpenAPI's `time` needs seconds and an offset
    project = ProjectFactory()
    body = login(staff(Role.PROJECT_MANAGER, project)).get(API + f"projects/{project.pk}/deadline-settings/")
    assert body.status_code == 200, body.content
    assert re.fullmatch(field["pattern"], body.json()["unreturned_digest_time"])
