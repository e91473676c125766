"""Test helpers of the shift log and the custody view: a project with two units, the desk's staff,
and rows of every register the custody view reads (written directly: the other parts' services are
not this part's concern; the view only reads their models)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wuye.core.roles import Role
from wuye.core.tests.factories import OwnershipFactory, UnitFactory, staff
from wuye.frontdesk.choices import MailStatus, PassStatus, StorageStatus
from wuye.frontdesk.models import LendableItem, Loan, MailItem, ReleasePass, StoredItem
from wuye.frontdesk.services import shift_custody as services
from wuye.keys import services as key_services


class Desk:
    def __init__(self):
        ownership = OwnershipFactory(unit__status="owner_occupied")
        self.unit, self.owner, self.project = ownership.unit, ownership.owner, ownership.unit.project
        self.other_unit = UnitFactory(building=self.unit.building)
        self.assistant = staff(Role.CS_ASSISTANT, self.project)
        self.next_assistant = staff(Role.CS_ASSISTANT, self.project)
        self.supervisor = staff(Role.CS_SUPERVISOR, self.project)
        self.guard = staff(Role.SECURITY, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)
        self.engineer = staff(Role.ENGINEER, self.project)
        self.keeper = staff(Role.KEY_KEEPER, self.project)
        self._n = 0

    # --- the shift log --------------------------------------------------------------------------

    def entry(self, *, by=None, kind="open_point", text="检查3号电梯异响", **kwargs):
        return services.shift_entry_write(
            project=self.project, kind=kind, text=text, acting_user=by or self.assistant, **kwargs
        )

    def message(self, **kwargs):
        kwargs.setdefault("from_name", "王女士")
        kwargs.setdefault("contact", "13812345678")
        kwargs.setdefault("unit", self.unit)
        return self.entry(kind="message", text="请物业回电，明天上午有快递", **kwargs)

    def handover(self, *, by=None, shift="白班", **kwargs):
        return services.shift_handover(
            project=self.project, shift=shift, acting_user=by or self.assistant, **kwargs
        )

    # --- the registers the custody view reads ------------------------------------------------------

    def _next(self) -> int:
        self._n += 1
        return self._n

    def mail(self, *, received_at=None, status=MailStatus.WAITING, project=None, unit=None):
        return MailItem.objects.create(
            project=project or self.project,
            unit=unit or self.unit,
            kind="parcel",
            recipient="王女士",
            sender="顺丰",
            tracking_number=f"SF{self._next():08d}",
            status=status,
            received_at=received_at or timezone.now(),
            received_by=self.assistant,
        )

    def stored(self, *, pickup_in=dt.timedelta(days=1), status=StorageStatus.STORED, project=None):
        now = timezone.now()
        return StoredItem.objects.create(
            project=project or self.project,
            unit=self.unit,
            depositor="李先生",
            category="luggage",
            description="行李箱",
            condition="完好",
            deposited_at=now - dt.timedelta(hours=3),
            expected_pickup_at=now + pickup_in,
            received_by=self.assistant,
            status=status,
        )

    def loan(self, *, due_in=dt.timedelta(hours=2), returned=False, project=None):
        item = LendableItem.objects.create(
            project=project or self.project,
            code=f"YS-{self._next():03d}",
            name="雨伞",
            original_price=Decimal("35.00"),
            state="lent",
        )
        now = timezone.now()
        return Loan.objects.create(
            item=item,
            borrower="赵先生",
            unit=self.unit,
            lent_at=now - dt.timedelta(hours=1),
            lent_by=self.assistant,
            condition_out="完好",
            due_back_at=now + due_in,
            returned_at=now if returned else None,
        )

    def key_out(self, *, hours=4):
        key = key_services.key_register(
            unit=self.unit, source="developer", storage_location="A-01", acting_user=self.keeper
        )
        key_services.key_borrow(
            key=key,
            borrower=self.assistant,
            due_back_at=timezone.now() + dt.timedelta(hours=hours),
            signed_name=str(self.assistant),
            signed=True,
            acting_user=self.keeper,
        )
        return key

    def key_in_store(self):
        return key_services.key_register(
            unit=self.unit, source="developer", storage_location="A-02", acting_user=self.keeper
        )

    def release_pass(self, *, valid_on=None, status=PassStatus.APPROVED, project=None):
        n = self._next()
        return ReleasePass.objects.create(
            project=project or self.project,
            unit=self.unit,
            number=f"FX-T{n:04d}",
            kind="temporary",
            valid_on=valid_on or timezone.localdate(),
            status=status,
            carrier_kind="owner",
            carrier_name="王女士",
            approved_by=self.assistant,
            approved_at=timezone.now(),
            created_by=self.assistant,
        )
