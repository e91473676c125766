"""Billing test helpers: a project with a fee schedule, handed-over units and a cashier."""

import datetime as dt
from decimal import Decimal

from wuye.accounts.choices import Role
from wuye.billing import services
from wuye.billing.choices import ChargeBasis, FeeKind
from wuye.billing.models import FeeItem, Tariff
from wuye.core.tests.factories import BuildingFactory, UnitFactory, staff

D = Decimal


class Books:
    """Project with a management fee (per m²/month), a fixed monthly fee, water by meter."""

    def __init__(self, *, rate="2.50", fixed="10.00", water="4.15"):
        self.building = BuildingFactory()
        self.project = self.building.project
        self.cashier = staff(Role.CASHIER, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)
        self.mgmt = FeeItem.objects.create(
            project=self.project,
            code="mgmt",
            name="物业管理服务费",
            kind=FeeKind.INCOME,
            basis=ChargeBasis.AREA_MONTH,
        )
        self.fixed = FeeItem.objects.create(
            project=self.project,
            code="garbage",
            name="垃圾清运费",
            kind=FeeKind.INCOME,
            basis=ChargeBasis.FIXED_MONTH,
        )
        self.water = FeeItem.objects.create(
            project=self.project,
            code="water",
            name="水费",
            kind=FeeKind.ON_BEHALF,
            basis=ChargeBasis.METER,
            meter_type="water",
            billed_in_runs=False,
        )
        since = dt.date(2020, 1, 1)
        for item, value in ((self.mgmt, rate), (self.fixed, fixed), (self.water, water)):
            if value is not None:
                Tariff.objects.create(
                    fee_item=item, effective_from=since, rate=D(value), created_by=self.manager
                )

    def unit(self, *, area="100.00", handover=dt.date(2024, 1, 1), **kwargs):
        return UnitFactory(
            building=self.building,
            building_area=D(area),
            handover_date=handover,
            status="owner_occupied" if handover else "not_handed_over",
            **kwargs,
        )

    def run(self, start=dt.date(2026, 11, 1), months=1):
        return services.charge_run_create(
            project=self.project, period_start=start, months=months, acting_user=self.manager
        )

    def pay(self, unit, amount, key=None, **kwargs):
        return services.payment_create(
            unit=unit,
            method="cash",
            amount=str(amount),
            idempotency_key=key or f"k-{unit.pk}-{amount}-{len(kwargs)}-{id(kwargs)}",
            acting_user=self.cashier,
            **kwargs,
        )


def paid_ticket(books, desk, *, fee, completed_at, unit=None):
    """A completed paid service of `books`' project (made through the service desk's own services on
    `desk`, then moved over with its fee and completion time)."""
    from wuye.servicedesk.models import Ticket

    ticket = desk.through_completion(desk.repair())
    Ticket.objects.filter(pk=ticket.pk).update(
        project=books.project, unit=unit or books.unit(), is_paid=True, fee=D(fee), completed_at=completed_at
    )
    ticket.refresh_from_db()
    return ticket
