"""Bulk creation of a building's units and unit code rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wuye.accounts.choices import Role
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tests.factories import BuildingFactory, staff
from wuye.estate import services
from wuye.estate.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def building():
    return BuildingFactory(number="3", floors=0)


@pytest.fixture
def manager(building):
    return staff(Role.PROJECT_MANAGER, building.project)


def test_generate_floors_times_rooms_with_skipped_floors(building, manager):
    units = services.building_generate_units(
        building=building,
        floors=18,
        rooms_per_floor=4,
        skip_floors=[4, 13, 14],
        acting_user=manager,
        building_area=Decimal("96.30"),
    )
    assert len(units) == 18 * 4
    floors = sorted({u.floor for u in Unit.objects.filter(building=building)})
    assert 4 not in floors and 13 not in floors and 14 not in floors
    assert floors[0] == 1 and len(floors) == 18 and floors[-1] == 21
    codes = set(Unit.objects.filter(building=building).values_list("code", flat=True))
    assert {"3-101", "3-104", "3-2104"} <= codes and "3-401" not in codes
    building.refresh_from_db()
    assert building.floors == 21
    # every unit has its creation in the audit history, attributed to the manager
    assert Unit.history.filter(building_id=building.pk, history_user=manager).count() == 72


def test_generate_with_entrances_uses_building_entrance_room_codes(building, manager):
    services.building_generate_units(
        building=building, floors=2, rooms_per_floor=2, entrances=2, acting_user=manager
    )
    codes = sorted(Unit.objects.filter(building=building).values_list("code", flat=True))
    assert codes == ["3-1-101", "3-1-102", "3-1-201", "3-1-202", "3-2-101", "3-2-102", "3-2-201", "3-2-202"]


def test_generate_is_all_or_nothing_when_codes_exist(building, manager):
    services.unit_create(building=building, acting_user=manager, floor=2, room="201")
    with pytest.raises(BusinessRuleError) as exc:
        services.building_generate_units(building=building, floors=3, rooms_per_floor=2, acting_user=manager)
    assert exc.value.code == "unit_code_exists"
    assert Unit.objects.filter(building=building).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"floors": 0, "rooms_per_floor": 2}, "floors"),
        ({"floors": 2, "rooms_per_floor": 0}, "rooms_per_floor"),
    ],
)
def test_generate_rejects_bad_sizes(building, manager, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        services.building_generate_units(building=building, acting_user=manager, **kwargs)
    assert field in exc.value.message_dict


def test_generate_needs_estate_manage(building):
    with pytest.raises(PermissionDeniedError):
        services.building_generate_units(
            building=building,
            floors=1,
            rooms_per_floor=1,
            acting_user=staff(Role.CS_ASSISTANT, building.project),
        )


def test_unit_code_unique_per_project_only(building, manager):
    services.unit_create(building=building, acting_user=manager, floor=1, room="101")
    with pytest.raises(ValidationError):
        services.unit_create(building=building, acting_user=manager, floor=1, room="101")
    other = BuildingFactory(number="3")
    services.unit_create(
        building=other, acting_user=staff(Role.PROJECT_MANAGER, other.project), floor=1, room="101"
    )
    assert Unit.objects.filter(code="3-101").count() == 2


def test_unit_update_cannot_touch_status(building, manager):
    unit = services.unit_create(building=building, acting_user=manager, floor=1, room="101")
    with pytest.raises(TypeError):  # the status moves only through unit_change_status
        services.unit_update(unit=unit, acting_user=manager, status="rented")  # type: ignore[call-arg]
    services.unit_update(unit=unit, acting_user=manager, building_area=Decimal("88.00"))
    unit.refresh_from_db()
    assert unit.status == "not_handed_over" and unit.building_area == Decimal("88.00") and unit.room == "101"


def test_negative_area_rejected(building, manager):
    with pytest.raises(ValidationError):
        services.unit_create(
            building=building, acting_user=manager, floor=1, room="101", building_area=Decimal("-1")
        )
