"""The two demo projects: buildings, units walked through their statuses, owners, tenants, roster.

A project's content is only built when the project itself is created here, so a second run — or a
run after someone has worked in the demo — changes nothing.

Units are generated with `building_generate_units` and move through their statuses only with
`unit_change_status` (source "import"), so the status history is the one the console shows for
real data. People are validated with `clean_identity` and written with bulk_create plus bulk
history rows, which keeps the run to a few seconds on SQLite.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from wuye.accounts.models import User
from wuye.core import access
from wuye.core.fakes import UniqueFaker
from wuye.estate import services
from wuye.estate.choices import (
    IdType,
    OccupancyStatus,
    ProjectKind,
    PublicAreaKind,
    UnitUse,
)
from wuye.estate.models import Lease, Owner, Ownership, Project, Tenant, Unit
from wuye.estate.roster import roster_import

S = OccupancyStatus
NOTE = "演示数据（虚构）"
#: the reasons a property office writes for the demo's records (the owner's unit page shows them)
REASON = "入伙资料建档"
STATUS_REASONS = {
    S.VACANT: "交房验收",
    S.RENOVATING: "装修申请登记",
    S.OWNER_OCCUPIED: "业主入住登记",
    S.RENTED: "租赁备案",
    S.OFFICE: "入驻登记",
}
TWO = Decimal("0.01")

RESIDENTIAL_CODE = "cuihu"
OFFICE_CODE = "guomao"
PROJECTS = {
    RESIDENTIAL_CODE: {
        "name": "翠湖花园（演示）",
        "kind": ProjectKind.RESIDENTIAL,
        "address": "北京市海淀区演示路 88 号（虚构地址）",
        "service_phone": "010-62886688",
    },
    OFFICE_CODE: {
        "name": "国贸中心写字楼（演示）",
        "kind": ProjectKind.OFFICE,
        "address": "北京市朝阳区演示大街 1 号（虚构地址）",
        "service_phone": "010-65056688",
    },
}

# Residential: 3 buildings × 2 entrances × 18 floors × 2 rooms (codes like 1-2-1201).
# Concentrated delivery (集中交付) per building; owners collect within ~6 weeks of it.
RESIDENTIAL_DELIVERY = {"1": dt.date(2021, 6, 26), "2": dt.date(2022, 12, 24), "3": dt.date(2025, 6, 28)}
RESIDENTIAL_AREAS = {  # (entrance, room index) → building area; inner area is 79 % of it
    ("1", 1): Decimal("89.50"),
    ("1", 2): Decimal("118.60"),
    ("2", 1): Decimal("126.35"),
    ("2", 2): Decimal("143.20"),
}
NOT_HANDED_OVER_FLOORS = range(13, 19)  # building 3, floors 13–18: buyers have not collected yet
# The demo roster covers these floors; docs/samples/owner-roster-sample.xlsx adds 16, 17 and 3-1-18xx.
ROSTER_FLOORS = (13, 14, 15)
FORCED = {"1-1-1201": S.OWNER_OCCUPIED, "1-2-802": S.RENTED}  # the `owner` and `tenant` logins
OWNER_LOGIN_UNIT, TENANT_LOGIN_UNIT = "1-1-1201", "1-2-802"
RESIDENTIAL_WEIGHTS = {  # old buildings are lived in; building 3 is still being fitted out
    "old": {S.OWNER_OCCUPIED: 65, S.RENTED: 20, S.VACANT: 12, S.RENOVATING: 3},
    "new": {S.OWNER_OCCUPIED: 35, S.RENTED: 5, S.VACANT: 30, S.RENOVATING: 30},
}

# Office tower: floors 3–25 without 4, 13 and 14 (20 floors) × 6 offices (codes like A-1205).
OFFICE_DELIVERY = dt.date(2019, 9, 20)
OFFICE_AREAS = [Decimal(a) for a in ("218.60", "126.40", "98.75", "98.75", "126.40", "218.60")]
OFFICE_WEIGHTS = {S.OFFICE: 65, S.RENTED: 13, S.VACANT: 14, S.RENOVATING: 8}
COMPANY_BRANDS = "恒远 瑞丰 启明 华睿 博远 嘉禾 云帆 中泰 正和 鼎新 汇通 星辰 远航 卓越 金石 明德 安信 宏图 天衡 致远 同创 蓝海 青禾 睿思 北辰 长风 弘毅 立诚 知行 润泽".split()
COMPANY_TRADES = "科技 信息技术 管理咨询 文化传媒 贸易 投资管理 建筑设计 数据服务 商务服务 教育科技".split()


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def lease_end(start: dt.date, today: dt.date) -> dt.date:
    """Contract end of a lease still running today: whole years from its start."""
    years = 1
    while add_years(start, years) <= today:
        years += 1
    return add_years(start, years) - dt.timedelta(days=1)


class EstateDemo:
    """Mixin of the `load_demo` command: projects, buildings, units and people."""

    def _project(self, code: str) -> tuple[Project, bool]:
        spec = PROJECTS[code]
        project = Project.objects.filter(code=code).first()
        if project is not None:
            return project, False
        if not self.admin.is_superuser:
            raise CommandError("The user “admin” exists but is not a superuser; the demo acts as admin.")
        if Project.objects.filter(name=spec["name"]).exists():
            raise CommandError(f"A project named {spec['name']} exists with another code; rename it first.")
        self.created["projects"] += 1
        return services.project_create(acting_user=self.admin, code=code, **spec), True

    def _building(self, project: Project, number: str, name: str, **generate) -> list[Unit]:
        building = services.building_create(
            project=project, acting_user=self.admin, number=number, name=name, notes=NOTE
        )
        units = services.building_generate_units(building=building, acting_user=self.admin, **generate)
        self.created["buildings"] += 1
        self.created["units"] += len(units)
        return units

    def _public_areas(self, project: Project) -> None:
        areas = [("大堂", PublicAreaKind.LOBBY, None), ("地下车库", PublicAreaKind.CAR_PARK, None)]
        areas.append(("中心绿地", PublicAreaKind.GREENING, None))
        areas += [(f"{b.name}楼道", PublicAreaKind.CORRIDOR, b) for b in project.buildings.order_by("number")]
        for name, kind, building in areas:
            services.public_area_create(
                project=project, acting_user=self.admin, name=name, kind=kind, building=building
            )
            self.created["public areas"] += 1

    def _moment(self, rng: random.Random, day: dt.date, after: dt.datetime | None) -> dt.datetime:
        """An office-hours time on `day`, later than `after` and never in the future."""
        day = min(day, self.today - dt.timedelta(days=1))
        at = timezone.make_aware(
            dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=rng.randint(0, 480))
        )
        if after is not None and at <= after:
            at = after + dt.timedelta(minutes=30)
        return min(at, self.now - dt.timedelta(minutes=1))

    def _timeline(self, rng: random.Random, status: str, handover: dt.date) -> list[tuple[str, dt.date]]:
        """The dated status steps that bring a unit from handover to `status`."""

        def later(day, low, high):
            return day + dt.timedelta(days=rng.randint(low, high))

        def recent(low, high):
            return self.today - dt.timedelta(days=rng.randint(low, high))

        steps = [(S.VACANT, handover)]
        if status == S.RENOVATING:
            steps.append((S.RENOVATING, max(later(handover, 7, 30), recent(20, 120))))
        elif status != S.VACANT:
            day = handover
            if rng.random() < 0.8:  # most owners fit the unit out before moving in
                day = later(handover, 7, 45)
                steps.append((S.RENOVATING, day))
                day = later(day, 90, 180)
            else:
                day = later(day, 5, 40)
            if status == S.RENTED:  # leases running now
                day = max(day, recent(30, 700))
            steps.append((status, day))
        return steps

    def _apply_plan(self, rng: random.Random, plan: dict[int, tuple[Unit, list]]) -> dict[int, dt.date]:
        """Set areas and warranty (bulk, with history), then walk every unit through its statuses."""
        changed = [unit for unit, _ in plan.values()]
        for unit, steps in plan.values():
            unit.warranty_end = add_years(steps[0][1], 2) if steps else None
        Unit.objects.bulk_update(changed, ["building_area", "inner_area", "warranty_end"], batch_size=500)
        Unit.history.bulk_history_create(
            changed, update=True, default_user=self.admin, default_change_reason=REASON
        )
        entered: dict[int, dt.date] = {}
        histories: dict[int, list[tuple[str, dt.datetime]]] = {}
        for unit, steps in plan.values():
            at = None
            histories[unit.pk] = []
            for to_status, day in steps:
                at = self._moment(rng, day, at)
                histories[unit.pk].append((to_status, at))
            if steps:
                entered[unit.pk] = timezone.localtime(at).date()
        self.created["status changes"] += services.unit_status_history_import(
            histories=histories,
            acting_user=self.admin,
            reasons={status: STATUS_REASONS.get(status, REASON) for status in S.values},
        )
        fields = ("status", "status_changed_at", "handover_date")
        for pk, *values in Unit.objects.filter(pk__in=histories).values_list("pk", *fields):
            unit = plan[pk][0]
            for name, value in zip(fields, values, strict=True):
                setattr(unit, name, value)
        return entered

    # --- people ----------------------------------------------------------------------------

    def _person(self, faker: UniqueFaker, *, born=(1950, 2000), **extra) -> dict:
        id_number, birth = faker.resident_id(born_from=born[0], born_to=born[1])
        fields = {
            "name": faker.name(),
            "id_type": IdType.RESIDENT_ID,
            "id_number": id_number,
            "mobile": faker.mobile(),
            "birthday": birth,
            "notes": NOTE,
        }
        if faker.rng.random() < 0.6:
            fields.update(emergency_contact=faker.name(), emergency_mobile=faker.mobile())
        fields.update(extra)
        return services.clean_identity(fields)

    def _company(self, faker: UniqueFaker, used: set[str]) -> dict:
        while True:
            name = f"{faker.rng.choice(COMPANY_BRANDS)}{faker.rng.choice(COMPANY_TRADES)}有限公司"
            if name not in used:
                used.add(name)
                break
        return services.clean_identity(
            {
                "name": name,
                "company": name,
                "id_type": IdType.BUSINESS_LICENCE,
                "id_number": faker.uscc(),
                "mobile": faker.mobile(),
                "emergency_contact": faker.name(),
                "emergency_mobile": faker.mobile(),
                "notes": "演示数据（虚构企业）",
            }
        )

    def _bulk(self, model, rows: list) -> list:
        created = model.objects.bulk_create(rows, batch_size=500)
        model.history.bulk_history_create(created, default_user=self.admin, default_change_reason=REASON)
        self.created[f"{model._meta.model_name}s"] += len(created)
        return created

    def _owners(self, project: Project, groups: list[tuple[dict, list[Unit]]]) -> None:
        """`groups`: person fields and the units that person owns (from the unit's handover date)."""
        owners = self._bulk(Owner, [Owner(project=project, **fields) for fields, _ in groups])
        self._bulk(
            Ownership,
            [
                Ownership(owner=owner, unit=unit, start_date=unit.handover_date, created_by=self.admin)
                for owner, (_, units) in zip(owners, groups, strict=True)
                for unit in units
            ],
        )

    def _tenants(self, project, groups: list[tuple[dict, Unit]], rented_on: dict[int, dt.date], rng) -> None:
        tenants = self._bulk(Tenant, [Tenant(project=project, **fields) for fields, _ in groups])
        leases = []
        for tenant, (_, unit) in zip(tenants, groups, strict=True):
            start = rented_on[unit.pk]
            leases.append(
                Lease(
                    tenant=tenant,
                    unit=unit,
                    start_date=start,
                    contract_end_date=lease_end(start, self.today),
                    owner_consent_on_file=True,
                    lease_agreement_on_file=True,
                    safety_letter_signed=rng.random() < 0.9,
                    created_by=self.admin,
                )
            )
        self._bulk(Lease, leases)

    # --- the two projects ------------------------------------------------------------------

    def _build_residential(self, project: Project) -> None:
        faker = UniqueFaker(2024)
        rng = faker.rng
        plan = {}
        for number, delivery in RESIDENTIAL_DELIVERY.items():
            units = self._building(
                project, number, f"{number}号楼", floors=18, rooms_per_floor=2, entrances=2
            )
            weights = RESIDENTIAL_WEIGHTS["new" if number == "3" else "old"]
            for unit in units:
                area = RESIDENTIAL_AREAS[(unit.entrance, int(unit.room[-2:]))]
                unit.building_area, unit.inner_area = area, (area * Decimal("0.79")).quantize(TWO)
                if number == "3" and unit.floor in NOT_HANDED_OVER_FLOORS:
                    plan[unit.pk] = (unit, [])
                    continue
                status = FORCED.get(unit.code) or rng.choices(list(weights), list(weights.values()))[0]
                handover = delivery + dt.timedelta(days=rng.randint(0, 40))
                plan[unit.pk] = (unit, self._timeline(rng, status, handover))
        self._public_areas(project)
        entered = self._apply_plan(rng, plan)

        owner_groups, tenant_groups = [], []
        for unit, steps in plan.values():
            if not steps:
                continue
            owner_groups.append((self._person(faker, is_vip=rng.random() < 0.05), [unit]))
            if rng.random() < 0.3:
                owner_groups.append((self._person(faker, notes=f"{NOTE}；共有产权人"), [unit]))
            if steps[-1][0] == S.RENTED:
                for _ in range(2 if rng.random() < 0.3 else 1):
                    tenant_groups.append((self._person(faker, born=(1975, 2003)), unit))
        self._owners(project, owner_groups)
        self._tenants(project, tenant_groups, entered, rng)
        self._roster(project, faker)

    def _build_office(self, project: Project) -> None:
        faker = UniqueFaker(2019)
        rng = faker.rng
        units = self._building(
            project,
            "A",
            "A座",
            floors=20,
            rooms_per_floor=6,
            start_floor=3,
            skip_floors=[4, 13, 14],
            use=UnitUse.OFFICE,
        )
        plan = {}
        for unit in units:
            area = OFFICE_AREAS[int(unit.room[-2:]) - 1]
            unit.building_area, unit.inner_area = area, (area * Decimal("0.72")).quantize(TWO)
            status = rng.choices(list(OFFICE_WEIGHTS), list(OFFICE_WEIGHTS.values()))[0]
            handover = OFFICE_DELIVERY + dt.timedelta(days=rng.randint(0, 60))
            plan[unit.pk] = (unit, self._timeline(rng, status, handover))
        self._public_areas(project)
        entered = self._apply_plan(rng, plan)

        # Whole floors belong to one company; the rest is sold in runs of 1–3 offices,
        # mostly to companies, some to private investors.
        by_floor: dict[int, list[Unit]] = {}
        for unit in units:
            by_floor.setdefault(unit.floor, []).append(unit)
        whole_floors = set(rng.sample(sorted(by_floor), 8))
        companies: set[str] = set()
        groups = []
        for floor, floor_units in sorted(by_floor.items()):
            if floor in whole_floors:
                groups.append((self._company(faker, companies), floor_units))
                continue
            index = 0
            while index < len(floor_units):
                size = rng.randint(1, 3)
                owner = self._company(faker, companies) if rng.random() < 0.7 else self._person(faker)
                groups.append((owner, floor_units[index : index + size]))
                index += size
        self._owners(project, groups)
        tenants = [(self._company(faker, companies), u) for u, s in plan.values() if s[-1][0] == S.RENTED]
        self._tenants(project, tenants, entered, rng)

    def _roster(self, project: Project, faker: UniqueFaker) -> None:
        """The developer's roster for the sold units not collected yet, imported as a real upload."""
        units = Unit.objects.filter(
            project=project, building__number="3", floor__in=ROSTER_FLOORS, status=S.NOT_HANDED_OVER
        ).order_by("floor", "entrance", "room")
        book = Workbook()
        sheet = book.active
        sheet.append(["房号", "购房人", "证件类型", "证件号码", "联系电话", "合同编号"])
        for number, unit in enumerate(units, start=1):
            id_number, _ = faker.resident_id(born_from=1970, born_to=1998)
            sheet.append(
                [unit.code, faker.name(), "身份证", id_number, faker.mobile(), f"CH3-2025-{number:04d}"]
            )
        data = io.BytesIO()
        book.save(data)
        archivist = User.objects.filter(username="archivist").first()
        if archivist is None or not access.has_perm(archivist, "roster.import", project.pk):
            archivist = self.admin
        record = roster_import(
            project=project,
            data=data.getvalue(),
            file_name="翠湖花园3号楼业主清册（演示）.xlsx",
            acting_user=archivist,
        )
        if record.result != record.Result.ACCEPTED:
            raise CommandError(f"The demo roster was rejected: {record.errors}")
        self.created["roster entries"] += record.accepted_rows
