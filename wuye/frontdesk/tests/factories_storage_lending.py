"""Helpers of the storage and lending tests: a project with a unit, the desk staff, a guard, stored
items and lendable items."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wuye.core.roles import Role
from wuye.core.tests.factories import UnitFactory, staff
from wuye.frontdesk.choices import StorageCategory
from wuye.frontdesk.services import storage_lending as services


class Desk:
    def __init__(self, project=None):
        self.unit = UnitFactory(**({"building__project": project} if project else {}))
        self.project = self.unit.project
        self.assistant = staff(Role.CS_ASSISTANT, self.project)
        self.supervisor = staff(Role.CS_SUPERVISOR, self.project)
        self.guard = staff(Role.SECURITY, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)

    def store(self, *, category=StorageCategory.LUGGAGE, hours=24, at=None, **kwargs):
        fields = {
            "depositor": "王先生",
            "description": "黑色行李箱",
            "quantity": 1,
            "condition": "完好",
            "unit": self.unit,
        }
        fields.update(kwargs)
        return services.storage_deposit(
            project=self.project,
            category=category,
            expected_pickup_at=timezone.now() + dt.timedelta(hours=hours),
            acting_user=self.assistant,
            at=at,
            **fields,
        )

    def overdue_item(self, **kwargs):
        """A stored item whose pick-up time has passed (the deposit was entered from paper)."""
        item = self.store(**kwargs)
        item.deposited_at = timezone.now() - dt.timedelta(days=3)
        item.expected_pickup_at = timezone.now() - dt.timedelta(days=1)
        item.save(update_fields=["deposited_at", "expected_pickup_at"])
        return item

    def lendable(self, *, code="U-01", name="雨伞", price="35.00"):
        return services.lendable_item_register(
            project=self.project,
            code=code,
            name=name,
            original_price=Decimal(price),
            acting_user=self.assistant,
        )

    def lend(self, item, *, unit="same", hours=4, **kwargs):
        return services.loan_lend(
            item=item,
            borrower=kwargs.pop("borrower", "李女士"),
            condition_out=kwargs.pop("condition_out", "完好"),
            due_back_at=timezone.now() + dt.timedelta(hours=hours),
            unit=self.unit if unit == "same" else unit,
            acting_user=self.assistant,
            **kwargs,
        )

    def overdue_loan(self, item, **kwargs):
        loan = self.lend(item, **kwargs)
        loan.lent_at = timezone.now() - dt.timedelta(days=2)
        loan.due_back_at = timezone.now() - dt.timedelta(days=1)
        loan.save(update_fields=["lent_at", "due_back_at"])
        return loan
