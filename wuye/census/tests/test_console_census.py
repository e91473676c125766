"""The console's monthly occupancy report page: the table per building, confirming a census,
assigning an assistant, the sign-off, the Excel download; who may see and do what."""

import pytest
import time_machine
from django.urls import reverse

from wuye.census import services
from wuye.census.models import BuildingCensus, OccupancyReport
from wuye.census.months import parse_month
from wuye.census.tests.factories import Estate, at
from wuye.core.roles import Role
from wuye.core.tests.factories import staff

pytestmark = pytest.mark.django_db

NOV = parse_month("2026-11")
PAGE = "/census/"


@pytest.fixture
def clock():
    with time_machine.travel(at(2026, 11, 28), tick=False) as traveller:
        yield traveller


@pytest.fixture
def estate(clock):
    estate = Estate()
    estate.hand_over(estate.units["1"][0], at(2026, 11, 10))
    return estate


def test_the_page_path_and_menu_entry(estate, client):
    assert reverse("console:census-report") == PAGE
    client.force_login(estate.cashier)
    home = client.get("/")
    assert PAGE in home.content.decode()


def test_start_confirm_and_sign_off_through_the_console(estate, client, clock):
    client.force_login(estate.supervisor)
    response = client.post(reverse("console:census-open"), {"month": "2026-11"})
    assert response.status_code == 302
    censuses = {c.building.number: c for c in BuildingCensus.objects.filter(project=estate.project)}
    assert len(censuses) == 2

    client.force_login(estate.assistant)
    page = client.get(PAGE, {"month": "2026-11"})
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("console:census-confirm", args=[censuses["1"].pk]) in html
    assert reverse("console:census-confirm", args=[censuses["2"].pk]) not in html  # not hers
    client.post(reverse("console:census-confirm", args=[censuses["1"].pk]), {"remarks": "核实无误"})
    refused = client.post(reverse("console:census-confirm", args=[censuses["2"].pk]), follow=True)
    assert "只有" in refused.content.decode() or "Only the assistant" in refused.content.decode()
    assert BuildingCensus.objects.get(pk=censuses["2"].pk).status == "open"
    services.census_confirm(census=censuses["2"], acting_user=estate.assistant2)

    clock.move_to(at(2026, 12, 2))
    client.force_login(estate.manager)
    client.post(reverse("console:census-sign-off"), {"month": "2026-11"})
    report = OccupancyReport.objects.get(project=estate.project, month=NOV)
    assert report.status == "distributed" and report.signed_by == estate.manager
    html = client.get(PAGE, {"month": "2026-11"}).content.decode()
    assert reverse("console:census-sign-off") not in html


def test_assigning_an_assistant(estate, client):
    services.census_month_open(project=estate.project, month=NOV, acting_user=estate.supervisor)
    census = BuildingCensus.objects.get(project=estate.project, building__number="1")
    client.force_login(estate.supervisor)
    client.post(reverse("console:census-assign", args=[census.pk]), {"assistant": estate.assistant2.pk})
    assert BuildingCensus.objects.get(pk=census.pk).assistant == estate.assistant2
    client.force_login(estate.assistant)
    assert (
        client.post(
            reverse("console:census-assign", args=[census.pk]), {"assistant": estate.assistant.pk}
        ).status_code
        == 403
    )


def test_excel_download(estate, client):
    client.force_login(estate.manager)
    response = client.get(PAGE, {"month": "2026-11", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_a_bad_month_and_who_may_see_the_page(estate, client):
    client.force_login(estate.manager)
    assert client.get(PAGE, {"month": "2026-13"}).status_code == 400
    client.force_login(staff(Role.ENGINEER, estate.project))
    assert client.get(PAGE).status_code == 403
    other = Estate()
    services.census_month_open(project=other.project, month=NOV, acting_user=other.supervisor)
    foreign = BuildingCensus.objects.filter(project=other.project).first()
    client.force_login(estate.assistant)
    assert client.post(reverse("console:census-confirm", args=[foreign.pk])).status_code == 404
