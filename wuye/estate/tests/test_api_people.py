"""API: owners, tenants (incl. resident accounts), ownerships and leases (incl. end); masking and access log."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from wuye.accounts.choices import Role
from wuye.accounts.models import RoleAssignment, User
from wuye.core.tests.factories import (
    BuildingFactory,
    LeaseFactory,
    OwnerFactory,
    OwnershipFactory,
    ProjectFactory,
    TenantFactory,
    UnitFactory,
    make_resident_id,
    resident_user,
    staff,
)
from wuye.estate.models import Lease, Owner, OwnerAccessLog, Ownership, Tenant

pytestmark = pytest.mark.django_db

API = "/api/v1/"
ERROR_KEYS = {"code", "message", "fields"}
MASKED_ID = re.compile(r"^\d{3}\*{11}[\dX]{4}$")
MASKED_MOBILE = re.compile(r"^\d{3}\*{4}\d{4}$")


@pytest.fixture
def site():
    """Two projects, each with a unit, an owner owning it and a tenant renting it."""
    ns = SimpleNamespace()
    for key in ("a", "b"):
        project = ProjectFactory()
        unit = UnitFactory(building=BuildingFactory(project=project))
        owner = OwnerFactory(
            project=project,
            id_number=make_resident_id(dt.date(1980, 5, 17)),
            mobile="13812345678",
            emergency_mobile="13987654321",
            birthday=dt.date(1980, 5, 17),
        )
        tenant = TenantFactory(project=project, mobile="13700001234")
        setattr(ns, key, project)
        setattr(ns, f"unit_{key}", unit)
        setattr(ns, f"owner_{key}", owner)
        setattr(ns, f"tenant_{key}", tenant)
        # Rows as the services write them: with the clerk who recorded them.
        clerk = staff(Role.CS_ASSISTANT, project)
        setattr(ns, f"ownership_{key}", OwnershipFactory(unit=unit, owner=owner, created_by=clerk))
        setattr(ns, f"lease_{key}", LeaseFactory(unit=unit, tenant=tenant, created_by=clerk))
    return ns


def ids(site) -> dict:
    return {
        f"{name}_{key}": getattr(site, f"{name}_{key}").pk
        for name in ("unit", "owner", "tenant", "ownership", "lease")
        for key in ("a", "b")
    } | {"project_a": site.a.pk, "project_b": site.b.pk}


def fill(data: dict | None, site) -> dict | None:
    """Replace "{name}" placeholders in a request body by the ids of the site's rows."""
    if not data:
        return data
    table = ids(site)
    return {k: table[v[1:-1]] if isinstance(v, str) and v[1:-1] in table else v for k, v in data.items()}


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


def bad_checksum(resident_id: str) -> str:
    return resident_id[:-1] + ("1" if resident_id[-1] != "1" else "2")


def snapshot():
    return (
        Owner.objects.count(),
        Tenant.objects.count(),
        list(Ownership.objects.values_list("id", "end_date").order_by("id")),
        list(Lease.objects.values_list("id", "end_date").order_by("id")),
        list(Owner.objects.values_list("id", "name", "mobile", "user_id").order_by("id")),
        list(Tenant.objects.values_list("id", "name", "mobile", "user_id").order_by("id")),
    )


# --- anonymous, wrong project, wrong role ----------------------------------------------------

ENDPOINTS = [
    ("get", "owners/"),
    ("post", "owners/"),
    ("get", "owners/{owner_a}/"),
    ("patch", "owners/{owner_a}/"),
    ("post", "owners/{owner_a}/account/"),
    ("get", "tenants/"),
    ("post", "tenants/"),
    ("get", "tenants/{tenant_a}/"),
    ("patch", "tenants/{tenant_a}/"),
    ("post", "tenants/{tenant_a}/account/"),
    ("get", "ownerships/"),
    ("post", "ownerships/"),
    ("get", "ownerships/{ownership_a}/"),
    ("post", "ownerships/{ownership_a}/end/"),
    ("get", "leases/"),
    ("post", "leases/"),
    ("get", "leases/{lease_a}/"),
    ("post", "leases/{lease_a}/end/"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_anonymous_gets_401(api_client, site, method, path):
    before = snapshot()
    response = getattr(api_client, method)(API + path.format(**ids(site)), {}, format="json")
    body = assert_error(response, 401, "not_authenticated")
    assert body["fields"] == {}
    assert snapshot() == before
    assert not OwnerAccessLog.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "owners/{owner_b}/", None),
        ("patch", "owners/{owner_b}/", {"name": "改名"}),
        ("post", "owners/{owner_b}/account/", {"username": "zhang", "password": "secret-123"}),
        ("get", "tenants/{tenant_b}/", None),
        ("patch", "tenants/{tenant_b}/", {"name": "改名"}),
        ("post", "tenants/{tenant_b}/account/", {"username": "zhang", "password": "secret-123"}),
        ("get", "ownerships/{ownership_b}/", None),
        ("post", "ownerships/{ownership_b}/end/", {"end_date": "2025-06-01", "reason": "过户"}),
        ("get", "leases/{lease_b}/", None),
        ("post", "leases/{lease_b}/end/", {"end_date": "2025-06-01"}),
    ],
)
def test_object_in_another_project_is_404(login, site, method, path, data):
    # A project manager of A holds every people permission there, so only the scope can refuse.
    client = login(staff(Role.PROJECT_MANAGER, site.a))
    before = snapshot()
    response = getattr(client, method)(API + path.format(**ids(site)), data, format="json")
    assert_error(response, 404, "not_found")
    assert snapshot() == before
    assert not OwnerAccessLog.objects.exists()
    assert not User.objects.filter(username="zhang").exists()


NEW_OWNER = {"project": "{project_a}", "name": "新业主", "mobile": "13800138000"}


@pytest.mark.parametrize(
    ("role", "method", "path", "data"),
    [
        (Role.ENGINEER, "post", "owners/", NEW_OWNER),
        (Role.SECURITY, "post", "owners/", NEW_OWNER),
        (Role.COMPANY_MANAGER, "post", "owners/", NEW_OWNER),
        (Role.ENGINEER, "patch", "owners/{owner_a}/", {"name": "改名"}),
        (Role.CASHIER, "patch", "owners/{owner_a}/", {"name": "改名"}),
        (Role.ENGINEER, "post", "owners/{owner_a}/account/", {"username": "zhang", "password": "secret-123"}),
        (Role.ENGINEER, "post", "tenants/", {"project": "{project_a}", "name": "新租户"}),
        (Role.KEY_KEEPER, "patch", "tenants/{tenant_a}/", {"name": "改名"}),
        (
            Role.SECURITY,
            "post",
            "tenants/{tenant_a}/account/",
            {"username": "zhang", "password": "secret-123"},
        ),
        (
            Role.ENGINEER,
            "post",
            "ownerships/",
            {"owner": "{owner_a}", "unit": "{unit_a}", "start_date": "2025-01-01"},
        ),
        (
            Role.ENGINEER,
            "post",
            "ownerships/{ownership_a}/end/",
            {"end_date": "2025-06-01", "reason": "过户"},
        ),
        (
            Role.ENGINEER,
            "post",
            "leases/",
            {"tenant": "{tenant_a}", "unit": "{unit_a}", "start_date": "2025-01-01"},
        ),
        (Role.SECURITY_LEAD, "post", "leases/{lease_a}/end/", {"end_date": "2025-06-01"}),
    ],
)
def test_role_without_permission_gets_403(login, site, role, method, path, data):
    # Ownership/lease creation would otherwise clash with the site's rows: use a fresh owner/tenant.
    if path in ("ownerships/", "leases/"):
        site.owner_a = OwnerFactory(project=site.a)
        site.tenant_a = TenantFactory(project=site.a)
    client = login(staff(role, site.a))
    before = snapshot()
    response = getattr(client, method)(API + path.format(**ids(site)), fill(data, site), format="json")
    assert_error(response, 403, "permission_denied")
    assert snapshot() == before
    assert not User.objects.filter(username="zhang").exists()


# --- owners ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.CS_ASSISTANT, Role.CS_SUPERVISOR, Role.ARCHIVIST, Role.PROJECT_MANAGER]
)
def test_owner_create_normalises_identity(login, site, role):
    client = login(staff(role, site.a))
    resident_id = make_resident_id(dt.date(1990, 2, 3), seq=7)
    response = client.post(
        API + "owners/",
        {
            "project": site.a.pk,
            "name": "张三",
            "id_number": resident_id.lower(),
            "mobile": "+86 138 0013 8000",
            "emergency_mobile": "139-1234-5678",
            "is_vip": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["id_number"], body["mobile"], body["emergency_mobile"]) == (
        resident_id,
        "13800138000",
        "13912345678",
    )
    assert body["personal_data_masked"] is False
    assert body["unit_codes"] == []
    owner = Owner.objects.get(pk=body["id"])
    assert (owner.project, owner.id_number, owner.mobile, owner.is_vip) == (
        site.a,
        resident_id,
        "13800138000",
        True,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"id_number": "BAD_CHECKSUM"}, "id_number"),
        ({"id_number": "11010519900230123X"}, "id_number"),  # 30 February
        ({"id_number": "1101051990"}, "id_number"),
        ({"id_type": "business_licence", "id_number": "9111000060003734"}, "id_number"),
        ({"mobile": "12345"}, "mobile"),
        ({"mobile": "010-88886666"}, "mobile"),  # a landline is not a mobile
        ({"emergency_mobile": "1380013800"}, "emergency_mobile"),
        ({"name": ""}, "name"),
        ({"project": "{project_b}"}, "project"),
        ({"id_type": "library_card"}, "id_type"),
        ({"birthday": "1990-13-01"}, "birthday"),
    ],
)
def test_owner_create_bad_input(login, site, data, field):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    body = {"project": site.a.pk, "name": "张三", "id_number": make_resident_id(), "mobile": "13800138000"}
    if data.get("id_number") == "BAD_CHECKSUM":
        data = {"id_number": bad_checksum(make_resident_id())}
    body |= fill(data, site)
    before = snapshot()
    response = client.post(API + "owners/", body, format="json")
    assert_error(response, 400, "validation_error", [field])
    assert snapshot() == before


def test_owner_create_duplicate_identity(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(
        API + "owners/",
        {"project": site.a.pk, "name": "同一人", "id_number": site.owner_a.id_number},
        format="json",
    )
    assert_error(response, 400, "validation_error", ["id_number"])
    assert Owner.objects.filter(id_number=site.owner_a.id_number).count() == 1
    # The same person may be an owner in another project.
    client = login(staff(Role.CS_SUPERVISOR, site.b))
    response = client.post(
        API + "owners/",
        {"project": site.b.pk, "name": "同一人", "id_number": site.owner_a.id_number},
        format="json",
    )
    assert response.status_code == 201, response.content


def test_owner_update(login, site):
    client = login(staff(Role.CS_ASSISTANT, site.a))
    response = client.patch(
        API + f"owners/{site.owner_a.pk}/", {"mobile": "139 0000 1111", "notes": "钥匙在前台"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["mobile"] == "13900001111"
    site.owner_a.refresh_from_db()
    assert (site.owner_a.mobile, site.owner_a.notes) == ("13900001111", "钥匙在前台")
    # Identity unchanged by a partial update.
    assert site.owner_a.id_number == Owner.objects.get(pk=site.owner_a.pk).id_number

    response = client.patch(API + f"owners/{site.owner_a.pk}/", {"mobile": "555"}, format="json")
    assert_error(response, 400, "validation_error", ["mobile"])
    site.owner_a.refresh_from_db()
    assert site.owner_a.mobile == "13900001111"


def test_owner_cannot_be_moved_to_another_project(login, site):
    user = staff(Role.CS_SUPERVISOR, site.a)
    RoleAssignment.objects.create(user=user, project=site.b, role=Role.CS_SUPERVISOR)
    response = login(user).patch(API + f"owners/{site.owner_a.pk}/", {"project": site.b.pk}, format="json")
    assert response.status_code == 200, response.content
    site.owner_a.refresh_from_db()
    assert site.owner_a.project == site.a


# --- masking and the access log ----------------------------------------------------------------


def test_engineer_sees_masked_personal_data(login, site):
    client = login(staff(Role.ENGINEER, site.a))
    owner = site.owner_a
    for row in (client.get(API + f"owners/{owner.pk}/").json(), results(client.get(API + "owners/"))[0]):
        assert row["id"] == owner.pk
        assert MASKED_ID.match(row["id_number"]), row["id_number"]
        assert row["id_number"] == owner.id_number[:3] + "*" * 11 + owner.id_number[-4:]
        assert row["id_number"].startswith("110")
        assert row["mobile"] == "138****5678"
        assert row["emergency_mobile"] == "139****4321"
        assert row["birthday"] is None
        assert row["personal_data_masked"] is True
        assert row["name"] == owner.name
    tenant = results(client.get(API + "tenants/"))[0]
    assert tenant["mobile"] == "137****1234"
    assert MASKED_ID.match(tenant["id_number"])
    assert client.get(API + f"tenants/{site.tenant_a.pk}/").json()["mobile"] == "137****1234"


@pytest.mark.parametrize("role", [Role.CS_SUPERVISOR, Role.CS_ASSISTANT, Role.CASHIER, Role.ARCHIVIST])
def test_personal_data_roles_see_it_in_full(login, site, role):
    client = login(staff(role, site.a))
    owner = site.owner_a
    for row in (client.get(API + f"owners/{owner.pk}/").json(), results(client.get(API + "owners/"))[0]):
        assert (row["id_number"], row["mobile"], row["emergency_mobile"], row["birthday"]) == (
            owner.id_number,
            "13812345678",
            "13987654321",
            "1980-05-17",
        )
        assert row["personal_data_masked"] is False
    assert client.get(API + f"tenants/{site.tenant_a.pk}/").json()["mobile"] == "13700001234"


def test_masking_follows_the_role_held_in_each_project(login, site):
    """A cs_supervisor in A who is an engineer in B sees A's people in full and B's masked."""
    user = staff(Role.CS_SUPERVISOR, site.a)
    RoleAssignment.objects.create(user=user, project=site.b, role=Role.ENGINEER)
    client = login(user)
    rows = {row["id"]: row for row in results(client.get(API + "owners/"))}
    assert rows[site.owner_a.pk]["mobile"] == "13812345678"
    assert rows[site.owner_b.pk]["mobile"] == "138****5678"
    assert client.get(API + f"owners/{site.owner_b.pk}/").json()["personal_data_masked"] is True
    assert client.get(API + f"owners/{site.owner_a.pk}/").json()["personal_data_masked"] is False
    assert list(OwnerAccessLog.objects.order_by("id").values_list("owner_id", "unmasked")) == [
        (site.owner_b.pk, False),
        (site.owner_a.pk, True),
    ]


@pytest.mark.parametrize(("role", "unmasked"), [(Role.ENGINEER, False), (Role.CS_SUPERVISOR, True)])
def test_every_owner_detail_view_is_logged(login, site, role, unmasked):
    user = staff(role, site.a)
    client = login(user)
    for _ in range(2):
        response = client.get(API + f"owners/{site.owner_a.pk}/")
        assert response.status_code == 200
        assert response.json()["personal_data_masked"] is not unmasked
    logs = list(OwnerAccessLog.objects.values_list("owner_id", "user_id", "unmasked", "channel"))
    assert logs == [(site.owner_a.pk, user.pk, unmasked, "api")] * 2


def test_owner_viewing_own_record_is_logged_as_unmasked(login, site):
    """The log says whether personal data was shown: an owner sees their own record in full."""
    user = resident_user(owner=site.owner_a)
    client = login(user)
    response = client.get(API + f"owners/{site.owner_a.pk}/")
    assert response.status_code == 200
    assert response.json()["personal_data_masked"] is False
    assert response.json()["id_number"] == site.owner_a.id_number
    log = OwnerAccessLog.objects.get()
    assert (log.owner, log.user, log.unmasked) == (site.owner_a, user, True)


def test_co_owner_sees_the_other_owner_masked(login, site):
    co_owner = OwnershipFactory(unit=site.unit_a).owner
    client = login(resident_user(owner=co_owner))
    rows = {row["id"]: row for row in results(client.get(API + "owners/"))}
    assert set(rows) == {co_owner.pk, site.owner_a.pk}
    assert rows[co_owner.pk]["personal_data_masked"] is False
    assert rows[site.owner_a.pk]["personal_data_masked"] is True
    assert rows[site.owner_a.pk]["mobile"] == "138****5678"
    detail = client.get(API + f"owners/{site.owner_a.pk}/").json()
    assert detail["personal_data_masked"] is True
    assert OwnerAccessLog.objects.get().unmasked is False


# --- scoping -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "row_key"),
    [("owners/", "owner"), ("tenants/", "tenant"), ("ownerships/", "ownership"), ("leases/", "lease")],
)
def test_lists_are_scoped_to_the_users_projects(login, site, path, row_key):
    def listed(user):
        return {row["id"] for row in results(login(user).get(API + path))}

    a, b = getattr(site, f"{row_key}_a").pk, getattr(site, f"{row_key}_b").pk
    assert listed(staff(Role.CS_ASSISTANT, site.a)) == {a}
    assert listed(staff(Role.ENGINEER, site.b)) == {b}
    assert listed(staff(Role.COMPANY_MANAGER, None)) == {a, b}


def test_owner_account_sees_only_own_ownerships(login, site):
    neighbour = OwnershipFactory(unit=UnitFactory(building=site.unit_a.building))
    old = OwnershipFactory(unit=site.unit_a, end_date=dt.date(2024, 6, 1), start_date=dt.date(2020, 1, 1))
    client = login(resident_user(owner=site.owner_a))

    assert {row["id"] for row in results(client.get(API + "ownerships/"))} == {site.ownership_a.pk, old.pk}
    assert {row["id"] for row in results(client.get(API + "owners/"))} == {site.owner_a.pk}
    assert {row["id"] for row in results(client.get(API + "leases/"))} == {site.lease_a.pk}
    assert_error(client.get(API + f"ownerships/{neighbour.pk}/"), 404, "not_found")
    assert_error(client.get(API + f"ownerships/{site.ownership_b.pk}/"), 404, "not_found")
    assert_error(client.get(API + f"owners/{neighbour.owner.pk}/"), 404, "not_found")
    assert_error(client.get(API + f"units/{neighbour.unit.pk}/"), 404, "not_found")
    # Owners read their records; they do not edit them.
    response = client.post(
        API + f"ownerships/{site.ownership_a.pk}/end/",
        {"end_date": "2025-06-01", "reason": "卖了"},
        format="json",
    )
    assert_error(response, 403, "permission_denied")
    assert Ownership.objects.get(pk=site.ownership_a.pk).end_date is None


def test_tenant_account_sees_only_own_lease(login, site):
    other = LeaseFactory(unit=UnitFactory(building=site.unit_a.building))
    client = login(resident_user(tenant=site.tenant_a))
    assert {row["id"] for row in results(client.get(API + "leases/"))} == {site.lease_a.pk}
    assert {row["id"] for row in results(client.get(API + "tenants/"))} == {site.tenant_a.pk}
    assert_error(client.get(API + f"leases/{other.pk}/"), 404, "not_found")
    assert client.get(API + f"tenants/{site.tenant_a.pk}/").json()["personal_data_masked"] is False


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("owners/?search=阿", {"owner_x"}),
        ("owners/?unit={unit_a}", {"owner_a", "owner_x"}),
        ("owners/?is_vip=true", {"owner_x"}),
        ("tenants/?unit={unit_a}", {"tenant_a"}),
        ("ownerships/?unit={unit_a}", {"ownership_a", "ownership_x"}),
        ("ownerships/?owner={owner_a}", {"ownership_a"}),
        ("leases/?tenant={tenant_a}", {"lease_a"}),
    ],
)
def test_people_list_filters(login, site, path, expected):
    owner_x = OwnerFactory(project=site.a, name="阿明", is_vip=True)
    extra = {"owner_x": owner_x.pk, "ownership_x": OwnershipFactory(unit=site.unit_a, owner=owner_x).pk}
    client = login(staff(Role.CS_ASSISTANT, site.a))
    response = client.get(API + path.format(**ids(site)))
    table = ids(site) | extra
    assert {row["id"] for row in results(response)} == {table[name] for name in expected}


# --- tenants -----------------------------------------------------------------------------------


def test_tenant_create_and_update(login, site):
    client = login(staff(Role.CS_ASSISTANT, site.a))
    response = client.post(
        API + "tenants/",
        {
            "project": site.a.pk,
            "name": "李四",
            "id_type": "passport",
            "id_number": "e12345678",
            "mobile": "13600001111",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["id_type"], body["id_number"], body["mobile"]) == ("passport", "E12345678", "13600001111")
    tenant = Tenant.objects.get(pk=body["id"])
    assert tenant.project == site.a

    response = client.patch(API + f"tenants/{tenant.pk}/", {"company": "某某公司"}, format="json")
    assert response.status_code == 200, response.content
    tenant.refresh_from_db()
    assert tenant.company == "某某公司"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"id_number": "BAD_CHECKSUM"}, "id_number"),
        ({"mobile": "1380013800"}, "mobile"),
        ({"name": ""}, "name"),
    ],
)
def test_tenant_create_bad_input(login, site, data, field):
    client = login(staff(Role.CS_ASSISTANT, site.a))
    if data.get("id_number") == "BAD_CHECKSUM":
        data = {"id_number": bad_checksum(make_resident_id())}
    response = client.post(API + "tenants/", {"project": site.a.pk, "name": "李四"} | data, format="json")
    assert_error(response, 400, "validation_error", [field])
    assert Tenant.objects.count() == 2


# --- resident accounts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"), [("owners/{owner_a}/account/", "owner"), ("tenants/{tenant_a}/account/", "tenant")]
)
def test_resident_account(login, api_client, site, path, kind):
    client = login(staff(Role.CS_ASSISTANT, site.a))
    url = API + path.format(**ids(site))
    response = client.post(url, {"username": "resident1", "password": "secret-123"}, format="json")
    assert response.status_code == 201, response.content
    user = User.objects.get(username="resident1")
    assert response.json() == {"user": user.pk, "username": "resident1", "kind": kind}
    person = site.owner_a if kind == "owner" else site.tenant_a
    person.refresh_from_db()
    assert person.user == user

    again = client.post(url, {"username": "resident2", "password": "secret-123"}, format="json")
    assert_error(again, 400, "account_exists")
    assert not User.objects.filter(username="resident2").exists()

    api_client.credentials()
    token = api_client.post(
        API + "auth/token/", {"username": "resident1", "password": "secret-123"}, format="json"
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert [row["id"] for row in results(api_client.get(API + "units/"))] == [site.unit_a.pk]


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"username": "ab", "password": "secret-123"}, ["username"]),
        ({"username": "has space", "password": "secret-123"}, ["username"]),
        ({"username": "resident1", "password": "short"}, ["password"]),
        ({"username": "resident1"}, ["password"]),
        ({"username": "TAKEN", "password": "secret-123"}, ["username"]),
    ],
)
def test_resident_account_bad_input(login, site, data, fields):
    clerk = staff(Role.CS_ASSISTANT, site.a, username="taken")
    client = login(clerk)
    users = User.objects.count()
    response = client.post(API + f"owners/{site.owner_a.pk}/account/", data, format="json")
    assert_error(response, 400, "validation_error", fields)
    site.owner_a.refresh_from_db()
    assert site.owner_a.user is None
    assert User.objects.count() == users


# --- ownerships --------------------------------------------------------------------------------


def test_ownership_create(login, site):
    user = staff(Role.CS_ASSISTANT, site.a)
    client = login(user)
    buyer = OwnerFactory(project=site.a)
    response = client.post(
        API + "ownerships/",
        {
            "owner": buyer.pk,
            "unit": site.unit_a.pk,
            "start_date": "2025-03-01",
            "title_certificate_no": "京房权123",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["owner"], body["owner_name"], body["unit"], body["unit_code"], body["end_date"]) == (
        buyer.pk,
        buyer.name,
        site.unit_a.pk,
        site.unit_a.code,
        None,
    )
    ownership = Ownership.objects.get(pk=body["id"])
    assert (ownership.start_date, ownership.title_certificate_no, ownership.created_by) == (
        dt.date(2025, 3, 1),
        "京房权123",
        user,
    )
    # The owner's detail now lists the unit.
    assert client.get(API + f"owners/{buyer.pk}/").json()["unit_codes"] == [site.unit_a.code]


@pytest.mark.parametrize(
    ("role", "data", "code", "field"),
    [
        (
            Role.CS_ASSISTANT,
            {"owner": "{owner_a}", "unit": "{unit_a}", "start_date": "2025-01-01"},
            "ownership_exists",
            "owner",
        ),
        (
            Role.CS_ASSISTANT,
            {"owner": "{owner_b}", "unit": "{unit_a}", "start_date": "2025-01-01"},
            "validation_error",
            "owner",
        ),
        (
            Role.CS_ASSISTANT,
            {"owner": "{owner_a}", "unit": "{unit_b}", "start_date": "2025-01-01"},
            "validation_error",
            "unit",
        ),
        (Role.CS_ASSISTANT, {"owner": "{owner_a}", "unit": "{unit_a}"}, "validation_error", "start_date"),
        (
            Role.CS_ASSISTANT,
            {"owner": "{owner_a}", "unit": "{unit_a}", "start_date": "soon"},
            "validation_error",
            "start_date",
        ),
    ],
)
def test_ownership_create_bad_input(login, site, role, data, code, field):
    client = login(staff(role, site.a))
    before = snapshot()
    response = client.post(API + "ownerships/", fill(data, site), format="json")
    assert_error(response, 400, code, [field])
    assert snapshot() == before


def test_ownership_owner_from_other_project_is_refused_for_company_wide_user(login, site):
    """A user who sees both projects still cannot tie a unit of A to an owner of B."""
    user = staff(Role.CS_SUPERVISOR, site.a)
    RoleAssignment.objects.create(user=user, project=site.b, role=Role.CS_SUPERVISOR)
    response = login(user).post(
        API + "ownerships/",
        {"owner": site.owner_b.pk, "unit": site.unit_a.pk, "start_date": "2025-01-01"},
        format="json",
    )
    assert_error(response, 400, "validation_error", ["owner"])
    assert Ownership.objects.count() == 2


def test_ownership_end(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    url = API + f"ownerships/{site.ownership_a.pk}/end/"
    response = client.post(url, {"end_date": "2025-06-30", "reason": " 过户 "}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["end_date"], response.json()["end_reason"]) == ("2025-06-30", "过户")
    site.ownership_a.refresh_from_db()
    assert (site.ownership_a.end_date, site.ownership_a.end_reason) == (dt.date(2025, 6, 30), "过户")

    assert_error(
        client.post(url, {"end_date": "2025-07-01", "reason": "再次"}, format="json"),
        400,
        "ownership_already_ended",
    )
    # The ended row is kept; a new ownership of the same owner can start.
    response = client.post(
        API + "ownerships/",
        {"owner": site.owner_a.pk, "unit": site.unit_a.pk, "start_date": "2025-08-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Ownership.objects.filter(owner=site.owner_a, unit=site.unit_a).count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"end_date": "2025-06-30"}, "reason"),
        ({"end_date": "2025-06-30", "reason": ""}, "reason"),
        ({"reason": "过户"}, "end_date"),
        ({"end_date": "2023-12-31", "reason": "过户"}, "end_date"),  # before the start (2024-01-01)
    ],
)
def test_ownership_end_bad_input(login, site, data, field):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(API + f"ownerships/{site.ownership_a.pk}/end/", data, format="json")
    assert_error(response, 400, "validation_error", [field])
    site.ownership_a.refresh_from_db()
    assert site.ownership_a.end_date is None


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_ownerships_and_leases_are_not_edited_or_deleted(login, site, method):
    client = login(staff(Role.PROJECT_MANAGER, site.a))
    before = snapshot()
    for path in (f"ownerships/{site.ownership_a.pk}/", f"leases/{site.lease_a.pk}/"):
        response = getattr(client, method)(API + path, {"start_date": "2020-01-01"}, format="json")
        assert_error(response, 405, "method_not_allowed")
    assert snapshot() == before


# --- leases ------------------------------------------------------------------------------------


def test_lease_create_and_end(login, site):
    client = login(staff(Role.CS_ASSISTANT, site.a))
    tenant = TenantFactory(project=site.a)
    response = client.post(
        API + "leases/",
        {
            "tenant": tenant.pk,
            "unit": site.unit_a.pk,
            "start_date": "2025-04-01",
            "contract_end_date": "2026-03-31",
            "owner_consent_on_file": True,
            "safety_letter_signed": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["tenant_name"], body["unit_code"], body["end_date"]) == (tenant.name, site.unit_a.code, None)
    lease = Lease.objects.get(pk=body["id"])
    assert (lease.contract_end_date, lease.owner_consent_on_file, lease.lease_agreement_on_file) == (
        dt.date(2026, 3, 31),
        True,
        False,
    )

    duplicate = client.post(
        API + "leases/",
        {"tenant": tenant.pk, "unit": site.unit_a.pk, "start_date": "2025-05-01"},
        format="json",
    )
    assert_error(duplicate, 400, "lease_exists")

    url = API + f"leases/{lease.pk}/end/"
    response = client.post(url, {"end_date": "2025-12-31"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["end_date"] == "2025-12-31"
    lease.refresh_from_db()
    assert lease.end_date == dt.date(2025, 12, 31)
    assert_error(client.post(url, {"end_date": "2026-01-01"}, format="json"), 400, "lease_already_ended")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"tenant": "{tenant_b}", "unit": "{unit_a}", "start_date": "2025-01-01"}, "tenant"),
        ({"tenant": "NEW", "unit": "{unit_b}", "start_date": "2025-01-01"}, "unit"),
        ({"tenant": "NEW", "unit": "{unit_a}"}, "start_date"),
        (
            {
                "tenant": "NEW",
                "unit": "{unit_a}",
                "start_date": "2025-01-01",
                "safety_letter_signed": "maybe",
            },
            "safety_letter_signed",
        ),
    ],
)
def test_lease_create_bad_input(login, site, data, field):
    client = login(staff(Role.CS_ASSISTANT, site.a))
    new = TenantFactory(project=site.a)
    data = {k: new.pk if v == "NEW" else v for k, v in fill(data, site).items()}
    response = client.post(API + "leases/", data, format="json")
    assert_error(response, 400, "validation_error", [field])
    assert Lease.objects.count() == 2


@pytest.mark.parametrize(("data", "field"), [({}, "end_date"), ({"end_date": "2024-12-31"}, "end_date")])
def test_lease_end_bad_input(login, site, data, field):
    client = login(staff(Role.CS_ASSISTANT, site.a))
    response = client.post(API + f"leases/{site.lease_a.pk}/end/", data, format="json")
    assert_error(response, 400, "validation_error", [field])
    site.lease_a.refresh_from_db()
    assert site.lease_a.end_date is None


# --- query counts ------------------------------------------------------------------------------


def _fill(site, n):
    building = site.unit_a.building
    for _ in range(n):
        unit = UnitFactory(building=building)
        OwnershipFactory(unit=unit, owner=OwnerFactory(project=site.a))
        OwnershipFactory(unit=unit, owner=OwnerFactory(project=site.a))
        LeaseFactory(unit=unit, tenant=TenantFactory(project=site.a))


@pytest.mark.parametrize(
    ("path", "role", "max_queries"),
    [
        ("owners/", Role.ENGINEER, 5),
        ("owners/", Role.CS_SUPERVISOR, 5),
        ("owners/", Role.COMPANY_MANAGER, 5),
        ("owners/?search=业主", Role.CS_SUPERVISOR, 5),
        ("tenants/", Role.ENGINEER, 4),
        ("ownerships/", Role.CS_ASSISTANT, 4),
        ("leases/", Role.CS_ASSISTANT, 4),
    ],
)
def test_list_query_count_does_not_grow(login, site, django_assert_max_num_queries, path, role, max_queries):
    client = login(staff(role, site.a))
    _fill(site, 20)
    with django_assert_max_num_queries(max_queries):
        response = client.get(API + path)
    assert len(results(response)) >= 20
