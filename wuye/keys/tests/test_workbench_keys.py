"""The keys card of the home page: overdue keys for the key keeper and the project manager, releases
waiting for the viewer's approval for the project manager and the company manager; every figure
opens a list of exactly that many keys, and nobody else gets the card."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.keys import services
from wuye.keys.tests.factories import Cabinet

pytestmark = pytest.mark.django_db

OVERDUE, AWAITING = "/keys/overdue/", "/keys/?release=awaiting"


def home_cards(user) -> tuple[Client, dict]:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return client, {card.key: card for card in response.context["cards"]}


def figures_checked(client, card) -> dict:
    """{link: value}, after opening each figure's link and counting its rows."""
    for figure in card.figures:
        response = client.get(figure.url)
        assert response.status_code == 200, figure.url
        assert response.context["page"].paginator.count == figure.value, str(figure.label)
    return {f.url: f.value for f in card.figures}


@pytest.fixture
def cab():
    cab = Cabinet()
    cab.boss.last_project = cab.project
    cab.boss.save(update_fields=["last_project"])
    return cab


def test_nothing_to_do_no_card(cab):
    cab.lend(cab.key())  # out, not overdue
    for user in (cab.keeper, cab.manager, cab.boss, cab.desk):
        assert "keys" not in home_cards(user)[1]


def test_overdue_keys_for_keeper_and_manager(cab):
    cab.lend(cab.key(), hours=1)
    cab.lend(cab.key(), hours=2)
    cab.lend(cab.key(), hours=48)
    cab.key()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=3)):
        for user in (cab.keeper, cab.manager):
            client, cards = home_cards(user)
            assert figures_checked(client, cards["keys"]) == {OVERDUE: 2}
        for user in (cab.desk, cab.boss, staff(Role.CS_SUPERVISOR, cab.project)):
            assert "keys" not in home_cards(user)[1]  # they see keys, but chasing them is not theirs


def test_releases_awaiting_the_viewers_approval(cab):
    waiting = cab.key()
    services.key_release_request(key=waiting, reason="亲属领取", to_name="李四", acting_user=cab.keeper)
    for user in (cab.manager, cab.boss):
        client, cards = home_cards(user)
        assert figures_checked(client, cards["keys"]) == {AWAITING: 1}
    services.key_release_approve(key=waiting, acting_user=cab.manager)
    assert "keys" not in home_cards(cab.manager)[1]  # given: nothing left for them
    client, cards = home_cards(cab.boss)
    assert figures_checked(client, cards["keys"]) == {AWAITING: 1}
    assert "keys" not in home_cards(cab.keeper)[1]  # the keeper asked; not theirs to approve
    other_manager = staff(Role.PROJECT_MANAGER, Cabinet().project)
    assert "keys" not in home_cards(other_manager)[1]  # another project's manager
