"""The small world the permission matrix runs against: two projects, A and B, each with one object
of every kind an API route shows, made through the apps' own services and factories.

Project A's objects hang on one unit, the home of the resident accounts (an owner and a tenant),
so that for residents "in scope" means "their own"; project B's are out of everybody's scope but
the company manager's.
"""

import datetime as dt

from wuye.accounts.models import RoleAssignment
from wuye.billing import services as billing
from wuye.billing.models import Charge
from wuye.billing.tests.factories import Books
from wuye.core.models import CalendarDay
from wuye.core.roles import Role
from wuye.core.tests.factories import (
    LeaseFactory,
    OwnerFactory,
    OwnershipFactory,
    PublicAreaFactory,
    TenantFactory,
    resident_user,
    staff,
)
from wuye.notifications import services as notifications
from wuye.parking import services as parking
from wuye.servicedesk import services as desk
from wuye.servicedesk.models import DeskDuty


class Side:
    """One project with one object of each kind (attribute name = the world's object kind)."""

    def __init__(self, label: str):
        books = Books()
        self.label = label
        self.project = books.project
        self.building = books.building
        self.unit = books.unit()
        self.owner = OwnerFactory(project=self.project)
        self.ownership = OwnershipFactory(unit=self.unit, owner=self.owner)
        self.tenant = TenantFactory(project=self.project)
        self.lease = LeaseFactory(unit=self.unit, tenant=self.tenant)
        self.public_area = PublicAreaFactory(project=self.project, building=self.building)

        cashier, manager = books.cashier, books.manager
        assistant = staff(Role.CS_ASSISTANT, self.project)
        supervisor = staff(Role.CS_SUPERVISOR, self.project)
        self.user = assistant  # a member of the project's staff
        self.assignment = RoleAssignment.objects.get(user=assistant)

        self.ticket = desk.ticket_create(
            project=self.project,
            acting_user=assistant,
            category="repair_in_unit",
            content="厨房水龙头漏水",
            unit=self.unit,
            contact_phone="13812345678",
        )
        self.service_menu_item = desk.service_menu_item_save(
            project=self.project,
            acting_user=supervisor,
            group="repair",
            name="更换水龙头",
            pricing="fixed",
            price_text="30元",
            price_min=30,
        )
        self.contact_log = desk.contact_log_create(
            project=self.project, kind="call", content="询问停水时间", unit=self.unit, acting_user=assistant
        )
        self.customer_visit = desk.customer_visit_create(
            project=self.project, method="phone", unit=self.unit, acting_user=assistant
        )
        self.desk_duty = desk.desk_duty_set(
            project=self.project, day=dt.date(2026, 12, 1), user=assistant, acting_user=supervisor
        )
        assert isinstance(self.desk_duty, DeskDuty)

        self.fee_item = books.mgmt
        self.meter = billing.meter_install(
            unit=self.unit, meter_type="water", installed_on=dt.date(2024, 1, 1), acting_user=cashier
        )
        self.meter_reading = billing.meter_reading_record(
            meter=self.meter, read_on=dt.date(2026, 10, 31), reading="12", acting_user=cashier
        )
        self.charge_run = books.run(start=dt.date(2026, 10, 1)).run
        self.charge = Charge.objects.filter(unit=self.unit, charge_run=self.charge_run).first()
        self.payment = books.pay(self.unit, "10.00").payment
        self.receipt = self.payment.receipt

        self.parking_space = parking.space_save(
            project=self.project, acting_user=assistant, number="B1-001", area="underground"
        )
        self.parking_vehicle = parking.vehicle_register(
            project=self.project,
            plate=f"京A1234{label}",
            licence_owner=self.owner.name,
            owner=self.owner,
            acting_user=assistant,
        )
        self.parking_rental = parking.rental_create(
            space=self.parking_space,
            vehicle=self.parking_vehicle,
            start_date=dt.date(2026, 11, 1),
            end_date=dt.date(2027, 1, 31),
            renter_name=self.owner.name,
            renter_mobile="13812345678",
            licence_plate=self.parking_vehicle.plate,
            identity_checked=True,
            unit=self.unit,
            acting_user=assistant,
        )
        self.parking_card = parking.card_issue(
            rental=self.parking_rental,
            number=f"IC-{label}",
            acting_user=cashier,
            idempotency_key=f"ic-{label}",
        )
        self.deposit = self.parking_card.deposit
        self.parking_session = parking.session_open(
            project=self.project, plate=f"京B5678{label}", acting_user=cashier
        )
        self.manager = manager
        self._for_writes(assistant, cashier)

    def _for_writes(self, assistant, cashier) -> None:
        """Objects a valid write body needs: a ticket in each state an action starts from, a
        complaint, people without an account or a home, a free space, a deposit being refunded."""
        self.spare_owner = OwnerFactory(project=self.project)
        self.spare_tenant = TenantFactory(project=self.project)
        handler = staff(Role.ENGINEER, self.project)
        tickets = [
            desk.ticket_create(
                project=self.project,
                acting_user=assistant,
                category="repair_in_unit",
                content="卧室插座没电",
                unit=self.unit,
                contact_phone="13812345678",
                appointment_at=dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC),
            )
            for _ in range(5)
        ]
        for ticket in tickets:
            desk.ticket_dispatch(ticket=ticket, department="engineering", acting_user=assistant)
        for ticket in tickets[1:]:
            desk.ticket_accept(ticket=ticket, acting_user=handler)
        for ticket in tickets[2:]:
            desk.ticket_start(ticket=ticket, acting_user=handler)
        for ticket in tickets[3:]:
            desk.ticket_complete(ticket=ticket, acting_user=handler, result="更换插座")
        desk.ticket_return_visit(
            ticket=tickets[4], solved=True, satisfaction="satisfied", acting_user=assistant
        )
        for ticket in tickets:
            ticket.refresh_from_db()
        (
            self.ticket_dispatched,
            self.ticket_accepted,
            self.ticket_in_progress,
            self.ticket_completed,
            self.ticket_return_visited,
        ) = tickets
        self.colleague = staff(Role.CS_ASSISTANT, self.project)  # takes over a first-contact duty
        self.complaint = desk.ticket_create(
            project=self.project,
            acting_user=assistant,
            category="complaint",
            content="楼道灯坏了很久没人修",
            unit=self.unit,
        )
        spaces = [
            parking.space_save(project=self.project, acting_user=assistant, number=number, area="underground")
            for number in ("B1-002", "B1-003", "B1-099")
        ]
        self.spare_space = spaces[2]  # free, for a new rental
        card_rental = parking.rental_create(
            space=spaces[0],
            vehicle=self.parking_vehicle,
            start_date=dt.date(2026, 11, 1),
            end_date=dt.date(2027, 1, 31),
            renter_name=self.owner.name,
            renter_mobile="13812345678",
            licence_plate=self.parking_vehicle.plate,
            identity_checked=True,
            unit=self.unit,
            acting_user=assistant,
        )
        card = parking.card_issue(
            rental=card_rental,
            number=f"IC2-{self.label}",
            acting_user=cashier,
            idempotency_key=f"ic2-{self.label}",
        )
        billing.deposit_refund_request(deposit=card.deposit, deductions=[], acting_user=cashier)
        outsider = parking.vehicle_register(  # no resident's car: its rent is paid in cash at the desk
            project=self.project, plate=f"京E2468{self.label}", licence_owner="钱七", acting_user=assistant
        )
        self.cash_rental = parking.rental_create(
            space=spaces[1],
            vehicle=outsider,
            start_date=dt.date(2026, 11, 1),
            end_date=dt.date(2027, 1, 31),
            renter_name="钱七",
            renter_mobile="13912345678",
            licence_plate=outsider.plate,
            identity_checked=True,
            acting_user=assistant,
        )
        self.deposit_refunding = card.deposit


class World:
    """Projects A and B, a user per role in A (company manager: company-wide), the resident
    accounts of A's unit, and one notification per user (their own; B's user's is someone else's)."""

    def __init__(self):
        self.a = Side("A")
        self.b = Side("B")
        self.users = {role: staff(role, self.a.project) for role in Role.values}
        self.users["owner"] = resident_user(owner=self.a.owner)
        self.users["tenant"] = resident_user(tenant=self.a.tenant)
        self.calendar_day = CalendarDay.objects.create(
            date=dt.date(2026, 10, 1), kind="holiday", name="国庆节"
        )
        self.notifications = {
            name: notifications.notify(recipient=user, kind="info", title="测试", dedupe_key=f"m-{name}")
            for name, user in self.users.items()
        }
        # someone else's message: out of every caller's scope
        self.b.notification = notifications.notify(
            recipient=self.b.user, kind="info", title="测试", dedupe_key="m-b"
        )
        from wuye.core.tests.permission_matrix import app_modules

        for module in app_modules():  # the later apps' objects (their tests/matrix.py)
            if hasattr(module, "build_side"):
                for side in (self.a, self.b):
                    module.build_side(side, self)
