"""Billing demo, the fixed part: the public fee notice (fee items and their tariffs, a recent
price change) and the meters with their readings every other month."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from wuye.billing import services
from wuye.billing.choices import ChargeBasis, FeeKind, MeterType
from wuye.billing.models import FeeItem, Meter, MeterReading
from wuye.demo.clock import frozen, moment, month_start
from wuye.demo.estate import RESIDENTIAL_CODE
from wuye.estate.models import Unit

#: (code, name, kind, basis, meter type, [(unit use or "", rate)])
FEE_ITEMS = {
    "cuihu": [
        ("property", "物业服务费（含电梯运行）", FeeKind.INCOME, ChargeBasis.AREA_MONTH, "", [("", "2.50")]),
        ("water", "水费（代收）", FeeKind.ON_BEHALF, ChargeBasis.METER, MeterType.WATER, [("", "5.00")]),
        # the renovation fees (wuye.renovation.choices.FEE_ITEM_CODES), taken by the procedure
        ("renovation-deposit", "装修押金", FeeKind.DEPOSIT, ChargeBasis.PER_ITEM, "", [("", "3000.00")]),
        (
            "renovation-management",
            "装修管理服务费",
            FeeKind.INCOME,
            ChargeBasis.AREA_MONTH,
            "",
            [("", "5.00")],
        ),
        ("debris-removal", "装修垃圾清运费", FeeKind.INCOME, ChargeBasis.PER_ITEM, "", [("", "300.00")]),
        ("worker-pass", "装修工人出入证工本费", FeeKind.INCOME, ChargeBasis.PER_ITEM, "", [("", "20.00")]),
    ],
    "guomao": [
        ("property", "物业服务费（含空调能源）", FeeKind.INCOME, ChargeBasis.AREA_MONTH, "", [("", "32.00")]),
        (
            "electricity",
            "电费（代收）",
            FeeKind.ON_BEHALF,
            ChargeBasis.METER,
            MeterType.ELECTRICITY,
            [("", "0.98")],
        ),
        ("overtime-aircon", "加时空调费", FeeKind.INCOME, ChargeBasis.PER_ITEM, "", []),
        ("renovation-deposit", "装修押金", FeeKind.DEPOSIT, ChargeBasis.PER_ITEM, "", [("", "5000.00")]),
        (
            "renovation-management",
            "装修管理服务费",
            FeeKind.INCOME,
            ChargeBasis.AREA_MONTH,
            "",
            [("", "8.00")],
        ),
        ("debris-removal", "装修垃圾清运费", FeeKind.INCOME, ChargeBasis.PER_ITEM, "", [("", "500.00")]),
        ("worker-pass", "装修工人出入证工本费", FeeKind.INCOME, ChargeBasis.PER_ITEM, "", [("", "20.00")]),
    ],
}
#: fees charged once by a procedure, not by the monthly charge run (the renovation management fee
#: is per m² of the unit, charged with the other renovation fees when the work is approved)
NOT_IN_RUNS = frozenset({"renovation-management"})
#: a tariff version from a recent date: the water price rise of the municipal notice
TARIFF_CHANGES = {"cuihu": [("water", "5.20", 5)], "guomao": [("electricity", "1.02", 4)]}


class FeeNoticeDemo:
    """Part of the billing demo mixin (needs `self.today`, `self.created`)."""

    def _fee_notice(self, project, cashier, first: dt.date) -> None:
        since = min(
            first,
            (
                project.units.order_by("handover_date")
                .values_list("handover_date", flat=True)
                .exclude(handover_date=None)
                .first()
                or first
            ).replace(day=1),
        )
        for order, (code, name, kind, basis, meter, rates) in enumerate(FEE_ITEMS[project.code], start=1):
            item = services.fee_item_save(
                project=project,
                acting_user=cashier,
                code=code,
                name=name,
                kind=kind,
                basis=basis,
                meter_type=meter,
                billed_in_runs=code not in NOT_IN_RUNS,
                sort_order=order * 10,
            )
            for unit_use, rate in rates:
                services.tariff_create(
                    fee_item=item,
                    rate=Decimal(rate),
                    effective_from=since,
                    unit_use=unit_use,
                    acting_user=cashier,
                )
            self.created["fee items"] += 1
        for code, rate, months_back in TARIFF_CHANGES[project.code]:
            item = FeeItem.objects.get(project=project, code=code)
            services.tariff_create(
                fee_item=item,
                rate=Decimal(rate),
                acting_user=cashier,
                effective_from=month_start(self.today, months_back),
            )

    def _meters(self, project, units: list[Unit], cashier, installed_on: dt.date) -> list[Meter]:
        """Water meters of building 1, entrance 1, floors 1–6 (cuihu); electricity meters of floor 5 (guomao)."""
        if project.code == RESIDENTIAL_CODE:
            chosen = [u for u in units if u.code.startswith("1-1-") and u.floor <= 6]
            meter_type, prefix = MeterType.WATER, "SB"
        else:
            chosen = [u for u in units if u.floor == 5]
            meter_type, prefix = MeterType.ELECTRICITY, "DB"
        meters = [
            services.meter_install(
                unit=unit,
                meter_type=meter_type,
                installed_on=installed_on,
                serial=f"{prefix}{unit.pk:06d}",
                acting_user=cashier,
                initial_reading=Decimal(100 + unit.pk % 900),
            )
            for unit in chosen
        ]
        self.created["meters"] += len(meters)
        return meters

    def _read_meters(self, meters: list[Meter], day: dt.date, cashier, rng: random.Random) -> None:
        if day >= self.today or not meters:
            return
        last = dict(  # each meter's last value: the previous round's, else the initial reading
            MeterReading.objects.filter(meter__in=meters)
            .order_by("meter_id", "read_on")
            .values_list("meter_id", "reading")
        )
        readings = {}
        for meter in meters:
            used = rng.randint(6, 16) if meter.meter_type == MeterType.WATER else rng.randint(900, 2600)
            readings[meter.pk] = last.get(meter.pk, meter.initial_reading) + used
        with frozen(moment(day, 10)):  # the round of the reader's sheet, entered that morning
            services.meter_reading_round(
                project=meters[0].unit.project, read_on=day, readings=readings, acting_user=cashier
            )
        self.created["meter readings"] += len(readings)
