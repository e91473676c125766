"""The owner list (console page, its export, the API list): masking by role and owner search.

Search matches the owner's name or a unit code (console `q`; the API's `search` matches the name
only); a mobile or an ID number finds nobody, so a masked role cannot confirm whose number it is.
"""

import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from wuye.accounts.choices import Role
from wuye.core.tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    ProjectFactory,
    UnitFactory,
    make_resident_id,
    staff,
)
from wuye.estate import selectors

pytestmark = pytest.mark.django_db

MASKED_ROLES = [Role.ENGINEER, Role.SECURITY]


@pytest.fixture
def estate():
    project = ProjectFactory()
    building = BuildingFactory(project=project)
    ns = SimpleNamespace(project=project)
    ns.zhang = OwnerFactory(project=project, name="张伟", mobile="13812345678", id_number=make_resident_id())
    ns.li = OwnerFactory(project=project, name="李娜", mobile="13911112222", id_number=make_resident_id())
    OwnershipFactory(owner=ns.zhang, unit=UnitFactory(building=building, code="1-1-1201"))
    OwnershipFactory(owner=ns.zhang, unit=UnitFactory(building=building, code="1-1-1202"))
    OwnershipFactory(owner=ns.li, unit=UnitFactory(building=building, code="2-1-0301"))
    # same name in another project: never listed
    ns.elsewhere = OwnershipFactory(owner__name="张伟", owner__mobile="13700000000").owner
    return ns


def _page(client, role, project, **params):
    client.force_login(staff(role, project))
    response = client.get("/owners/", params)
    assert response.status_code == 200
    return response.content.decode()


def _export_cells(client, **params) -> set:
    response = client.get("/owners/", {**params, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None}


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_owner_list_masks_mobiles_for_roles_without_personal_data(client, estate, role):
    page = _page(client, role, estate.project)
    assert "张伟" in page and "李娜" in page
    assert "138****5678" in page and "139****2222" in page
    for owner in (estate.zhang, estate.li):
        assert owner.mobile not in page
        assert owner.id_number not in page and owner.id_number[-4:] + "<" not in page
    cells = _export_cells(client)
    assert {"138****5678", "139****2222"} <= cells
    assert not {estate.zhang.mobile, estate.li.mobile, estate.zhang.id_number, estate.li.id_number} & cells


def test_owner_list_shows_mobiles_to_cs_supervisor(client, estate):
    page = _page(client, Role.CS_SUPERVISOR, estate.project)
    assert estate.zhang.mobile in page and estate.li.mobile in page
    assert "138****5678" not in page
    assert {estate.zhang.mobile, estate.li.mobile} <= _export_cells(client)


def test_owner_list_never_shows_another_projects_owner(client, estate):
    page = _page(client, Role.CS_SUPERVISOR, estate.project, q="张伟")
    assert estate.elsewhere.mobile not in page
    assert page.count(f"/owners/{estate.zhang.pk}/") == 1
    assert f"/owners/{estate.elsewhere.pk}/" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张", ["张伟"]),
        ("李娜", ["李娜"]),
        ("1-1-12", ["张伟"]),  # by unit code; two units, listed once
        ("2-1-0301", ["李娜"]),
        ("", ["张伟", "李娜"]),
        ("13812345678", []),  # a mobile finds nobody
        ("5678", []),
    ],
)
def test_owner_search_by_name_or_unit_code(estate, query, expected):
    user = staff(Role.ENGINEER, estate.project)
    found = selectors.owner_search(user=user, project=estate.project, query=query)
    assert sorted(o.name for o in found) == sorted(expected)
    if "张伟" in expected:
        zhang = next(o for o in found if o.name == "张伟")
        assert sorted(o.unit.code for o in zhang.active_ownerships) == ["1-1-1201", "1-1-1202"]


def test_owner_search_by_id_number_finds_nobody(estate):
    user = staff(Role.CS_SUPERVISOR, estate.project)
    assert not selectors.owner_search(
        user=user, project=estate.project, query=estate.zhang.id_number
    ).exists()


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_masked_role_searching_a_full_mobile_learns_nothing(client, estate, role):
    page = _page(client, role, estate.project, q=estate.zhang.mobile)
    assert "张伟" not in page and "138****5678" not in page
    assert f"/owners/{estate.zhang.pk}/" not in page


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_console_search_for_masked_role_shows_the_match_masked(client, estate, role):
    page = _page(client, role, estate.project, q="1-1-1201")
    assert f"/owners/{estate.zhang.pk}/" in page and f"/owners/{estate.li.pk}/" not in page
    assert "138****5678" in page and estate.zhang.mobile not in page


@pytest.mark.parametrize(
    ("role", "masked"), [(Role.ENGINEER, True), (Role.SECURITY, True), (Role.CS_SUPERVISOR, False)]
)
def test_api_owner_search_by_name(login, estate, role, masked):
    client = login(staff(role, estate.project))
    response = client.get("/api/v1/owners/", {"search": "张", "project": estate.project.pk})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [estate.zhang.pk]
    row = rows[0]
    assert row["personal_data_masked"] is masked
    assert (row["mobile"] == estate.zhang.mobile) is not masked
    assert (row["id_number"] == estate.zhang.id_number) is not masked
    if masked:
        assert row["mobile"] == "138****5678"
        assert estate.zhang.mobile not in response.content.decode()
        assert estate.zhang.id_number not in response.content.decode()
    by_mobile = client.get("/api/v1/owners/", {"search": estate.zhang.mobile}).json()["results"]
    assert by_mobile == []
