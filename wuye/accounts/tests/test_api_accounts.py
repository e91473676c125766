"""API: auth/token, me, users, assignments (incl. end)."""

from types import SimpleNamespace

import pytest
from rest_framework.authtoken.models import Token

from wuye.accounts.choices import Role
from wuye.accounts.models import RoleAssignment, User
from wuye.core.tests.factories import (
    BuildingFactory,
    OwnershipFactory,
    ProjectFactory,
    UnitFactory,
    UserFactory,
    resident_user,
    staff,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/"
ERROR_KEYS = {"code", "message", "fields"}
PASSWORD = "pass-Word-123"  # the factories' password


@pytest.fixture
def site():
    a, b = ProjectFactory(), ProjectFactory()
    engineer_a, engineer_b = staff(Role.ENGINEER, a), staff(Role.ENGINEER, b)
    return SimpleNamespace(
        a=a,
        b=b,
        engineer_a=engineer_a,
        engineer_b=engineer_b,
        assignment_a=engineer_a.assignments.get(),
        assignment_b=engineer_b.assignments.get(),
    )


def assert_error(response, status, code, fields=()):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= ERROR_KEYS
    assert body["code"] == code
    for field in fields:
        assert field in body["fields"], body
        assert isinstance(body["fields"][field], list) and body["fields"][field]
    return body


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- anonymous -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "me/"),
        ("get", "users/"),
        ("post", "users/"),
        ("get", "users/{user}/"),
        ("get", "assignments/"),
        ("post", "assignments/"),
        ("get", "assignments/{assignment}/"),
        ("post", "assignments/{assignment}/end/"),
    ],
)
def test_anonymous_gets_401(api_client, site, method, path):
    path = path.format(user=site.engineer_a.pk, assignment=site.assignment_a.pk)
    response = getattr(api_client, method)(API + path, {}, format="json")
    body = assert_error(response, 401, "not_authenticated")
    assert body["fields"] == {}
    assert response["WWW-Authenticate"] == "Token"
    site.assignment_a.refresh_from_db()
    assert site.assignment_a.ended_at is None


# --- auth/token and me ---------------------------------------------------------------------------


def test_token_then_token_header_works(api_client, site):
    response = api_client.post(
        API + "auth/token/", {"username": site.engineer_a.username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"token"}
    key = response.json()["token"]
    assert Token.objects.get(user=site.engineer_a).key == key
    # Asking again gives the same token.
    again = api_client.post(API + "auth/token/", {"username": site.engineer_a.username, "password": PASSWORD})
    assert again.json() == {"token": key}

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = api_client.get(API + "me/")
    assert me.status_code == 200
    assert me.json()["username"] == site.engineer_a.username


def test_token_json_body(api_client, site):
    response = api_client.post(
        API + "auth/token/", {"username": site.engineer_a.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["token"]


@pytest.mark.parametrize(
    ("data", "code", "fields"),
    [
        ({"username": "USER", "password": "wrong-password"}, "invalid_credentials", ["password"]),
        ({"username": "nobody", "password": PASSWORD}, "invalid_credentials", ["password"]),
        ({"username": "INACTIVE", "password": PASSWORD}, "invalid_credentials", ["password"]),
        ({"username": "USER"}, "validation_error", ["password"]),
        ({"password": PASSWORD}, "validation_error", ["username"]),
        ({}, "validation_error", ["username", "password"]),
    ],
)
def test_token_bad_input(api_client, site, data, code, fields):
    inactive = UserFactory(is_active=False)
    names = {"USER": site.engineer_a.username, "INACTIVE": inactive.username}
    data = {k: names.get(v, v) for k, v in data.items()}
    response = api_client.post(API + "auth/token/", data, format="json")
    assert_error(response, 400, code, fields)
    assert not Token.objects.exists()


def test_bad_token_header_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(api_client.get(API + "me/"), 401, "authentication_failed")


def test_token_of_deactivated_user_is_refused(login, site):
    client = login(site.engineer_a)
    User.objects.filter(pk=site.engineer_a.pk).update(is_active=False)
    assert_error(client.get(API + "me/"), 401, "authentication_failed")


def test_me_for_staff(login, site):
    RoleAssignment.objects.create(user=site.engineer_a, project=site.b, role=Role.SECURITY)
    ended = RoleAssignment.objects.create(user=site.engineer_a, project=site.b, role=Role.CASHIER)
    ended.ended_at = ended.assigned_at
    ended.save()
    body = login(site.engineer_a).get(API + "me/").json()
    assert body["id"] == site.engineer_a.pk
    assert body["display_name"] == site.engineer_a.display_name
    assert (body["kind"], body["company_wide"], body["unit_ids"]) == ("staff", False, [])
    assert sorted((r["project"], r["role"]) for r in body["roles"]) == sorted(
        [(site.a.pk, "engineer"), (site.b.pk, "security")]
    )


def test_me_for_company_manager(login):
    body = login(staff(Role.COMPANY_MANAGER, None)).get(API + "me/").json()
    assert body["company_wide"] is True
    assert [(r["project"], r["role"]) for r in body["roles"]] == [(None, "company_manager")]


def test_me_for_owner(login):
    ownership = OwnershipFactory()
    UnitFactory(building=ownership.unit.building)  # a neighbour
    body = login(resident_user(owner=ownership.owner)).get(API + "me/").json()
    assert (body["kind"], body["company_wide"], body["roles"], body["unit_ids"]) == (
        "owner",
        False,
        [],
        [ownership.unit.pk],
    )


# --- users ---------------------------------------------------------------------------------------


def test_user_list_is_scoped(login, site):
    manager_a = staff(Role.PROJECT_MANAGER, site.a)
    former = staff(Role.ENGINEER, site.a)
    RoleAssignment.objects.filter(user=former).update(ended_at=site.assignment_a.assigned_at)
    owner_user = resident_user(
        owner=OwnershipFactory(unit=UnitFactory(building=BuildingFactory(project=site.a))).owner
    )

    def listed(user):
        return {row["id"] for row in results(login(user).get(API + "users/"))}

    assert listed(manager_a) == {manager_a.pk, site.engineer_a.pk}
    assert listed(staff(Role.CS_SUPERVISOR, site.b)) >= {site.engineer_b.pk}
    assert site.engineer_a.pk not in listed(staff(Role.CS_SUPERVISOR, site.b))
    # Roles without users.view see only themselves.
    assert listed(site.engineer_a) == {site.engineer_a.pk}
    assert listed(owner_user) == {owner_user.pk}
    company = staff(Role.COMPANY_MANAGER, None)
    assert listed(company) >= {manager_a.pk, former.pk, site.engineer_a.pk, site.engineer_b.pk, owner_user.pk}


def test_user_detail(login, site):
    client = login(staff(Role.PROJECT_MANAGER, site.a))
    body = client.get(API + f"users/{site.engineer_a.pk}/").json()
    assert (body["username"], body["kind"], body["is_active"]) == (site.engineer_a.username, "staff", True)
    assert body["roles"] == [{"project": site.a.pk, "role": "engineer"}]
    assert "password" not in body
    assert_error(client.get(API + f"users/{site.engineer_b.pk}/"), 404, "not_found")


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
def test_user_list_search_and_filters(login, site):
    UserFactory(username="wang.li", display_name="王力")
    client = login(staff(Role.COMPANY_MANAGER, None))
    assert [row["username"] for row in results(client.get(API + "users/?search=wang"))] == ["wang.li"]
    assert [row["username"] for row in results(client.get(API + "users/?search=王力"))] == ["wang.li"]
    resident = resident_user(owner=OwnershipFactory().owner)
    assert [row["id"] for row in results(client.get(API + "users/?kind=owner"))] == [resident.pk]


def test_user_create_in_project(login, api_client, site):
    client = login(staff(Role.PROJECT_MANAGER, site.a))
    response = client.post(
        API + "users/",
        {
            "username": "new.clerk",
            "password": "Strong-pass-2025",
            "display_name": "新客服",
            "mobile": "138 0013 8000",
            "project": site.a.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["username"], body["display_name"], body["kind"], body["roles"]) == (
        "new.clerk",
        "新客服",
        "staff",
        [],
    )
    assert "password" not in body
    user = User.objects.get(username="new.clerk")
    assert user.mobile == "13800138000"
    assert user.check_password("Strong-pass-2025")

    api_client.credentials()
    token = api_client.post(API + "auth/token/", {"username": "new.clerk", "password": "Strong-pass-2025"})
    assert token.status_code == 200


def test_company_manager_creates_user_without_project(login):
    client = login(staff(Role.COMPANY_MANAGER, None))
    response = client.post(
        API + "users/", {"username": "hq.staff", "password": "Strong-pass-2025"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert User.objects.filter(username="hq.staff").exists()


@pytest.mark.parametrize(
    ("role", "project"),
    [
        (Role.CS_SUPERVISOR, "a"),  # sees users but does not manage them
        (Role.ENGINEER, "a"),
        (Role.PROJECT_MANAGER, None),  # a project manager cannot create company-wide
    ],
)
def test_user_create_without_permission_is_403(login, site, role, project):
    client = login(staff(role, site.a))
    data = {"username": "new.clerk", "password": "Strong-pass-2025"}
    if project:
        data["project"] = getattr(site, project).pk
    assert_error(client.post(API + "users/", data, format="json"), 403, "permission_denied")
    assert not User.objects.filter(username="new.clerk").exists()


def test_owner_account_cannot_create_users(login):
    client = login(resident_user(owner=OwnershipFactory().owner))
    response = client.post(
        API + "users/", {"username": "new.clerk", "password": "Strong-pass-2025"}, format="json"
    )
    assert_error(response, 403, "permission_denied")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"project": "b"}, "project"),  # a project the manager does not work in
        ({"project": 999999}, "project"),
        ({"password": "12345678"}, "password"),  # entirely numeric and common
        ({"password": "short"}, "password"),
        ({"password": ""}, "password"),
        ({"mobile": "555-1234"}, "mobile"),
        ({"email": "not-an-email"}, "email"),
        ({"username": "ab"}, "username"),
        ({"username": "has space"}, "username"),
        ({"username": "TAKEN"}, "username"),
        ({"kind": "robot"}, "kind"),
    ],
)
def test_user_create_bad_input(login, site, data, field):
    manager = staff(Role.PROJECT_MANAGER, site.a)
    client = login(manager)
    body = {"username": "new.clerk", "password": "Strong-pass-2025", "project": site.a.pk}
    body |= data
    if body["project"] == "b":
        body["project"] = site.b.pk
    if body["username"] == "TAKEN":
        body["username"] = site.engineer_b.username.upper()
    users = User.objects.count()
    assert_error(client.post(API + "users/", body, format="json"), 400, "validation_error", [field])
    assert User.objects.count() == users


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_users_are_not_edited_or_deleted_through_the_api(login, site, method):
    client = login(staff(Role.COMPANY_MANAGER, None))
    response = getattr(client, method)(
        API + f"users/{site.engineer_a.pk}/", {"is_active": False}, format="json"
    )
    assert_error(response, 405, "method_not_allowed")
    site.engineer_a.refresh_from_db()
    assert site.engineer_a.is_active


# --- assignments ---------------------------------------------------------------------------------


def test_assignment_list_is_scoped(login, site):
    manager_a = staff(Role.PROJECT_MANAGER, site.a)
    company = staff(Role.COMPANY_MANAGER, None)

    def listed(user):
        return {row["id"] for row in results(login(user).get(API + "assignments/"))}

    mine_a = manager_a.assignments.get().pk
    assert listed(manager_a) == {site.assignment_a.pk, mine_a}
    assert listed(site.engineer_a) == {site.assignment_a.pk}
    assert listed(company) == set(RoleAssignment.objects.values_list("pk", flat=True))
    assert_error(login(manager_a).get(API + f"assignments/{site.assignment_b.pk}/"), 404, "not_found")


def test_assignment_filters(login, site):
    RoleAssignment.objects.create(user=site.engineer_a, project=site.a, role=Role.SECURITY)
    client = login(staff(Role.COMPANY_MANAGER, None))
    rows = results(client.get(API + f"assignments/?user={site.engineer_a.pk}&role=security"))
    assert [(row["user"], row["project"], row["role"]) for row in rows] == [
        (site.engineer_a.pk, site.a.pk, "security")
    ]
    rows = results(client.get(API + f"assignments/?project={site.b.pk}"))
    assert [row["id"] for row in rows] == [site.assignment_b.pk]


def test_assignment_create_gives_access(login, site):
    manager = staff(Role.COMPANY_MANAGER, None)  # roles are granted by company management (issue 10)
    newcomer = UserFactory()
    client = login(manager)
    response = client.post(
        API + "assignments/",
        {"user": newcomer.pk, "project": site.a.pk, "role": "cs_assistant"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["user"], body["project"], body["role"], body["ended_at"]) == (
        newcomer.pk,
        site.a.pk,
        "cs_assistant",
        None,
    )
    assert body["assigned_by"] == str(manager)
    assignment = RoleAssignment.objects.get(pk=body["id"])
    assert assignment.assigned_by == manager

    me = login(newcomer).get(API + "me/").json()
    assert [(r["project"], r["role"]) for r in me["roles"]] == [(site.a.pk, "cs_assistant")]
    assert {row["id"] for row in results(login(newcomer).get(API + "projects/"))} == {site.a.pk}


def test_company_manager_grants_company_wide_role(login):
    newcomer = UserFactory()
    client = login(staff(Role.COMPANY_MANAGER, None))
    response = client.post(
        API + "assignments/", {"user": newcomer.pk, "role": "company_manager"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["project"] is None
    assert login(newcomer).get(API + "me/").json()["company_wide"] is True


@pytest.mark.parametrize(
    ("role", "data"),
    [
        (Role.CS_SUPERVISOR, {"project": "a", "role": "engineer"}),
        (Role.ENGINEER, {"project": "a", "role": "engineer"}),
        (Role.PROJECT_MANAGER, {"role": "company_manager"}),
        (Role.PROJECT_MANAGER, {"project": "a", "role": "cashier"}),  # issue 10: not a project manager
    ],
)
def test_assignment_create_without_permission_is_403(login, site, role, data):
    newcomer = UserFactory()
    client = login(staff(role, site.a))
    data = {"user": newcomer.pk} | {k: getattr(site, v).pk if k == "project" else v for k, v in data.items()}
    assert_error(client.post(API + "assignments/", data, format="json"), 403, "permission_denied")
    assert not newcomer.assignments.exists()


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"role": "engineer"}, "validation_error", "project"),  # a project role needs a project
        ({"project": "a", "role": "company_manager"}, "validation_error", "project"),
        ({"project": "a", "role": "janitor"}, "validation_error", "role"),
        ({"project": "a"}, "validation_error", "role"),
        ({"project": "a", "role": "engineer", "user": "OWNER"}, "validation_error", "user"),
        ({"project": "a", "role": "engineer", "user": 999999}, "validation_error", "user"),
        ({"project": "a", "role": "engineer", "user": "ENGINEER_A"}, "assignment_exists", "role"),
    ],
)
def test_assignment_create_bad_input(login, site, data, code, field):
    newcomer = UserFactory()
    owner_user = resident_user(owner=OwnershipFactory().owner)
    users = {"OWNER": owner_user.pk, "ENGINEER_A": site.engineer_a.pk}
    client = login(staff(Role.COMPANY_MANAGER, None))
    body = {"user": newcomer.pk} | data
    body["user"] = users.get(body["user"], body["user"])
    if "project" in body:
        body["project"] = getattr(site, body["project"]).pk
    before = RoleAssignment.objects.count()
    assert_error(client.post(API + "assignments/", body, format="json"), 400, code, [field])
    assert RoleAssignment.objects.count() == before


def test_assignment_end_removes_access(login, site):
    manager = staff(Role.COMPANY_MANAGER, None)
    unit = UnitFactory(building=BuildingFactory(project=site.a))
    assert [row["id"] for row in results(login(site.engineer_a).get(API + "units/"))] == [unit.pk]

    client = login(manager)
    url = API + f"assignments/{site.assignment_a.pk}/end/"
    response = client.post(url, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["ended_at"] is not None
    site.assignment_a.refresh_from_db()
    assert site.assignment_a.ended_at is not None
    assert site.assignment_a.ended_by == manager

    assert_error(client.post(url, format="json"), 400, "assignment_already_ended")

    engineer = login(site.engineer_a)
    assert results(engineer.get(API + "units/")) == []
    assert_error(engineer.get(API + f"units/{unit.pk}/"), 404, "not_found")
    assert engineer.get(API + "me/").json()["roles"] == []


def test_assignment_end_without_permission(login, site):
    # An engineer sees their own assignment but cannot end it.
    client = login(site.engineer_a)
    assert_error(client.post(API + f"assignments/{site.assignment_a.pk}/end/"), 403, "permission_denied")
    # A cs_supervisor sees the project's assignments but cannot end them.
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    assert_error(client.post(API + f"assignments/{site.assignment_a.pk}/end/"), 403, "permission_denied")
    # A project manager of A does not see B's assignments at all.
    client = login(staff(Role.PROJECT_MANAGER, site.a))
    assert_error(client.post(API + f"assignments/{site.assignment_b.pk}/end/"), 404, "not_found")
    assert not RoleAssignment.objects.filter(ended_at__isnull=False).exists()


# --- query counts --------------------------------------------------------------------------------


def _fill(site, n):
    for _ in range(n):
        user = staff(Role.ENGINEER, site.a)
        RoleAssignment.objects.create(
            user=user, project=site.a, role=Role.SECURITY, assigned_by=site.engineer_a
        )


@pytest.mark.parametrize(
    ("path", "role", "max_queries"),
    [
        ("users/", Role.PROJECT_MANAGER, 5),
        ("users/", Role.COMPANY_MANAGER, 5),
        ("users/?search=user", Role.COMPANY_MANAGER, 5),
        ("assignments/", Role.PROJECT_MANAGER, 4),
        ("assignments/", Role.COMPANY_MANAGER, 4),
    ],
)
def test_list_query_count_does_not_grow(login, site, django_assert_max_num_queries, path, role, max_queries):
    client = login(staff(role, site.a))
    _fill(site, 20)
    with django_assert_max_num_queries(max_queries):
        response = client.get(API + path)
    assert len(results(response)) >= 20


def test_me_query_count(login, site, django_assert_max_num_queries):
    client = login(site.engineer_a)
    with django_assert_max_num_queries(4):
        assert client.get(API + "me/").status_code == 200
