"""API: projects, buildings (incl. generate-units), units (incl. status), public areas, roster import."""

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from wuye.accounts.choices import Role
from wuye.core.tests.factories import (
    BuildingFactory,
    OwnershipFactory,
    ProjectFactory,
    PublicAreaFactory,
    UnitFactory,
    make_resident_id,
    resident_user,
    staff,
)
from wuye.estate.choices import OccupancyStatus, StatusChangeSource
from wuye.estate.models import (
    Building,
    Project,
    PublicArea,
    RosterEntry,
    RosterImport,
    Unit,
    UnitStatusChange,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/"
ERROR_KEYS = {"code", "message", "fields"}


@pytest.fixture
def site():
    """Two projects, each with a building, a unit and a public area."""
    a, b = ProjectFactory(), ProjectFactory()
    building_a, building_b = BuildingFactory(project=a), BuildingFactory(project=b)
    return SimpleNamespace(
        a=a,
        b=b,
        building_a=building_a,
        building_b=building_b,
        unit_a=UnitFactory(building=building_a),
        unit_b=UnitFactory(building=building_b),
        area_a=PublicAreaFactory(project=a),
        area_b=PublicAreaFactory(project=b),
    )


def ids(site) -> dict:
    return {
        "project_a": site.a.pk,
        "project_b": site.b.pk,
        "building_a": site.building_a.pk,
        "building_b": site.building_b.pk,
        "unit_a": site.unit_a.pk,
        "unit_b": site.unit_b.pk,
        "area_a": site.area_a.pk,
        "area_b": site.area_b.pk,
    }


def send(client, method, path, data=None):
    fmt = "multipart" if "roster-import" in path else "json"
    return getattr(client, method)(API + path, data, format=fmt)


def assert_error(response, status, code, fields=()):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= ERROR_KEYS
    assert body["code"] == code
    for field in fields:
        assert field in body["fields"], body
        assert isinstance(body["fields"][field], list) and body["fields"][field]
    return body


def roster_file(rows, name="roster.xlsx"):
    """An .xlsx roster built in memory, with the Chinese headers the developer sends."""
    book = Workbook()
    sheet = book.active
    sheet.append(["房号", "购房人", "证件号码", "联系电话", "合同编号"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def bad_checksum(resident_id: str) -> str:
    return resident_id[:-1] + ("1" if resident_id[-1] != "1" else "2")


# --- anonymous, wrong project, wrong role ----------------------------------------------------

ANONYMOUS = [
    ("get", "projects/"),
    ("post", "projects/"),
    ("get", "projects/{project_a}/"),
    ("get", "projects/{project_a}/roster-import/"),
    ("post", "projects/{project_a}/roster-import/"),
    ("get", "buildings/"),
    ("get", "buildings/{building_a}/"),
    ("post", "buildings/{building_a}/generate-units/"),
    ("get", "units/"),
    ("get", "units/{unit_a}/"),
    ("patch", "units/{unit_a}/"),
    ("get", "units/{unit_a}/status/"),
    ("post", "units/{unit_a}/status/"),
    ("get", "public-areas/"),
    ("get", "public-areas/{area_a}/"),
]


@pytest.mark.parametrize(("method", "path"), ANONYMOUS)
def test_anonymous_gets_401(api_client, site, method, path):
    response = send(api_client, method, path.format(**ids(site)), {})
    assert_error(response, 401, "not_authenticated")
    assert response.json()["fields"] == {}


OUT_OF_SCOPE = [
    ("get", "projects/{project_b}/", None),
    ("patch", "projects/{project_b}/", {"address": "x"}),
    ("get", "projects/{project_b}/roster-import/", None),
    ("post", "projects/{project_b}/roster-import/", {}),
    ("get", "buildings/{building_b}/", None),
    ("patch", "buildings/{building_b}/", {"name": "x"}),
    ("post", "buildings/{building_b}/generate-units/", {"floors": 2, "rooms_per_floor": 2}),
    ("get", "units/{unit_b}/", None),
    ("patch", "units/{unit_b}/", {"room": "901"}),
    ("get", "units/{unit_b}/status/", None),
    ("post", "units/{unit_b}/status/", {"status": "vacant", "reason": "交付"}),
    ("get", "public-areas/{area_b}/", None),
    ("patch", "public-areas/{area_b}/", {"name": "x"}),
]


@pytest.mark.parametrize(("method", "path", "data"), OUT_OF_SCOPE)
def test_object_in_another_project_is_404(login, site, method, path, data):
    # A project manager of A holds every estate permission there, so only the scope can refuse.
    client = login(staff(Role.PROJECT_MANAGER, site.a))
    response = send(client, method, path.format(**ids(site)), data)
    assert_error(response, 404, "not_found")
    site.unit_b.refresh_from_db()
    assert site.unit_b.status == OccupancyStatus.NOT_HANDED_OVER
    assert site.unit_b.room != "901"
    assert not Unit.objects.filter(building=site.building_b).exclude(pk=site.unit_b.pk).exists()


@pytest.mark.parametrize(
    ("role", "method", "path", "data"),
    [
        (Role.ENGINEER, "post", "units/{unit_a}/status/", {"status": "vacant", "reason": "交付"}),
        (Role.SECURITY, "post", "units/{unit_a}/status/", {"status": "vacant", "reason": "交付"}),
        (Role.ENGINEER, "patch", "units/{unit_a}/", {"room": "901"}),
        (Role.CS_ASSISTANT, "post", "units/", {"building": "{building_a}", "floor": 9, "room": "901"}),
        (
            Role.CS_ASSISTANT,
            "post",
            "buildings/{building_a}/generate-units/",
            {"floors": 2, "rooms_per_floor": 2},
        ),
        (Role.ENGINEER, "post", "buildings/", {"project": "{project_a}", "number": "99"}),
        (Role.ENGINEER, "patch", "buildings/{building_a}/", {"name": "x"}),
        (Role.ENGINEER, "post", "public-areas/", {"project": "{project_a}", "name": "新大堂"}),
        (Role.CASHIER, "patch", "public-areas/{area_a}/", {"name": "x"}),
        (Role.CS_SUPERVISOR, "patch", "projects/{project_a}/", {"address": "x"}),
        (Role.PROJECT_MANAGER, "post", "projects/", {"name": "新项目", "code": "newp", "kind": "office"}),
        (Role.ENGINEER, "get", "projects/{project_a}/roster-import/", None),
    ],
)
def test_role_without_permission_gets_403(login, site, role, method, path, data):
    client = login(staff(role, site.a))
    if data:
        data = {k: v.format(**ids(site)) if isinstance(v, str) else v for k, v in data.items()}
    before = (
        Unit.objects.count(),
        Building.objects.count(),
        PublicArea.objects.count(),
        Project.objects.count(),
    )
    response = send(client, method, path.format(**ids(site)), data)
    assert_error(response, 403, "permission_denied")
    after = (
        Unit.objects.count(),
        Building.objects.count(),
        PublicArea.objects.count(),
        Project.objects.count(),
    )
    assert before == after
    site.unit_a.refresh_from_db()
    assert site.unit_a.status == OccupancyStatus.NOT_HANDED_OVER
    assert site.unit_a.room != "901"
    assert not UnitStatusChange.objects.exists()


# --- projects ----------------------------------------------------------------------------------


def test_project_list_is_scoped(login, site):
    names = lambda r: {row["name"] for row in r.json()["results"]}  # noqa: E731
    assert names(login(staff(Role.ENGINEER, site.a)).get(API + "projects/")) == {site.a.name}
    assert names(login(staff(Role.COMPANY_MANAGER, None)).get(API + "projects/")) == {
        site.a.name,
        site.b.name,
    }


def test_project_create_and_update(login, site):
    client = login(staff(Role.COMPANY_MANAGER, None))
    response = client.post(
        API + "projects/",
        {"name": "新项目", "code": "newp", "kind": "office", "service_phone": "010-88886666"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "newp"
    assert Project.objects.get(code="newp").kind == "office"

    client = login(staff(Role.PROJECT_MANAGER, site.a))
    response = client.patch(API + f"projects/{site.a.pk}/", {"address": "朝阳路1号"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["address"] == "朝阳路1号"
    site.a.refresh_from_db()
    assert site.a.address == "朝阳路1号"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "新项目", "code": "newp", "kind": "castle"}, "kind"),
        ({"name": "新项目", "code": "not a slug", "kind": "office"}, "code"),
        ({"code": "newp", "kind": "office"}, "name"),
    ],
)
def test_project_create_bad_input(login, data, field):
    client = login(staff(Role.COMPANY_MANAGER, None))
    assert_error(client.post(API + "projects/", data, format="json"), 400, "validation_error", [field])
    assert not Project.objects.filter(code="newp").exists()


def test_project_create_duplicate_code(login, site):
    client = login(staff(Role.COMPANY_MANAGER, None))
    response = client.post(
        API + "projects/", {"name": "另一个", "code": site.a.code, "kind": "office"}, format="json"
    )
    assert_error(response, 400, "validation_error", ["code"])


# --- buildings ---------------------------------------------------------------------------------


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
def test_building_list_is_scoped_ordered_and_counts_units(login, site):
    UnitFactory(building=site.building_a)
    response = login(staff(Role.ENGINEER, site.a)).get(API + "buildings/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["id"], row["unit_count"]) for row in rows] == [(site.building_a.pk, 2)]

    later = [BuildingFactory(project=site.a, number=n) for n in ("Z9", "A1")]
    rows = login(staff(Role.COMPANY_MANAGER, None)).get(API + "buildings/").json()["results"]
    numbers = [row["number"] for row in rows if row["project"] == site.a.pk]
    assert numbers == sorted([site.building_a.number] + [b.number for b in later])


def test_building_create_and_update(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(
        API + "buildings/", {"project": site.a.pk, "number": "7", "name": "7号楼"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["project"], body["number"], body["name"]) == (site.a.pk, "7", "7号楼")
    building = Building.objects.get(pk=body["id"])
    assert building.project == site.a

    response = client.patch(API + f"buildings/{building.pk}/", {"notes": "高层"}, format="json")
    assert response.status_code == 200, response.content
    building.refresh_from_db()
    assert building.notes == "高层"


def test_building_create_in_other_project_is_refused(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(API + "buildings/", {"project": site.b.pk, "number": "7"}, format="json")
    assert_error(response, 400, "validation_error", ["project"])
    assert not Building.objects.filter(number="7").exists()


def test_building_duplicate_number_is_400(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(
        API + "buildings/", {"project": site.a.pk, "number": site.building_a.number}, format="json"
    )
    assert_error(response, 400, "validation_error", ["non_field_errors"])


def test_generate_units(login, site):
    building = BuildingFactory(project=site.a, number="3", floors=0)
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(
        API + f"buildings/{building.pk}/generate-units/",
        {"floors": 3, "rooms_per_floor": 2, "skip_floors": [2, 4], "building_area": "88.00"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"created": 6, "first_code": "3-101", "last_code": "3-502"}
    units = Unit.objects.filter(building=building)
    assert sorted(units.values_list("code", flat=True)) == [
        "3-101",
        "3-102",
        "3-301",
        "3-302",
        "3-501",
        "3-502",
    ]
    assert {u.project_id for u in units} == {site.a.pk}
    assert {u.status for u in units} == {OccupancyStatus.NOT_HANDED_OVER}
    assert {u.building_area for u in units} == {Decimal("88.00")}
    building.refresh_from_db()
    assert building.floors == 5


def test_generate_units_with_entrances(login, site):
    building = BuildingFactory(project=site.a, number="8")
    client = login(staff(Role.PROJECT_MANAGER, site.a))
    response = client.post(
        API + f"buildings/{building.pk}/generate-units/",
        {"floors": 2, "rooms_per_floor": 1, "entrances": 2},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"created": 4, "first_code": "8-1-101", "last_code": "8-2-201"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"floors": 0, "rooms_per_floor": 2}, "floors"),
        ({"floors": 201, "rooms_per_floor": 2}, "floors"),
        ({"floors": 2, "rooms_per_floor": 100}, "rooms_per_floor"),
        ({"floors": 2}, "rooms_per_floor"),
        ({"floors": 2, "rooms_per_floor": 2, "entrances": 0}, "entrances"),
        ({"floors": 2, "rooms_per_floor": 2, "use": "castle"}, "use"),
    ],
)
def test_generate_units_bad_input(login, site, data, field):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(API + f"buildings/{site.building_a.pk}/generate-units/", data, format="json")
    assert_error(response, 400, "validation_error", [field])
    assert Unit.objects.filter(building=site.building_a).count() == 1


def test_generate_units_clash_creates_nothing(login, site):
    building = BuildingFactory(project=site.a, number="5")
    UnitFactory(building=building, code="5-201", room="201", floor=2)
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(
        API + f"buildings/{building.pk}/generate-units/", {"floors": 2, "rooms_per_floor": 2}, format="json"
    )
    assert_error(response, 400, "unit_code_exists", ["floors"])
    assert list(Unit.objects.filter(building=building).values_list("code", flat=True)) == ["5-201"]


# --- units -------------------------------------------------------------------------------------


@pytest.fixture
def many_units(site):
    building_2 = BuildingFactory(project=site.a, number="2")
    rows = [
        ("2-101", OccupancyStatus.VACANT),
        ("2-102", OccupancyStatus.RENTED),
        ("2-201", OccupancyStatus.OWNER_OCCUPIED),
        ("2-202", OccupancyStatus.VACANT),
    ]
    units = {code: UnitFactory(building=building_2, code=code, status=status) for code, status in rows}
    return SimpleNamespace(building=building_2, units=units)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"unit_a", "2-101", "2-102", "2-201", "2-202"}),
        ("building={building}", {"2-101", "2-102", "2-201", "2-202"}),
        ("project={project_a}", {"unit_a", "2-101", "2-102", "2-201", "2-202"}),
        ("project={project_b}", set()),
        ("status=vacant", {"2-101", "2-202"}),
        ("status=vacant&status=rented", {"2-101", "2-102", "2-202"}),
        ("status=not_handed_over", {"unit_a"}),
        ("search=2-2", {"2-201", "2-202"}),
        ("search= 2-10 &status=rented", {"2-102"}),
        ("building={building}&status=owner_occupied", {"2-201"}),
    ],
)
def test_unit_list_filters(login, site, many_units, query, expected):
    client = login(staff(Role.ENGINEER, site.a))
    query = query.format(building=many_units.building.pk, project_a=site.a.pk, project_b=site.b.pk)
    response = client.get(API + "units/?" + query)
    assert response.status_code == 200, response.content
    codes = {row["code"] for row in response.json()["results"]}
    assert codes == {site.unit_a.code if c == "unit_a" else c for c in expected}


def test_unit_list_bad_status_filter(login, site):
    response = login(staff(Role.ENGINEER, site.a)).get(API + "units/?status=castle")
    assert_error(response, 400, "validation_error", ["status"])


def test_unit_list_is_scoped(login, site):
    def codes(user):
        return {row["code"] for row in login(user).get(API + "units/").json()["results"]}

    assert codes(staff(Role.ENGINEER, site.a)) == {site.unit_a.code}
    assert codes(staff(Role.ENGINEER, site.b)) == {site.unit_b.code}
    assert codes(staff(Role.COMPANY_MANAGER, None)) == {site.unit_a.code, site.unit_b.code}


def test_owner_account_sees_only_own_units(login, site):
    mine, neighbour = site.unit_a, UnitFactory(building=site.building_a)
    ownership = OwnershipFactory(unit=mine)
    client = login(resident_user(owner=ownership.owner))

    response = client.get(API + "units/")
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    assert client.get(API + f"units/{mine.pk}/").status_code == 200
    assert client.get(API + f"units/{mine.pk}/status/").status_code == 200
    assert_error(client.get(API + f"units/{neighbour.pk}/"), 404, "not_found")
    assert_error(client.get(API + f"units/{site.unit_b.pk}/"), 404, "not_found")
    assert [row["id"] for row in client.get(API + "buildings/").json()["results"]] == [site.building_a.pk]
    assert [row["id"] for row in client.get(API + "projects/").json()["results"]] == [site.a.pk]
    assert_error(client.get(API + f"projects/{site.b.pk}/"), 404, "not_found")
    # An owner cannot correct the status of their own unit either.
    response = client.post(
        API + f"units/{mine.pk}/status/", {"status": "vacant", "reason": "x"}, format="json"
    )
    assert_error(response, 403, "permission_denied")


def test_unit_create_computes_code(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(
        API + "units/",
        {
            "building": site.building_a.pk,
            "entrance": "2",
            "floor": 9,
            "room": "901",
            "building_area": "101.25",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == f"{site.building_a.number}-2-901"
    assert body["project"] == site.a.pk
    assert body["status"] == OccupancyStatus.NOT_HANDED_OVER
    assert body["building_area"] == "101.25"


def test_unit_create_ignores_status(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(
        API + "units/",
        {"building": site.building_a.pk, "floor": 9, "room": "902", "status": "rented"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Unit.objects.get(pk=response.json()["id"]).status == OccupancyStatus.NOT_HANDED_OVER


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"floor": 9, "room": "901", "building": "{building_b}"}, "building"),
        ({"room": "901", "building": "{building_a}"}, "floor"),
        ({"floor": 9, "room": "901", "building": "{building_a}", "use": "castle"}, "use"),
        ({"floor": 9, "room": "901", "building": "{building_a}", "building_area": "-1"}, "building_area"),
    ],
)
def test_unit_create_bad_input(login, site, data, field):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    data = {k: int(v.format(**ids(site))) if k == "building" else v for k, v in data.items()}
    response = client.post(API + "units/", data, format="json")
    assert_error(response, 400, "validation_error", [field])
    assert Unit.objects.count() == 2


def test_unit_create_duplicate_code(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(
        API + "units/",
        {"building": site.building_a.pk, "floor": 9, "room": "901", "code": site.unit_a.code},
        format="json",
    )
    # A clash on (project, code) is a whole-object error, under DRF's key like every other one.
    assert_error(response, 400, "validation_error", ["non_field_errors"])
    assert Unit.objects.filter(code=site.unit_a.code).count() == 1


def test_unit_update_cannot_touch_status_or_building(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    other = BuildingFactory(project=site.a)
    response = client.patch(
        API + f"units/{site.unit_a.pk}/",
        {"room": "1808", "status": "rented", "building": other.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    site.unit_a.refresh_from_db()
    assert site.unit_a.room == "1808"
    assert site.unit_a.status == OccupancyStatus.NOT_HANDED_OVER
    assert site.unit_a.building == site.building_a


@pytest.mark.parametrize("role", [Role.CS_ASSISTANT, Role.CS_SUPERVISOR, Role.PROJECT_MANAGER])
def test_unit_status_change(login, site, role):
    user = staff(role, site.a)
    client = login(user)
    response = client.post(
        API + f"units/{site.unit_a.pk}/status/", {"status": "vacant", "reason": "补录交付"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "vacant"
    assert body["handover_date"] == timezone.localdate().isoformat()
    change = UnitStatusChange.objects.get(unit=site.unit_a)
    assert (change.from_status, change.to_status, change.source, change.reason, change.changed_by) == (
        OccupancyStatus.NOT_HANDED_OVER,
        OccupancyStatus.VACANT,
        StatusChangeSource.MANUAL,
        "补录交付",
        user,
    )

    history = client.get(API + f"units/{site.unit_a.pk}/status/")
    assert history.status_code == 200
    assert [(h["from_status"], h["to_status"], h["reason"]) for h in history.json()] == [
        ("not_handed_over", "vacant", "补录交付")
    ]


def test_unit_status_change_with_past_event_time(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    at = timezone.now() - dt.timedelta(days=3)
    response = client.post(
        API + f"units/{site.unit_a.pk}/status/",
        {"status": "vacant", "reason": "纸质记录", "at": at.isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["handover_date"] == timezone.localtime(at).date().isoformat()


@pytest.mark.parametrize(
    ("start", "data", "code", "field"),
    [
        ("not_handed_over", {"status": "rented", "reason": "x"}, "status_transition_forbidden", "status"),
        ("vacant", {"status": "not_handed_over", "reason": "x"}, "status_transition_forbidden", "status"),
        ("rented", {"status": "owner_occupied", "reason": "x"}, "status_transition_forbidden", "status"),
        ("not_handed_over", {"status": "vacant"}, "validation_error", "reason"),
        ("not_handed_over", {"status": "vacant", "reason": "   "}, "validation_error", "reason"),
        ("not_handed_over", {"status": "castle", "reason": "x"}, "validation_error", "status"),
        ("not_handed_over", {"reason": "x"}, "validation_error", "status"),
        ("not_handed_over", {"status": "vacant", "reason": "x", "at": "yesterday"}, "validation_error", "at"),
    ],
)
def test_unit_status_change_bad_input(login, site, start, data, code, field):
    Unit.objects.filter(pk=site.unit_a.pk).update(status=start)
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    response = client.post(API + f"units/{site.unit_a.pk}/status/", data, format="json")
    assert_error(response, 400, code, [field])
    site.unit_a.refresh_from_db()
    assert site.unit_a.status == start
    assert not UnitStatusChange.objects.exists()


def test_unit_status_change_in_future_is_refused(login, site):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    at = (timezone.now() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        API + f"units/{site.unit_a.pk}/status/", {"status": "vacant", "reason": "x", "at": at}, format="json"
    )
    assert_error(response, 400, "event_in_future", ["at"])


# --- public areas ------------------------------------------------------------------------------


def test_public_area_list_create_update(login, site):
    client = login(staff(Role.PROJECT_MANAGER, site.a))
    response = client.get(API + "public-areas/")
    assert [row["id"] for row in response.json()["results"]] == [site.area_a.pk]

    response = client.post(
        API + "public-areas/",
        {"project": site.a.pk, "building": site.building_a.pk, "name": "地下车库", "kind": "car_park"},
        format="json",
    )
    assert response.status_code == 201, response.content
    area = PublicArea.objects.get(pk=response.json()["id"])
    assert (area.project, area.building, area.kind) == (site.a, site.building_a, "car_park")

    response = client.patch(API + f"public-areas/{area.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200, response.content
    area.refresh_from_db()
    assert area.is_active is False

    response = client.get(API + f"public-areas/?building={site.building_a.pk}")
    assert [row["id"] for row in response.json()["results"]] == [area.pk]


@pytest.mark.parametrize(
    ("role", "data", "field"),
    [
        (Role.PROJECT_MANAGER, {"project": "project_b", "name": "大堂X"}, "project"),
        (
            Role.PROJECT_MANAGER,
            {"project": "project_a", "building": "building_b", "name": "大堂X"},
            "building",
        ),
        # The company manager sees both projects: the service refuses the mismatch.
        (
            Role.COMPANY_MANAGER,
            {"project": "project_a", "building": "building_b", "name": "大堂X"},
            "building",
        ),
        (Role.PROJECT_MANAGER, {"project": "project_a", "name": "大堂X", "kind": "castle"}, "kind"),
        (Role.PROJECT_MANAGER, {"project": "project_a"}, "name"),
    ],
)
def test_public_area_create_bad_input(login, site, role, data, field):
    client = login(staff(role, site.a))
    data = {k: ids(site)[v] if k in ("project", "building") else v for k, v in data.items()}
    response = client.post(API + "public-areas/", data, format="json")
    assert_error(response, 400, "validation_error", [field])
    assert not PublicArea.objects.filter(name="大堂X").exists()


# --- roster import -----------------------------------------------------------------------------


@pytest.fixture
def roster_units(site):
    building = BuildingFactory(project=site.a, number="6")
    return [UnitFactory(building=building, code=f"6-{room}", room=room) for room in ("101", "102", "201")]


def test_roster_import_accepts_good_file(login, site, roster_units):
    user = staff(Role.ARCHIVIST, site.a)
    client = login(user)
    rows = [
        ("6-101", "张三", make_resident_id(), "13800138000", "HT-001"),
        ("6-102", "李四", make_resident_id(), "", "HT-002"),
        ("6-201", "王五", make_resident_id(), "139 1234 5678", "HT-003"),
    ]
    response = client.post(
        API + f"projects/{site.a.pk}/roster-import/", {"file": roster_file(rows)}, format="multipart"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["result"], body["total_rows"], body["accepted_rows"], body["errors"]) == (
        "accepted",
        3,
        3,
        [],
    )
    entries = RosterEntry.objects.filter(project=site.a).order_by("contract_number")
    assert [(e.unit.code, e.buyer_name, e.phone) for e in entries] == [
        ("6-101", "张三", "13800138000"),
        ("6-102", "李四", ""),
        ("6-201", "王五", "13912345678"),
    ]
    assert {e.roster_import_id for e in entries} == {body["id"]}

    listing = client.get(API + f"projects/{site.a.pk}/roster-import/")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [body["id"]]


def test_roster_import_with_one_bad_row_imports_nothing(login, site, roster_units):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    rows = [
        ("6-101", "张三", make_resident_id(), "13800138000", "HT-001"),
        ("6-102", "李四", bad_checksum(make_resident_id()), "13800138001", "HT-002"),
        ("6-201", "王五", make_resident_id(), "", "HT-003"),
    ]
    response = client.post(
        API + f"projects/{site.a.pk}/roster-import/", {"file": roster_file(rows)}, format="multipart"
    )
    body = assert_error(response, 400, "roster_rejected", ["row 3"])
    assert set(body["fields"]) == {"row 3"}
    assert body["import"]["result"] == "rejected"
    assert body["import"]["accepted_rows"] == 0
    assert [e["row"] for e in body["import"]["errors"]] == [3]
    assert not RosterEntry.objects.exists()
    assert RosterImport.objects.get().result == RosterImport.Result.REJECTED


@pytest.mark.parametrize(
    "row",
    [
        ("6-999", "张三", "VALID", "", "HT-009"),  # unit not in the project
        ("6-101", "", "VALID", "", "HT-009"),  # no buyer
        ("6-101", "张三", "VALID", "12345", "HT-009"),  # bad mobile
        ("6-101", "张三", "VALID", "", ""),  # no contract number
        ("6-101", "张三", "VALID", "", "HT-001"),  # contract repeats row 2
    ],
)
def test_roster_import_row_rules(login, site, roster_units, row):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    rows = [
        ("6-102", "李四", make_resident_id(), "", "HT-001"),
        tuple(make_resident_id() if v == "VALID" else v for v in row),
    ]
    response = client.post(
        API + f"projects/{site.a.pk}/roster-import/", {"file": roster_file(rows)}, format="multipart"
    )
    body = assert_error(response, 400, "roster_rejected", ["row 3"])
    assert "row 2" not in body["fields"]
    assert not RosterEntry.objects.exists()


def test_roster_import_unit_of_other_project_is_rejected(login, site, roster_units):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    rows = [(site.unit_b.code, "张三", make_resident_id(), "", "HT-001")]
    response = client.post(
        API + f"projects/{site.a.pk}/roster-import/", {"file": roster_file(rows)}, format="multipart"
    )
    assert_error(response, 400, "roster_rejected", ["row 2"])
    assert not RosterEntry.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("roster.xlsx", b"not a workbook", content_type="application/octet-stream"),
        None,
    ],
)
def test_roster_import_unreadable_or_missing_file(login, site, upload):
    client = login(staff(Role.CS_SUPERVISOR, site.a))
    data = {"file": upload} if upload else {}
    response = client.post(API + f"projects/{site.a.pk}/roster-import/", data, format="multipart")
    assert_error(response, 400, "validation_error", ["file"])
    assert not RosterEntry.objects.exists()


def test_roster_import_by_engineer_is_403(login, site, roster_units):
    client = login(staff(Role.ENGINEER, site.a))
    rows = [("6-101", "张三", make_resident_id(), "", "HT-001")]
    response = client.post(
        API + f"projects/{site.a.pk}/roster-import/", {"file": roster_file(rows)}, format="multipart"
    )
    assert_error(response, 403, "permission_denied")
    assert not RosterImport.objects.exists()
    assert not RosterEntry.objects.exists()


# --- query counts ------------------------------------------------------------------------------


def _fill(site, n):
    for i in range(n):
        building = BuildingFactory(project=site.a)
        UnitFactory(building=building)
        PublicAreaFactory(project=site.a, building=building)
        ProjectFactory()
        UnitStatusChange.objects.create(
            unit=site.unit_a,
            from_status="vacant",
            to_status="vacant",
            source="manual",
            at=timezone.now() - dt.timedelta(days=i + 1),
            changed_by=staff(Role.ENGINEER, site.a),
        )


@pytest.mark.parametrize(
    ("path", "role", "max_queries"),
    [
        ("projects/", Role.COMPANY_MANAGER, 4),
        ("buildings/", Role.ENGINEER, 4),
        ("units/", Role.ENGINEER, 4),
        ("units/?status=not_handed_over&search=U", Role.ENGINEER, 4),
        ("units/{unit_a}/status/", Role.ENGINEER, 4),
        ("public-areas/", Role.ENGINEER, 4),
    ],
)
def test_list_query_count_does_not_grow(login, site, django_assert_max_num_queries, path, role, max_queries):
    client = login(staff(role, site.a))
    _fill(site, 20)
    path = API + path.format(**ids(site))
    with django_assert_max_num_queries(max_queries):
        response = client.get(path)
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"] if isinstance(body, dict) else body) >= 20
