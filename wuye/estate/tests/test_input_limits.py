"""Issue 10: a bounded "generate units", plausible ownership and lease dates, and names without
invisible or direction-changing characters (estate services, so API and console alike)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from wuye.core.tests.api import assert_error, post
from wuye.core.tests.factories import BuildingFactory, OwnerFactory, TenantFactory, UnitFactory
from wuye.estate import services
from wuye.estate.models import Unit

pytestmark = pytest.mark.django_db
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "张三\u202e二" shows as 张三二 reversed after it


@pytest.fixture
def admin():
    return get_user_model().objects.create_superuser("root", "root@example.cn", "pw-12345678")


def test_generate_units_is_bounded_per_call(admin, settings):
    """200 floors × 99 rooms × 20 entrances passed the per-field limits: 396,000 units in one
    transaction (59,400 took 16 s on SQLite)."""
    settings.WUYE_GENERATE_UNITS_MAX = 120
    building = BuildingFactory()
    with pytest.raises(ValidationError) as exc:
        services.building_generate_units(
            building=building, floors=11, rooms_per_floor=4, entrances=3, acting_user=admin
        )
    assert "120" in exc.value.message_dict["floors"][0] and "132" in exc.value.message_dict["floors"][0]
    assert not Unit.objects.filter(building=building).exists()
    created = services.building_generate_units(
        building=building, floors=10, rooms_per_floor=4, entrances=3, acting_user=admin
    )
    assert len(created) == 120


def test_the_api_states_the_limit(api_client, admin):
    building = BuildingFactory()
    api_client.force_authenticate(admin)
    response = post(
        api_client,
        f"/api/v1/buildings/{building.pk}/generate-units/",
        {"floors": 200, "rooms_per_floor": 99, "entrances": 20},
    )
    body = assert_error(response, 400, "validation_error", "floors")
    assert "5000" in body["fields"]["floors"][0]


@pytest.mark.parametrize("char", [RLO, "\u200b", "\ufeff", "\u2066", "\x00"])
def test_person_names_refuse_hidden_characters(admin, char):
    building = BuildingFactory()
    with pytest.raises(ValidationError) as exc:
        services.owner_create(project=building.project, acting_user=admin, name=f"张三{char}")
    assert list(exc.value.message_dict) == ["name"]
    with pytest.raises(ValidationError) as exc:
        services.tenant_update(tenant=TenantFactory(), acting_user=admin, emergency_contact=f"李{char}四")
    assert list(exc.value.message_dict) == ["emergency_contact"]


def test_place_names_refuse_hidden_characters(admin):
    building = BuildingFactory()
    with pytest.raises(ValidationError) as exc:
        services.building_create(project=building.project, acting_user=admin, number="9", name=f"九{RLO}栋")
    assert list(exc.value.message_dict) == ["name"]
    with pytest.raises(ValidationError) as exc:
        services.building_update(building=building, acting_user=admin, number="1\u200b")
    assert list(exc.value.message_dict) == ["number"]
    with pytest.raises(ValidationError) as exc:
        services.unit_create(building=building, acting_user=admin, floor=1, room=f"10{RLO}1")
    assert list(exc.value.message_dict) == ["room"]
    with pytest.raises(ValidationError) as exc:
        services.public_area_create(project=building.project, acting_user=admin, name="\u200b大堂")
    assert list(exc.value.message_dict) == ["name"]
    owner = services.owner_create(project=building.project, acting_user=admin, name=" 张三 ")
    assert owner.name == "张三"


def test_the_api_refuses_a_hidden_character_in_an_owner_name(api_client, admin):
    building = BuildingFactory()
    api_client.force_authenticate(admin)
    response = post(api_client, "/api/v1/owners/", {"project": building.project.pk, "name": f"王{RLO}五"})
    assert_error(response, 400, "validation_error", "name")


def test_ownership_and_lease_dates_must_be_plausible(admin):
    unit = UnitFactory()
    owner = OwnerFactory(project=unit.project)
    with pytest.raises(ValidationError) as exc:
        services.ownership_create(owner=owner, unit=unit, start_date=dt.date(1900, 1, 1), acting_user=admin)
    assert list(exc.value.message_dict) == ["start_date"]
    ownership = services.ownership_create(
        owner=owner, unit=unit, start_date=dt.date(2020, 1, 1), acting_user=admin
    )
    with pytest.raises(ValidationError) as exc:
        services.ownership_end(
            ownership=ownership, end_date=dt.date(9999, 1, 1), reason="过户", acting_user=admin
        )
    assert list(exc.value.message_dict) == ["end_date"]
    tenant = TenantFactory(project=unit.project)
    with pytest.raises(ValidationError) as exc:
        services.lease_create(
            tenant=tenant,
            unit=unit,
            start_date=dt.date(2026, 5, 1),
            contract_end_date=dt.date(2026, 4, 30),
            acting_user=admin,
        )
    assert list(exc.value.message_dict) == ["contract_end_date"]
    with pytest.raises(ValidationError) as exc:
        services.lease_create(tenant=tenant, unit=unit, start_date=dt.date(3026, 5, 1), acting_user=admin)
    assert list(exc.value.message_dict) == ["start_date"]
