"""unit_lookup: the unit as staff say it (1-2-602, 1栋2单元602, 2单元602 in the building at hand)."""

import pytest

from wuye.accounts.choices import Role
from wuye.core.tests.factories import BuildingFactory, ProjectFactory, UnitFactory, staff
from wuye.estate.selectors import unit_lookup, unit_resolve
from wuye.estate.services import unit_code

pytestmark = pytest.mark.django_db


def _unit(building, entrance, room):
    code = unit_code(building_number=building.number, entrance=entrance, room=room)
    return UnitFactory(building=building, entrance=entrance, floor=int(room[:-2]), room=room, code=code)


@pytest.fixture
def estate():
    """Buildings 1 and 2 with two entrances each, an office tower A without entrances, and a
    second project whose codes collide with the first one's."""
    project = ProjectFactory()
    b1 = BuildingFactory(project=project, number="1")
    b2 = BuildingFactory(project=project, number="2")
    tower = BuildingFactory(project=project, number="A")
    units = {}
    for building in (b1, b2):
        for entrance in ("1", "2"):
            for room in ("602", "1201"):
                unit = _unit(building, entrance, room)
                units[unit.code] = unit
    units["A-1205"] = _unit(tower, "", "1205")
    other = ProjectFactory()
    other_unit = _unit(BuildingFactory(project=other, number="1"), "2", "602")
    user = staff(Role.CS_ASSISTANT, project)
    return {"project": project, "b1": b1, "b2": b2, "units": units, "other_unit": other_unit, "user": user}


def _codes(estate, text, building=None):
    building = estate[building] if building else None
    return [
        u.code
        for u in unit_lookup(user=estate["user"], project=estate["project"], text=text, building=building)
    ]


@pytest.mark.parametrize(
    ("text", "building", "expected"),
    [
        # the code as stored, however typed
        ("1-2-602", None, ["1-2-602"]),
        (" 1 - 2 - 602 ", None, ["1-2-602"]),
        ("１－２－６０２", None, ["1-2-602"]),  # full-width digits and dash
        ("1—2—602", None, ["1-2-602"]),
        ("1-2-602室", None, ["1-2-602"]),
        ("a-1205", None, ["A-1205"]),
        # spoken forms with the building
        ("1栋2单元602", None, ["1-2-602"]),
        ("1号楼2单元602室", None, ["1-2-602"]),
        ("1幢2单元602", None, ["1-2-602"]),
        ("2号楼1单元1201", None, ["2-1-1201"]),
        ("一栋二单元602", None, ["1-2-602"]),
        ("A座1205", None, ["A-1205"]),
        ("1栋602", None, ["1-1-602", "1-2-602"]),  # both entrances have a 602: ambiguous
        # the building at hand
        ("2单元602", "b1", ["1-2-602"]),
        ("2单元602", "b2", ["2-2-602"]),
        ("2-602", "b2", ["2-2-602"]),
        ("602", "b1", ["1-1-602", "1-2-602"]),
        ("1栋2单元602", "b2", ["1-2-602"]),  # a building said outright wins over the one at hand
        # no building at hand: every building's match, as candidates
        ("2单元602", None, ["1-2-602", "2-2-602"]),
        ("602室", None, ["1-1-602", "1-2-602", "2-1-602", "2-2-602"]),
        # nothing
        ("3-2-602", None, []),
        ("9栋1单元602", None, []),
        ("", None, []),
        ("楼上", None, []),
    ],
)
def test_lookup_table(estate, text, building, expected):
    assert _codes(estate, text, building) == expected


def test_another_projects_unit_is_never_found(estate):
    other = estate["other_unit"]
    assert other.code == "1-2-602"
    found = unit_lookup(user=estate["user"], project=estate["project"], text="1-2-602")
    assert [u.pk for u in found] == [estate["units"]["1-2-602"].pk]
    # nor when the other project is asked for by a user who does not work there
    assert unit_lookup(user=estate["user"], project=other.project, text="1-2-602") == []


def test_exact_code_comes_first_and_resolves(estate):
    # "2-602" is also building 2's code-less reading; a unit stored as 2-602 is that code exactly
    tower_like = _unit(estate["b2"], "", "602")
    assert tower_like.code == "2-602"
    found = unit_lookup(user=estate["user"], project=estate["project"], text="2-602", building=estate["b1"])
    assert [u.code for u in found] == ["2-602", "1-2-602"]
    unit, candidates = unit_resolve(
        user=estate["user"], project=estate["project"], text="2-602", building=estate["b1"]
    )
    assert unit == tower_like and candidates == []


def test_resolve_gives_candidates_when_ambiguous(estate):
    unit, candidates = unit_resolve(user=estate["user"], project=estate["project"], text="2单元602")
    assert unit is None and [c.code for c in candidates] == ["1-2-602", "2-2-602"]
    unit, candidates = unit_resolve(
        user=estate["user"], project=estate["project"], text="2单元602", building=estate["b2"].pk
    )
    assert unit == estate["units"]["2-2-602"] and candidates == []


def test_one_query(estate, django_assert_num_queries):
    user = estate["user"]
    unit_lookup(user=user, project=estate["project"], text="warm-up")  # loads the user's roles
    with django_assert_num_queries(1):
        unit_lookup(user=user, project=estate["project"], text="1栋2单元602", building=estate["b1"])
