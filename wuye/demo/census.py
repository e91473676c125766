"""Census demo (seed 000 §22): last month's census confirmed building by building by the 30th and
its occupancy report signed off by the project manager on the 2nd (copies to security and the
cashier); this month's census started on the 1st, the first building already confirmed.

Written through the census services with the clock set to each step's moment; skipped for a
project that already has an occupancy report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from wuye.census import months, services
from wuye.census.models import BuildingCensus, OccupancyReport
from wuye.demo.clock import frozen, moment, quiet

OFFICE_CODE = "guomao"


def _people(project, staff: dict) -> dict | None:
    office = project.code == OFFICE_CODE
    names = {
        "assistant": "guomao_assistant" if office else "cs_assistant",
        "supervisor": "project_manager" if office else "cs_supervisor",
        "manager": "project_manager",
    }
    if not set(names.values()) <= set(staff):
        return None
    return {role: staff[name] for role, name in names.items()}


def _start(project, month: dt.date, people: dict) -> list[BuildingCensus]:
    with frozen(moment(month, 9)):
        report = services.census_month_open(project=project, month=month, acting_user=people["supervisor"])
        censuses = list(BuildingCensus.objects.filter(report=report).select_related("building"))
        for census in censuses:  # a building without an area butler: the supervisor names one
            if census.assistant_id is None:
                services.census_assign(
                    census=census, assistant=people["assistant"], acting_user=people["supervisor"]
                )
    return list(BuildingCensus.objects.filter(report=report).select_related("assistant", "building"))


def load_census(projects, *, staff: dict, today: dt.date) -> Counter:
    counts: Counter[str] = Counter()
    this_month = months.month_first(today)
    last_month = months.previous_month(this_month)
    for project in projects:
        people = _people(project, staff)
        if people is None or OccupancyReport.objects.filter(project=project).exists():
            continue
        with quiet():  # last month's reminders are long settled
            for census in _start(project, last_month, people):
                day = months.census_due(last_month) - dt.timedelta(days=census.building_id % 3)
                with frozen(moment(day, 16)):
                    services.census_confirm(
                        census=census, acting_user=census.assistant, remarks="已上楼普查核实"
                    )
                counts["building censuses"] += 1
        with frozen(moment(months.report_due(last_month) - dt.timedelta(days=1), 10)):
            services.report_sign_off(project=project, month=last_month, acting_user=people["manager"])
        counts["occupancy reports"] += 1
        current = _start(project, this_month, people)
        counts["building censuses"] += len(current)
        if current and today > this_month:
            with frozen(moment(today, 9)):
                services.census_confirm(
                    census=current[0], acting_user=current[0].assistant, remarks="已上楼普查核实"
                )
        counts["occupancy reports"] += 1
    return counts
