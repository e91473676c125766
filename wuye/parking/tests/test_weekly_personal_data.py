"""Issue 10: the Monday list's Excel file (月租名单, for the garage toll collector) shows the
renters' mobiles as the owner record does: in full to the desk, masked to the security guard."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from wuye.parking.tests.factories import Garage

pytestmark = pytest.mark.django_db

WEEKLY = "/api/v1/parking/rentals/weekly-list/"
FULL = "13812345678"


@pytest.mark.parametrize(("who", "shown"), [("desk", FULL), ("guard", "138****5678")])
def test_weekly_list_excel_masks_mobiles_for_roles_without_personal_data_access(login, who, shown):
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        garage = Garage()
        garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 31))  # mobile 13812345678
        response = login(getattr(garage, who)).get(WEEKLY, {"project": garage.project.pk, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c) for row in sheet.iter_rows(min_row=6, values_only=True) for c in row if c is not None]
    assert shown in cells
    if shown != FULL:
        assert FULL not in "".join(cells)
