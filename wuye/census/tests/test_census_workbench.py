"""The home page's census card: an assistant's censuses still to confirm (the overdue ones
flagged) and the project manager's reports ready to sign; each figure is the row count of the list
it opens, only the right people see it, and it goes once the work is done."""

import pytest
import time_machine

from wuye.census import services
from wuye.census.months import parse_month
from wuye.census.tests.factories import Estate, at
from wuye.core import workbench

pytestmark = pytest.mark.django_db

OCT, NOV = parse_month("2026-10"), parse_month("2026-11")


@pytest.fixture
def clock():
    with time_machine.travel(at(2026, 11, 28), tick=False) as traveller:
        yield traveller


@pytest.fixture
def estate(clock):
    """October's census (due 30 Oct, so overdue now) and November's (due 30 Nov), both started;
    building 1 is the first assistant's, building 2 the second's."""
    estate = Estate()
    for month in (OCT, NOV):
        services.census_month_open(project=estate.project, month=month, acting_user=estate.supervisor)
    return estate


def census(estate, month, number):
    return next(c for c in estate.buildings[int(number) - 1].censuses.all() if c.month == month)


def home_cards(client, user) -> dict:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return {card.key: card for card in response.context["cards"]}


def listed(client, url) -> list:
    page = client.get(url).context["page"]
    return list(page.object_list), page.paginator.count


def test_assistant_sees_her_censuses_to_confirm_and_the_overdue_ones(client, estate):
    to_confirm, overdue = home_cards(client, estate.assistant)["census"].figures
    assert (to_confirm.value, to_confirm.url) == (2, "/census/mine/")
    assert (overdue.value, overdue.url) == (1, "/census/mine/?state=overdue")
    assert overdue.tone == workbench.BAD and to_confirm.tone == workbench.BAD
    rows, count = listed(client, to_confirm.url)
    assert count == 2 and {c.pk for c in rows} == {census(estate, OCT, 1).pk, census(estate, NOV, 1).pk}
    rows, count = listed(client, overdue.url)
    assert count == 1 and [c.pk for c in rows] == [census(estate, OCT, 1).pk]
    assert (
        "逾期" in client.get(overdue.url).content.decode()
        or "overdue" in client.get(overdue.url).content.decode()
    )


def test_confirming_takes_the_census_off_the_card(client, estate):
    services.census_confirm(census=census(estate, OCT, 1), acting_user=estate.assistant)
    figures = home_cards(client, estate.assistant)["census"].figures
    assert [(f.value, f.tone) for f in figures] == [(1, workbench.WARN)]  # November's, not late yet
    assert listed(client, figures[0].url)[1] == 1
    services.census_confirm(census=census(estate, NOV, 1), acting_user=estate.assistant)
    assert "census" not in home_cards(client, estate.assistant)
    assert listed(client, "/census/mine/")[1] == 0


def test_only_the_assigned_assistant_counts_a_census(client, estate):
    services.census_assign(
        census=census(estate, NOV, 2), assistant=estate.assistant, acting_user=estate.supervisor
    )
    figures = home_cards(client, estate.assistant2)["census"].figures
    assert [f.value for f in figures] == [1, 1]  # October's building 2 only
    figures = home_cards(client, estate.assistant)["census"].figures
    assert [f.value for f in figures] == [3, 1]
    for who in (estate.supervisor, estate.security, estate.cashier):
        assert "census" not in home_cards(client, who)  # nothing of theirs to confirm or sign


def test_manager_sees_the_report_to_sign_once_every_building_is_confirmed(client, estate, clock):
    assert "census" not in home_cards(client, estate.manager)  # October still open
    services.census_confirm(census=census(estate, OCT, 1), acting_user=estate.assistant)
    assert "census" not in home_cards(client, estate.manager)  # building 2 still open
    services.census_confirm(census=census(estate, OCT, 2), acting_user=estate.assistant2)
    (ready,) = home_cards(client, estate.manager)["census"].figures
    assert (ready.value, ready.url, ready.tone) == (1, "/census/reports/?state=to_sign", workbench.BAD)
    rows, count = listed(client, ready.url)
    assert count == 1 and [r.month for r in rows] == [OCT]
    assert listed(client, "/census/reports/")[1] == 2  # unfiltered: both months

    # November confirmed while it runs: not signable before the month is over
    services.census_confirm(census=census(estate, NOV, 1), acting_user=estate.assistant)
    services.census_confirm(census=census(estate, NOV, 2), acting_user=estate.assistant2)
    assert home_cards(client, estate.manager)["census"].figures[0].value == 1
    clock.move_to(at(2026, 12, 1, 9))
    (ready,) = home_cards(client, estate.manager)["census"].figures
    assert ready.value == 2 and listed(client, ready.url)[1] == 2
    assert ready.tone == workbench.BAD  # October's was due on 3 November

    services.report_sign_off(project=estate.project, month=OCT, acting_user=estate.manager)
    (ready,) = home_cards(client, estate.manager)["census"].figures
    assert (ready.value, ready.tone) == (1, workbench.WARN) and listed(client, ready.url)[1] == 1
    services.report_sign_off(project=estate.project, month=NOV, acting_user=estate.manager)
    assert "census" not in home_cards(client, estate.manager)
    assert listed(client, ready.url)[1] == 0


def test_other_projects_are_not_counted(client, estate):
    other = Estate()
    services.census_month_open(project=other.project, month=NOV, acting_user=other.supervisor)
    figures = home_cards(client, other.assistant)["census"].figures
    assert [f.value for f in figures] == [1]
    assert listed(client, figures[0].url)[1] == 1


def test_the_lists_are_for_the_right_roles(client, estate):
    client.force_login(estate.supervisor)
    assert client.get("/census/mine/").status_code == 403  # supervisors confirm nothing
    assert client.get("/census/reports/?state=to_sign").status_code == 200
    client.force_login(estate.assistant)
    assert client.get("/census/mine/?export=xlsx").status_code == 200
