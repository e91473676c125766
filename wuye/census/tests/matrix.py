"""Census's part of the API permission matrix (wuye/core/tests/permission_matrix.py).

Each side gets last month's census confirmed by its assistant (so that the project manager may
sign the report off) and this month's open, assigned to the assistant the matrix calls with (in
project A that is the world's cs_assistant: confirming is for the building's assigned assistant).
"""

from __future__ import annotations

from django.utils import timezone

from wuye.census import months, services
from wuye.census.models import BuildingCensus
from wuye.core.roles import Role
from wuye.core.tests.permission_matrix import GET, POST, A


def _month(side) -> dict:
    return {"project": side.project.pk, "month": months.month_label(timezone.localdate())}


def _last_month(side, world) -> dict:
    return {"project": side.project.pk, "month": months.month_label(side.census_last_month)}


MATRIX = {
    ("api-occupancy-report", GET): A("census.view", query=_month),
    ("api-occupancy-report-sign-off", POST): A("census.sign_off"),
    ("occupancy-census-confirm", POST): A("census.confirm", obj="census"),
}

OBJECTS = {"occupancy-census": "census"}

BODIES = {
    ("api-occupancy-report-sign-off", POST): _last_month,
    ("occupancy-census-confirm", POST): lambda side, world: {"remarks": "已上楼核实"},
}


def build_side(side, world) -> None:
    """Census objects for one side; runs after the other apps' (census is the last of LATER_APPS),
    so every building of the side's project is in the census."""
    project = side.project
    assistant = world.users[Role.CS_ASSISTANT] if side is world.a else side.user
    supervisor = world.users[Role.CS_SUPERVISOR] if side is world.a else side.manager
    this_month = months.month_first(timezone.localdate())
    last_month = months.previous_month(this_month)
    for month in (last_month, this_month):
        report = services.census_month_open(project=project, month=month)
        for census in BuildingCensus.objects.filter(report=report):
            census = services.census_assign(census=census, assistant=assistant, acting_user=supervisor)
            if month == last_month:
                services.census_confirm(census=census, acting_user=assistant)
    side.census_last_month = last_month
    side.census = BuildingCensus.objects.filter(project=project, month=this_month).order_by("pk").first()
