"""Occupancy test helpers: a project with a fee schedule (billing's Books), its staff and units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wuye.billing import services as billing
from wuye.billing.tests.factories import Books
from wuye.core.roles import Role
from wuye.core.tests.factories import LeaseFactory, OwnerFactory, OwnershipFactory, staff

D = Decimal
# 100 m² × 2.50 + 10.00 fixed: one month of property fee
MONTHLY = D("260.00")


class Estate:
    """Books (management fee 2.50/m², fixed 10.00, water by meter) with an assistant, a cashier,
    and helpers for units in each state a procedure starts from."""

    def __init__(self):
        self.books = Books()
        self.project = self.books.project
        self.cashier = self.books.cashier
        self.manager = self.books.manager
        self.assistant = staff(Role.CS_ASSISTANT, self.project)
        self.security_lead = staff(Role.SECURITY_LEAD, self.project)
        self.supervisor = staff(Role.CS_SUPERVISOR, self.project)
        self._keys = 0

    def unit(self, status: str = "vacant", **kwargs):
        unit = self.books.unit(**kwargs)
        if status != unit.status:
            type(unit).objects.filter(pk=unit.pk).update(status=status)
            unit.refresh_from_db()
        return unit

    def owned(self, status: str = "vacant", *, vip: bool = False, **kwargs):
        unit = self.unit(status, **kwargs)
        owner = OwnerFactory(project=self.project, is_vip=vip)
        OwnershipFactory(unit=unit, owner=owner)
        return unit, owner

    def rented(self):
        unit, owner = self.owned("rented")
        lease = LeaseFactory(unit=unit, tenant__project=self.project, start_date=dt.date(2025, 1, 1))
        return unit, owner, lease

    def bill(self, unit, start=dt.date(2026, 11, 1), months: int = 1):
        """Run the charges for the months (once per period) and pay what the unit owes."""
        self.books.run(start=start, months=months)
        due = sum((c.amount - c.allocated for c in unit.charges.all()), D("0.00"))
        if due:
            self.pay(unit, due)

    def pay(self, unit, amount):
        self._keys += 1
        return billing.payment_create(
            unit=unit,
            method="cash",
            amount=str(amount),
            idempotency_key=f"occ-{unit.pk}-{self._keys}",
            acting_user=self.cashier,
        )

    def read_meter(self, unit, day: dt.date, reading: str = "20"):
        meter = unit.meters.filter(replaced_on__isnull=True).first() or billing.meter_install(
            unit=unit, meter_type="water", installed_on=dt.date(2024, 1, 1), acting_user=self.cashier
        )
        billing.meter_reading_record(meter=meter, read_on=day, reading=reading, acting_user=self.cashier)
        return meter
