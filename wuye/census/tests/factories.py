"""A small estate for census tests: a project with two buildings, units in each, and its staff
(two assistants — one per building —, a supervisor, the project manager, security and a cashier)."""

from __future__ import annotations

import datetime as dt

from wuye.core.roles import Role
from wuye.core.tests.factories import BuildingFactory, ProjectFactory, UnitFactory, staff
from wuye.estate.choices import OccupancyStatus as S
from wuye.estate.choices import StatusChangeSource
from wuye.estate.services import unit_change_status
from wuye.servicedesk.services import butler_area_set

SH = dt.timezone(dt.timedelta(hours=8))


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=SH)


class Estate:
    def __init__(self, *, units_per_building: int = 3, butlers: bool = True):
        self.project = ProjectFactory()
        self.buildings = [BuildingFactory(project=self.project, number=n) for n in ("1", "2")]
        self.units = {
            b.number: [
                UnitFactory(building=b, project=self.project, code=f"{b.number}-1-{100 + i}")
                for i in range(units_per_building)
            ]
            for b in self.buildings
        }
        self.assistant = staff(Role.CS_ASSISTANT, self.project)
        self.assistant2 = staff(Role.CS_ASSISTANT, self.project)
        self.supervisor = staff(Role.CS_SUPERVISOR, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)
        self.security = staff(Role.SECURITY, self.project)
        self.cashier = staff(Role.CASHIER, self.project)
        if butlers:
            butler_area_set(building=self.buildings[0], user=self.assistant, acting_user=self.supervisor)
            butler_area_set(building=self.buildings[1], user=self.assistant2, acting_user=self.supervisor)

    def change(self, unit, to_status: str, when: dt.datetime, source: str = StatusChangeSource.HANDOVER):
        return unit_change_status(
            unit=unit, to_status=to_status, acting_user=self.manager, source=source, at=when
        )

    def hand_over(self, unit, when: dt.datetime):
        return self.change(unit, S.VACANT, when)

    def move_in(self, unit, when: dt.datetime, to_status: str = S.OWNER_OCCUPIED):
        return self.change(unit, to_status, when, StatusChangeSource.MOVE_IN)
