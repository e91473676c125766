"""Key custody test helpers: a project with a vacant unit and its owner, a unit not yet handed over,
the key keeper, a desk assistant, the project manager and a company manager."""

import datetime as dt

from django.utils import timezone

from wuye.core.roles import Role
from wuye.core.tests.factories import OwnerFactory, OwnershipFactory, UnitFactory, staff
from wuye.keys import services


class Cabinet:
    def __init__(self):
        ownership = OwnershipFactory(unit__status="vacant")
        self.unit, self.owner, self.project = ownership.unit, ownership.owner, ownership.unit.project
        self.new_unit = UnitFactory(building=self.unit.building)  # not handed over
        self.stranger = OwnerFactory(project=self.project)
        self.keeper = staff(Role.KEY_KEEPER, self.project)
        self.desk = staff(Role.CS_ASSISTANT, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)
        self.boss = staff(Role.COMPANY_MANAGER, None)

    def key(self, *, unit=None, source="developer", number="", **kwargs):
        return services.key_register(
            unit=unit or self.unit,
            source=source,
            storage_location="A-01",
            number=number,
            acting_user=self.keeper,
            **kwargs,
        )

    def entrusted(self, **kwargs):
        return services.key_entrust(
            unit=self.unit,
            entrusted_by=self.owner,
            storage_location="B-02",
            consent=True,
            acting_user=self.desk,
            **kwargs,
        )

    def lend(self, key, *, hours=4, borrower=None):
        return services.key_borrow(
            key=key,
            borrower=borrower or self.desk,
            due_back_at=timezone.now() + dt.timedelta(hours=hours),
            signed_name=str(borrower or self.desk),
            signed=True,
            acting_user=self.keeper,
        )

    def issue(self, key, *, to_owner=None, **kwargs):
        params = {
            "to_owner": to_owner or self.owner,
            "identity_checked": True,
            "identity_document": "resident_id",
            "signed_name": (to_owner or self.owner).name,
            "signed": True,
            "acting_user": self.keeper,
        }
        params.update(kwargs)
        return services.key_issue(key=key, **params)
