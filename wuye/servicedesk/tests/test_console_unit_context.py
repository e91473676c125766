"""The intake's unit panel: /tickets/new/unit-context/?q=… and the intake form's unit lookup."""

import pytest

from wuye.core.tests.factories import UnitFactory, resident_user
from wuye.estate.models import OwnerAccessLog
from wuye.servicedesk.models import Ticket
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db

URL = "/tickets/new/unit-context/"
INTAKE = "/tickets/new/"


@pytest.fixture
def desk():
    desk = Desk()
    # desk.unit is building N, entrance 1; add entrance 2's unit of the same room and another building's
    unit = desk.unit
    unit.code = f"{unit.building.number}-1-{unit.room}"
    unit.save()
    desk.twin = UnitFactory(
        building=unit.building,
        entrance="2",
        floor=unit.floor,
        room=unit.room,
        code=f"{unit.building.number}-2-{unit.room}",
        status="owner_occupied",
    )
    desk.elsewhere = UnitFactory(
        project=desk.project,
        entrance="2",
        floor=unit.floor,
        room=unit.room,
        building__project=desk.project,
        building__number="99",
        code=f"99-2-{unit.room}",
        status="owner_occupied",
    )
    return desk


def test_panel_is_on_the_intake_page(client, desk):
    client.force_login(desk.assistant)
    page = client.get(INTAKE).content.decode()
    assert 'id="unit-context"' in page and f'data-url="{URL}"' in page and 'data-for="id_unit_code"' in page


def test_vacant_unit_shows_a_visible_warning_and_its_people(client, desk):
    desk.unit.status = "vacant"
    desk.unit.save()
    client.force_login(desk.engineer)
    response = client.get(URL, {"q": desk.unit.code})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="warning unit-warning" role="alert"' in page
    assert desk.owner.name in page
    assert desk.owner.mobile not in page and desk.owner.mobile[-4:] in page  # masked for engineers
    assert not OwnerAccessLog.objects.exists()


def test_occupied_unit_has_no_warning_and_lists_open_tickets(client, desk):
    desk.unit.status = "owner_occupied"
    desk.unit.save()
    ticket = desk.repair()
    client.force_login(desk.supervisor)
    page = client.get(URL, {"q": desk.unit.code}).content.decode()
    assert "unit-warning" not in page
    assert ticket.number in page and f"/tickets/{ticket.pk}/" in page
    assert desk.owner.mobile in page  # supervisors see personal data, and that is logged
    assert OwnerAccessLog.objects.filter(owner=desk.owner, user=desk.supervisor, channel="web").exists()


def test_ambiguous_input_offers_candidates_to_pick(client, desk):
    client.force_login(desk.assistant)
    page = client.get(URL, {"q": f"{desk.unit.building.number}栋{desk.unit.room}"}).content.decode()
    assert "unit-candidates" in page
    assert f'data-pick-unit="{desk.unit.code}"' in page and f'data-pick-unit="{desk.twin.code}"' in page
    assert desk.elsewhere.code not in page


def test_the_building_at_hand_resolves_a_short_form(client, desk):
    client.force_login(desk.assistant)
    short = f"2单元{desk.unit.room}"
    assert "unit-candidates" in client.get(URL, {"q": short}).content.decode()  # two buildings have one
    client.get(URL, {"q": desk.unit.code})  # the unit chosen makes its building the one at hand
    page = client.get(URL, {"q": short}).content.decode()
    assert f'data-unit-code="{desk.twin.code}"' in page


def test_unknown_unit_says_so(client, desk):
    client.force_login(desk.assistant)
    page = client.get(URL, {"q": "88-8-888"}).content.decode()
    assert "unit-none" in page and "88-8-888" in page


def test_residents_and_anonymous_are_refused(client, desk):
    assert client.get(URL, {"q": desk.unit.code}).status_code == 302
    client.force_login(resident_user(owner=desk.owner))
    assert client.get(URL, {"q": desk.unit.code}).status_code == 403


def test_fragment_query_count_is_bounded(client, desk, django_assert_max_num_queries):
    for _ in range(5):
        desk.repair()
    client.force_login(desk.supervisor)
    client.get(URL, {"q": desk.unit.code})
    with django_assert_max_num_queries(16):
        assert client.get(URL, {"q": desk.unit.code}).status_code == 200


def _post(client, unit_code):
    return client.post(
        INTAKE,
        {"unit_code": unit_code, "category": "repair_in_unit", "channel": "phone", "content": "卫生间漏水"},
    )


def test_intake_accepts_the_unit_as_staff_say_it(client, desk):
    client.force_login(desk.assistant)
    unit = desk.twin
    response = _post(client, f"{unit.building.number}号楼2单元{unit.room}室")
    assert response.status_code == 302
    assert Ticket.objects.get().unit == unit


def test_intake_lists_candidates_when_the_unit_is_ambiguous(client, desk):
    client.force_login(desk.assistant)
    response = _post(client, f"2单元{desk.unit.room}")
    assert response.status_code == 200
    error = str(response.context["form"].errors["unit_code"])
    assert desk.twin.code in error and desk.elsewhere.code in error
    assert not Ticket.objects.exists()


def test_intake_uses_the_building_of_the_last_ticket(client, desk):
    client.force_login(desk.assistant)
    assert _post(client, desk.unit.code).status_code == 302
    assert _post(client, f"2单元{desk.unit.room}").status_code == 302
    assert Ticket.objects.order_by("-id").first().unit == desk.twin
