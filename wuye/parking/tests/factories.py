"""Parking test helpers: a project with an owner's unit, the desk, cashier, manager and gate staff,
one underground space and the owner's registered car."""

import datetime as dt

from wuye.accounts.choices import Role
from wuye.core.tests.factories import OwnershipFactory, staff
from wuye.parking import services


class Garage:
    def __init__(self):
        ownership = OwnershipFactory()
        self.unit, self.owner, self.project = ownership.unit, ownership.owner, ownership.unit.project
        self.unit.handover_date = dt.date(2024, 1, 1)
        self.unit.save()
        self.desk = staff(Role.CS_ASSISTANT, self.project)
        self.cashier = staff(Role.CASHIER, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)
        self.guard = staff(Role.SECURITY, self.project)
        self.space = services.space_save(
            project=self.project, acting_user=self.desk, number="B1-001", area="underground"
        )
        self.car = services.vehicle_register(
            project=self.project,
            plate="京A12345",
            licence_owner=self.owner.name,
            owner=self.owner,
            model="大众帕萨特",
            acting_user=self.desk,
        )

    def rent(self, start=dt.date(2026, 11, 1), end=dt.date(2027, 1, 31), **kwargs):
        fields = {
            "space": self.space,
            "vehicle": self.car,
            "start_date": start,
            "end_date": end,
            "renter_name": self.owner.name,
            "renter_mobile": "13812345678",
            "licence_plate": "京A 12345",
            "identity_checked": True,
            "acting_user": self.desk,
            "unit": self.unit,
            **kwargs,
        }
        return services.rental_create(**fields)

    def space_numbered(self, number: str, **fields):
        return services.space_save(
            project=self.project,
            acting_user=self.desk,
            number=number,
            area=fields.pop("area", "ground"),
            **fields,
        )

    def car_with(self, plate: str, **fields):
        return services.vehicle_register(
            project=self.project,
            plate=plate,
            acting_user=self.desk,
            licence_owner=fields.pop("licence_owner", self.owner.name),
            owner=fields.pop("owner", self.owner),
            **fields,
        )
