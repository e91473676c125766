"""Fixtures of the supervision tests: a project with renovations already on site (fields set
directly to the IN_PROGRESS stage: status, started_at), the three departments' staff and heads."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from wuye.accounts.choices import Role
from wuye.core.tests.factories import BuildingFactory, OwnershipFactory, UnitFactory, staff
from wuye.renovation.choices import RenovationStatus
from wuye.renovation.models import Renovation

_numbers = itertools.count(1)


def local(year, month, day, hour=10, minute=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


class Site:
    """One project: staff of every department (an assistant, an engineer, a guard and their heads),
    the project manager; `renovation()` makes a unit renovating since `started_at`."""

    def __init__(self):
        self.building = BuildingFactory()
        self.project = self.building.project
        self.cs = staff(Role.CS_ASSISTANT, self.project)
        self.cs_head = staff(Role.CS_SUPERVISOR, self.project)
        self.engineer = staff(Role.ENGINEER, self.project)
        self.engineering_head = staff(Role.ENGINEERING_LEAD, self.project)
        self.guard = staff(Role.SECURITY, self.project)
        self.security_head = staff(Role.SECURITY_LEAD, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)
        self.cashier = staff(Role.CASHIER, self.project)

    def renovation(
        self,
        *,
        started_at: dt.datetime | None = None,
        status: str = RenovationStatus.IN_PROGRESS,
        accepted_on: dt.date | None = None,
        **fields,
    ) -> Renovation:
        unit = UnitFactory(building=self.building, status="renovating", handover_date=dt.date(2024, 1, 1))
        ownership = OwnershipFactory(unit=unit)
        number = next(_numbers)
        started = started_at if started_at is not None else timezone.now() - dt.timedelta(days=10)
        return Renovation.objects.create(
            project=self.project,
            unit=unit,
            number=f"ZX2026-{number:04d}",
            status=status,
            owner=ownership.owner,
            company_name="安居装饰工程有限公司",
            company_responsible="王工",
            company_mobile="13900001111",
            started_at=None if status in (RenovationStatus.DRAFT, RenovationStatus.APPROVED) else started,
            status_before="vacant",
            accepted_on=accepted_on,
            created_by=self.cs,
            **fields,
        )
