"""The census demo: last month confirmed and signed off, this month in progress; run twice, once."""

import pytest
import time_machine

from wuye.census.models import BuildingCensus, OccupancyReport
from wuye.census.months import parse_month
from wuye.census.tests.factories import Estate, at
from wuye.demo.census import load_census

pytestmark = pytest.mark.django_db


def test_last_month_signed_this_month_in_progress():
    with time_machine.travel(at(2026, 11, 20), tick=False):
        estate = Estate()
        estate.hand_over(estate.units["1"][0], at(2026, 10, 12))
        staff = {
            "cs_assistant": estate.assistant,
            "cs_supervisor": estate.supervisor,
            "project_manager": estate.manager,
        }
        counts = load_census([estate.project], staff=staff, today=at(2026, 11, 20).date())
        assert counts["occupancy reports"] == 2 and counts["building censuses"] == 4
        october = OccupancyReport.objects.get(project=estate.project, month=parse_month("2026-10"))
        assert october.status == "distributed" and october.signed_by == estate.manager
        assert october.signed_at.date().isoformat() == "2026-11-02"
        assert october.figures["change_counts"]["handed_over"] == 1
        november = OccupancyReport.objects.get(project=estate.project, month=parse_month("2026-11"))
        assert november.status == "draft"
        states = list(
            BuildingCensus.objects.filter(report=november)
            .order_by("building__number")
            .values_list("status", flat=True)
        )
        assert states == ["confirmed", "open"]
        assert not load_census([estate.project], staff=staff, today=at(2026, 11, 20).date())
