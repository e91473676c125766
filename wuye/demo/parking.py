"""Parking demo: spaces (some bought by owners), residents' monthly rentals over the past year with
their IC cards (deposits held, one card returned and refunded, one lost), a non-resident renting
for cash, and yesterday's and this morning's temporary stays at the gate (closed in cash or on a
unit's account; a few cars still inside).

Written through the parking and billing services with the clock set to each record's moment.
Rentals come before the year of billing (`wuye.demo.billing`) and their rent is paid up front for
the term; the gate's day comes after it. Each part is skipped for a project that already has
parking spaces / gate sessions.
"""

from __future__ import annotations

import datetime as dt
import random

from wuye.billing.models import Charge
from wuye.billing.services import payment_create
from wuye.demo.clock import add_months, frozen, moment, month_start
from wuye.estate.choices import IdType
from wuye.estate.choices import OccupancyStatus as S
from wuye.estate.models import Owner, Ownership, Unit
from wuye.parking import services
from wuye.parking.models import Card, ParkingSpace, Rental, Session, Vehicle
from wuye.parking.plates import ALNUM, LETTERS

RESIDENTIAL_CODE = "cuihu"
#: project → (underground prefix, underground count, owned by owners, ground prefix, ground count)
SPACES = {"cuihu": ("B1-", 60, 10, "D-", 20), "guomao": ("B2-", 40, 0, "", 0)}
#: (months ago the rental started, length in months); the first ones ended earlier this year
RENTALS = {
    "cuihu": [
        (11, 6),
        (10, 6),
        (11, 12),
        (10, 12),
        (9, 12),
        (8, 12),
        (7, 12),
        (6, 12),
        (5, 12),
        (4, 6),
        (3, 12),
        (2, 12),
        (1, 6),
        (1, 12),
        (0, 12),
        (0, 3),
    ],
    "guomao": [(10, 12), (9, 12), (6, 12), (5, 6), (3, 12), (2, 12), (1, 12), (0, 6)],
}
CAR_MODELS = [
    "大众帕萨特",
    "丰田凯美瑞",
    "本田雅阁",
    "比亚迪汉",
    "特斯拉Model 3",
    "别克GL8",
    "奥迪A6L",
    "理想L7",
]


class ParkingDemo:
    """Mixin of the `load_demo` command (needs `self.staff`, `self.today`, `self.now`, `self.created`)."""

    def _parking(self, project) -> None:
        if ParkingSpace.objects.filter(project=project).exists():
            return
        rng = random.Random(f"parking:{project.code}")
        self._plates: set[str] = set()
        clerk = self.staff["cashier"]
        spaces = self._spaces(project, clerk, rng)
        self._rentals(project, spaces, clerk, rng)

    def _gate(self, project) -> None:
        """Yesterday at the gate and this morning (after the year of billing: a stay charged to a
        unit's account is a charge of today, not one the charge runs' prepayment credit settled)."""
        if Session.objects.filter(project=project).exists():
            return
        rng = random.Random(f"gate:{project.code}")
        self._plates = set(Vehicle.objects.filter(project=project).values_list("plate", flat=True))
        gate = self.staff["security" if project.code == RESIDENTIAL_CODE else "security_lead"]
        self._gate_day(project, gate, rng)

    def _plate(self, rng: random.Random) -> str:
        while True:
            letter = rng.choice("ABCEFGHJKLMNPQ")
            if rng.random() < 0.25:  # new-energy plate
                plate = f"京{letter}{rng.choice('DF')}{rng.randint(10000, 99999)}"
            else:
                plate = f"京{letter}" + "".join(rng.choice(ALNUM if i else LETTERS) for i in range(5))
            if plate not in self._plates:
                self._plates.add(plate)
                return plate

    def _spaces(self, project, clerk, rng: random.Random) -> list[ParkingSpace]:
        under, count, owned, ground, ground_count = SPACES[project.code]
        holders = Ownership.objects.active().filter(unit__project=project, owner__id_type=IdType.RESIDENT_ID)
        owners = list(Owner.objects.filter(pk__in=holders.values("owner")).order_by("pk")[: owned * 7 : 7])
        spaces = []
        for number in range(1, count + 1):
            index = number - 1 - (count - owned)  # the last `owned` spaces were bought by owners
            owner = owners[index] if 0 <= index < len(owners) else None
            spaces.append(
                services.space_save(
                    project=project,
                    acting_user=clerk,
                    number=f"{under}{number:03d}",
                    area=ParkingSpace.Area.UNDERGROUND,
                    owner=owner,
                )
            )
        for number in range(1, ground_count + 1):
            spaces.append(
                services.space_save(
                    project=project,
                    acting_user=clerk,
                    number=f"{ground}{number:02d}",
                    area=ParkingSpace.Area.GROUND,
                )
            )
        self.created["parking spaces"] += len(spaces)
        return [s for s in spaces if s.owner_id is None]

    def _rentals(self, project, spaces: list[ParkingSpace], clerk, rng: random.Random) -> None:
        manager = self.staff["project_manager"]
        occupied = [S.OWNER_OCCUPIED, S.OFFICE, S.RENTED]
        holdings = list(
            Ownership.objects.active()
            .filter(unit__project=project, unit__status__in=occupied)
            .exclude(unit__code__in=["1-1-1201", "1-2-802"])
            .select_related("owner", "unit")
            .order_by("unit_id")
        )
        picks = rng.sample(holdings, len(RENTALS[project.code]) + 1)
        free = iter(spaces)
        for number, ((ago, length), holding) in enumerate(
            zip(RENTALS[project.code], picks, strict=False), start=1
        ):
            start = month_start(self.today, ago)
            end = add_months(start, length) - dt.timedelta(days=1)
            owner, unit = holding.owner, holding.unit
            with frozen(moment(start, 9, 30)):
                vehicle = services.vehicle_register(
                    project=project,
                    plate=self._plate(rng),
                    acting_user=clerk,
                    licence_owner=owner.name,
                    model=rng.choice(CAR_MODELS),
                    owner=owner,
                )
                rental = services.rental_create(
                    space=next(free),
                    vehicle=vehicle,
                    start_date=start,
                    end_date=end,
                    renter_name=owner.name,
                    renter_mobile=owner.mobile,
                    licence_plate=vehicle.plate,
                    identity_checked=True,
                    acting_user=clerk,
                    unit=unit,
                )
                # the rent of the whole term is paid up front, at the cashier, with the card deposit
                rent = Charge.objects.filter(
                    unit=unit, source="parking", description__contains=rental.space.number
                )
                payment_create(
                    unit=unit,
                    method="wechat",
                    amount=rental.rent_total,
                    acting_user=clerk,
                    charge_ids=list(rent.values_list("pk", flat=True)),
                    payer=owner.name,
                    idempotency_key=f"demo:rent:{rental.pk}",
                    note="车位月租（整期预付）",
                    reference=f"4200{start:%Y%m%d}{rental.pk:016d}",
                )
                card = services.card_issue(
                    rental=rental, number=f"IC{project.pk:02d}{number:04d}", acting_user=clerk
                )
            self.created["parking rentals"] += 1
            self.created["payments"] += 1
            self.created["IC cards"] += 1
            if end < self.today:  # the rental ran out: the card came back and its deposit was refunded
                with frozen(moment(end, 17)):
                    refund = services.card_return(card=card, acting_user=clerk)
                with frozen(moment(end + dt.timedelta(days=1), 10)):
                    from wuye.billing.services import deposit_refund_decide

                    deposit_refund_decide(
                        refund=refund, approve=True, acting_user=manager, comment="退卡退押金"
                    )
            elif number == 5:  # reported lost: the deposit is kept; a new card is issued
                lost_on = self.today - dt.timedelta(days=40)
                with frozen(moment(lost_on, 11)):
                    services.card_return(card=card, acting_user=clerk, lost=True)
                    services.card_issue(
                        rental=rental, number=f"IC{project.pk:02d}{number:04d}B", acting_user=clerk
                    )
                self.created["IC cards"] += 1
        # someone from outside the project: standard rent, the whole period paid in cash up front
        start = month_start(self.today, 2)
        with frozen(moment(start, 15)):
            plate = self._plate(rng)
            vehicle = services.vehicle_register(
                project=project,
                plate=plate,
                acting_user=clerk,
                licence_owner="周边商户（演示）",
                model=rng.choice(CAR_MODELS),
            )
            rental = services.rental_create(
                space=next(free),
                vehicle=vehicle,
                start_date=start,
                end_date=add_months(start, 6) - dt.timedelta(days=1),
                renter_name="周边商户（演示）",
                renter_mobile="13800138000",
                licence_plate=plate,
                identity_checked=True,
                acting_user=clerk,
            )
            services.rental_collect_cash(rental=rental, acting_user=clerk)
        self.created["parking rentals"] += 1

    def _gate_day(self, project, gate, rng: random.Random) -> None:
        """Yesterday at the gate, and this morning up to now."""
        units = list(
            Unit.objects.filter(project=project, status__in=[S.OWNER_OCCUPIED, S.OFFICE, S.RENTED]).order_by(
                "pk"
            )[:40]
        )
        yesterday = self.today - dt.timedelta(days=1)
        stays = []
        for _ in range(30 if project.code == RESIDENTIAL_CODE else 18):
            entered = moment(yesterday, rng.randint(7, 20), rng.randint(0, 59))
            stays.append(
                (entered, entered + dt.timedelta(minutes=rng.choice([25, 50, 95, 130, 200, 260, 400])))
            )
        for _ in range(5):  # this morning; some still inside
            entered = self.now - dt.timedelta(minutes=rng.randint(20, 300))
            stays.append((entered, entered + dt.timedelta(minutes=rng.randint(15, 200))))
        stays.append((moment(yesterday, 22, 10), None))  # overnight, still inside
        for number, (entered, exited) in enumerate(sorted(stays, key=lambda s: s[0])):
            with frozen(entered):
                session = services.session_open(
                    project=project, plate=self._plate(rng), acting_user=gate, entered_at=entered
                )
            self.created["gate sessions"] += 1
            if exited is None or exited >= self.now:
                continue
            on_account = number % 9 == 4 and units
            with frozen(exited):
                services.session_close(
                    session=session,
                    acting_user=gate,
                    exited_at=exited,
                    unit=rng.choice(units) if on_account else None,
                    settlement=Session.Settlement.ACCOUNT if on_account else Session.Settlement.CASH,
                )

    def _parking_summary(self, project) -> str:
        sessions = Session.objects.filter(project=project)
        return (
            f"parking spaces {ParkingSpace.objects.filter(project=project).count()}, "
            f"rentals {Rental.objects.filter(project=project).count()}, "
            f"IC cards {Card.objects.filter(project=project).count()}, gate sessions {sessions.count()} "
            f"({sessions.filter(exited_at=None).count()} inside)"
        )
