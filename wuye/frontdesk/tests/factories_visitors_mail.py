"""A front desk with its people for the visitor and mail tests: a project, a unit with an owner (with
a login) and a tenant, the desk assistant, a guard, the project manager."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wuye.core.fakes import make_resident_id
from wuye.core.roles import Role
from wuye.core.tests.factories import (
    BuildingFactory,
    LeaseFactory,
    OwnershipFactory,
    ProjectFactory,
    UnitFactory,
    resident_user,
    staff,
)
from wuye.frontdesk.services import visitors_mail as services

VALID_ID = make_resident_id(dt.date(1985, 6, 1), 123)


class FrontDesk:
    def __init__(self):
        self.project = ProjectFactory()
        self.building = BuildingFactory(project=self.project, number="1")
        self.unit = UnitFactory(building=self.building, floor=12, room="1201", code="1-1201")
        self.ownership = OwnershipFactory(unit=self.unit)
        self.owner = self.ownership.owner
        self.owner_user = resident_user(owner=self.owner)
        self.lease = LeaseFactory(unit=self.unit)
        self.desk = staff(Role.CS_ASSISTANT, self.project)
        self.supervisor = staff(Role.CS_SUPERVISOR, self.project)
        self.guard = staff(Role.SECURITY, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)
        self.engineer = staff(Role.ENGINEER, self.project)

    def unit_at(self, building: str, floor: int, room: str):
        building_obj = self.project.buildings.filter(number=building).first() or BuildingFactory(
            project=self.project, number=building
        )
        return UnitFactory(building=building_obj, floor=floor, room=room, code=f"{building}-{room}")

    def visitor(self, **kwargs):
        data = {
            "project": self.project,
            "name": "张三",
            "id_type": "resident_id",
            "id_number": VALID_ID,
            "host_unit": self.unit,
            "host_name": self.owner.name,
            "host_confirmation": "phone",
            "acting_user": self.desk,
        }
        data.update(kwargs)
        return services.visitor_register(**data)

    def mail(self, **kwargs):
        data = {
            "project": self.project,
            "kind": "parcel",
            "unit": self.unit,
            "recipient": self.owner.name,
            "sender": "顺丰",
            "tracking_number": "SF1234567890",
            "acting_user": self.desk,
        }
        data.update(kwargs)
        return services.mail_receive(**data)

    def subscription(self, unit=None, **kwargs):
        data = {
            "project": self.project,
            "unit": unit or self.unit,
            "kind": "newspaper",
            "title": "北京晚报",
            "starts_on": timezone.localdate() - dt.timedelta(days=30),
            "acting_user": self.desk,
        }
        data.update(kwargs)
        return services.subscription_register(**data)
