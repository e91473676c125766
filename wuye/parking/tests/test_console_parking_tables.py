"""Parking lists on the shared table mechanism: sortable spaces, and the rentals export masks the
renters' mobiles exactly as the page does for the reader's role."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.translation import gettext
from openpyxl import load_workbook

from wuye.parking.tests.factories import Garage

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def sheet_rows(response, first_header):
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    return rows[start + 1 :]


def test_spaces_sort_by_number_both_ways(client):
    garage = Garage()
    garage.space_numbered("A-010")
    garage.space_numbered("C-001")
    client.force_login(garage.desk)
    numbers = [s.number for s in client.get("/parking/", {"sort": "-number"}).context["page"]]
    assert numbers == ["C-001", "B1-001", "A-010"]
    numbers = [s.number for s in client.get("/parking/", {"sort": "number"}).context["page"]]
    assert numbers == ["A-010", "B1-001", "C-001"]


@pytest.mark.parametrize(("who", "mobile"), [("desk", "13812345678"), ("guard", "138****5678")])
def test_rentals_export_masks_mobiles_like_the_page(client, who, mobile):
    garage = Garage()
    garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    garage.rent(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31))
    other = Garage()
    other.rent(renter_mobile="13700001111")
    client.force_login(getattr(garage, who))
    assert mobile in client.get("/parking/rentals/").content.decode()
    rows = sheet_rows(client.get("/parking/rentals/", {"all": "1", "export": "xlsx"}), gettext("Space"))
    assert len(rows) == 2 and {r[4] for r in rows} == {mobile}
    assert "13700001111" not in str(rows)
    # the day filter applies to the file as to the page
    assert (
        len(
            sheet_rows(
                client.get("/parking/rentals/", {"date": "2026-12-05", "export": "xlsx"}), gettext("Space")
            )
        )
        == 1
    )
