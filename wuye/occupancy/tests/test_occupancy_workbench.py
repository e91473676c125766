"""The home page's move-in and exit card: open VIP care tasks and waiting tenant exits, for the
customer-service assistants and supervisor and the project manager only; each figure is the row
count of the console list it opens, and the card goes once nothing is left to do."""

import datetime as dt

import pytest
import time_machine

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.occupancy import services
from wuye.occupancy.choices import ExitStatus
from wuye.occupancy.tests.factories import Estate

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC)):
        yield


def _vip_move_in(estate):
    unit, owner = estate.owned(vip=True)
    return services.move_in_record(
        unit=unit,
        kind="owner",
        owner=owner,
        identity_checked=True,
        moved_in_on=TODAY,
        acting_user=estate.assistant,
    )


def _plain_move_in(estate):
    unit, owner = estate.owned()
    return services.move_in_record(
        unit=unit,
        kind="owner",
        owner=owner,
        identity_checked=True,
        moved_in_on=TODAY,
        acting_user=estate.assistant,
    )


def _waiting_exit(estate):
    _unit, _owner, lease = estate.rented()
    exit_ = services.tenant_exit_request(
        lease=lease, moving_date=TODAY, owner_consent="not_asked", acting_user=estate.assistant
    )
    assert exit_.status == ExitStatus.WAITING
    return exit_


@pytest.fixture
def busy():
    """Two open care tasks, one done, one move-in without care; two waiting exits, one cancelled."""
    estate = Estate()
    cares = [_vip_move_in(estate), _vip_move_in(estate), _vip_move_in(estate)]
    services.move_in_care_done(move_in=cares[2], acting_user=estate.assistant)
    _plain_move_in(estate)
    exits = [_waiting_exit(estate), _waiting_exit(estate), _waiting_exit(estate)]
    services.tenant_exit_cancel(tenant_exit=exits[2], acting_user=estate.assistant)
    return estate, cares, exits


def home_cards(client, user) -> dict:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return {card.key: card for card in response.context["cards"]}


@pytest.mark.parametrize("who", ["assistant", "supervisor", "manager"])
def test_figures_equal_the_rows_of_the_lists_they_open(client, busy, who):
    estate, cares, exits = busy
    card = home_cards(client, getattr(estate, who))["occupancy_tasks"]
    care, waiting = card.figures
    assert (care.value, care.url) == (2, "/occupancy/move-ins/?care=open")
    assert (waiting.value, waiting.url) == (2, "/occupancy/exits/?status=waiting")
    listed = client.get(care.url).context["page"]
    assert listed.paginator.count == care.value
    assert {m.pk for m in listed.object_list} == {cares[0].pk, cares[1].pk}
    listed = client.get(waiting.url).context["page"]
    assert listed.paginator.count == waiting.value
    assert {e.pk for e in listed.object_list} == {exits[0].pk, exits[1].pk}


def test_only_customer_service_and_the_manager_get_the_card(client, busy):
    estate, _cares, _exits = busy
    for role in (Role.CASHIER, Role.ARCHIVIST, Role.SECURITY_LEAD, Role.ENGINEER):
        assert "occupancy_tasks" not in home_cards(client, staff(role, estate.project)), role


def test_other_projects_records_are_not_counted(client, busy):
    estate, _cares, _exits = busy
    other = Estate()
    _vip_move_in(other)
    card = home_cards(client, other.supervisor)["occupancy_tasks"]
    assert [f.value for f in card.figures] == [1]  # its own care task; no exits there
    assert client.get(card.figures[0].url).context["page"].paginator.count == 1


def test_the_card_goes_when_everything_is_done(client, busy):
    estate, cares, exits = busy
    services.move_in_care_done(move_in=cares[0], acting_user=estate.assistant)
    services.tenant_exit_cancel(tenant_exit=exits[0], acting_user=estate.assistant)
    card = home_cards(client, estate.supervisor)["occupancy_tasks"]
    assert [f.value for f in card.figures] == [1, 1]
    services.move_in_care_done(move_in=cares[1], acting_user=estate.assistant)
    card = home_cards(client, estate.supervisor)["occupancy_tasks"]
    assert [str(f.label) for f in card.figures] == [str(card.figures[0].label)] and card.figures[0].value == 1
    assert card.figures[0].url.startswith("/occupancy/exits/")
    services.tenant_exit_cancel(tenant_exit=exits[1], acting_user=estate.assistant)
    assert "occupancy_tasks" not in home_cards(client, estate.supervisor)
