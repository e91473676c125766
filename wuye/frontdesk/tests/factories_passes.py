"""Test helpers of the release passes: a project whose unit has an owner and a tenant, the desk's
staff, the gate's guard, and billing just enough to owe (and pay) something."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wuye.billing import services as billing
from wuye.billing.choices import ChargeBasis, FeeKind
from wuye.billing.models import FeeItem
from wuye.core.roles import Role
from wuye.core.tests.factories import (
    BuildingFactory,
    LeaseFactory,
    OwnershipFactory,
    UnitFactory,
    staff,
)
from wuye.frontdesk.services import passes as services

ITEMS = [{"name": "双人床", "quantity": 1}, {"name": "纸箱", "quantity": 12, "note": "书籍"}]


class Desk:
    """One project: a handed-over unit with its owner and a tenant; the desk assistant and
    supervisor, the project manager, a guard and a cashier. No periodic fees: the unit is settled
    until `owe()` bills it something."""

    def __init__(self, **project_settings):
        self.building = BuildingFactory()
        self.project = self.building.project
        if project_settings:
            self.project.settings = {"frontdesk": project_settings}
            self.project.save(update_fields=["settings"])
        self.unit = UnitFactory(building=self.building, status="owner_occupied")
        self.owner = OwnershipFactory(unit=self.unit).owner
        self.tenant = LeaseFactory(unit=self.unit).tenant
        self.assistant = staff(Role.CS_ASSISTANT, self.project)
        self.supervisor = staff(Role.CS_SUPERVISOR, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)
        self.guard = staff(Role.SECURITY, self.project)
        self.cashier = staff(Role.CASHIER, self.project)
        self.fee = FeeItem.objects.create(
            project=self.project,
            code="repair",
            name="维修费",
            kind=FeeKind.INCOME,
            basis=ChargeBasis.PER_ITEM,
            billed_in_runs=False,
        )

    def owe(self, amount="120.00", unit=None):
        return billing.charge_create(
            unit=unit or self.unit,
            fee_item=self.fee,
            amount=Decimal(amount),
            description="更换门锁",
            acting_user=self.manager,
            period_start=timezone.localdate() - dt.timedelta(days=10),
        )

    def pay(self, amount="120.00", unit=None):
        unit = unit or self.unit
        return billing.payment_create(
            unit=unit,
            method="cash",
            amount=amount,
            idempotency_key=f"pass-{unit.pk}-{amount}-{timezone.now().timestamp()}",
            acting_user=self.cashier,
        )

    def new(self, *, kind="temporary", carrier_kind="tenant", carrier_name="租户甲", unit=None, **kwargs):
        kwargs.setdefault("items", ITEMS)
        if carrier_kind == "owner" and carrier_name == "租户甲":
            carrier_name = self.owner.name
        if carrier_kind == "employee":
            kwargs.setdefault("company", "某某科技有限公司")
        return services.pass_create(
            unit=unit or self.unit,
            kind=kind,
            carrier_kind=carrier_kind,
            carrier_name=carrier_name,
            acting_user=self.assistant,
            **kwargs,
        )

    def agree(self, release_pass, answer="agreed"):
        return services.pass_consent(
            release_pass=release_pass,
            phone=self.owner.mobile,
            name=self.owner.name,
            answer=answer,
            note="同意搬出",
            acting_user=self.assistant,
        )

    def issued(self, **kwargs):
        release_pass = self.new(**kwargs)
        if release_pass.consent_party:
            self.agree(release_pass)
        return services.pass_approve(
            release_pass=release_pass, carrier_signed=True, acting_user=self.supervisor
        )
