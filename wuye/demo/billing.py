"""Billing demo: the public fee notice (fee items and tariffs), a year of charge runs up to this
month (monthly for the homes, quarterly for the office tower), a year of payments by every method
with their receipts, meters read every other month, and units in arrears across the ageing buckets. The fee notice
(with the renovation fees) and the meters are in `billing_setup`; renovation deposits are taken
and refunded by the renovation demo (`wuye.demo.renovation`) through the renovation procedure.

Written through the billing services with the clock set to each record's moment, month by month,
so prepayment credit is consumed by the runs that follow it and "arrears as of a past day" reads
the ledger as it stood; each day's payments are taken as one batch (`payment_batch_create`, as
the cashier enters a day of takings). Skipped for a project that already has a charge run.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import F, Sum
from django.utils import timezone

from wuye.billing import services
from wuye.billing.choices import MeterType, PaymentMethod
from wuye.billing.models import Charge, ChargeRun, Deposit, DepositRefund, Payment, Receipt
from wuye.billing.services import PaymentRow
from wuye.core.money import to_money
from wuye.demo.billing_setup import FeeNoticeDemo
from wuye.demo.clock import add_months, frozen, moment, month_start
from wuye.estate.models import Ownership, Unit

MONTHS = 12

#: months per charge run: the homes are billed monthly, the office tower quarterly (按季预收)
RUN_MONTHS = {"cuihu": 1, "guomao": 3}
#: payment methods and their weights per project kind; cash needs no transaction reference
METHODS = {
    "cuihu": {"wechat": 34, "alipay": 20, "cash": 10, "pos": 12, "bank": 16, "transfer": 8},
    "guomao": {"transfer": 60, "bank": 22, "pos": 6, "wechat": 6, "alipay": 4, "cash": 2},
}
#: how a unit pays: the months of the window it pays in (0 = the oldest) and how many more runs'
#: charges it pays ahead each time (prepayment credit, consumed by the runs that follow)
HABITS = {
    "cuihu": {
        "annual": ((0,), 11, 50),
        "half_yearly": ((0, 6), 5, 30),
        "quarterly": ((0, 3, 6, 9), 2, 12),
        "monthly": (tuple(range(MONTHS)), 0, 5),
    },
    "guomao": {
        "half_yearly": ((0, 6), 1, 60),
        "annual": ((0,), 3, 30),
        "quarterly": ((0, 3, 6, 9), 0, 10),
    },
}
#: arrears: the month of a unit's last payment (None: nothing paid this year), one unit per entry,
#: so the oldest debts fall into every ageing bucket (0–30, 31–90, 91–180, >180 days)
ARREARS_LAST_PAYMENT = {"cuihu": [10, 9, 8, 7, 6, 5, 3, None, None, None], "guomao": [9, 6, 3, None]}
#: this morning's takings at the window, one payment per entry
TODAY_METHODS = {"cuihu": ("cash", "wechat", "alipay", "pos", "wechat", "cash"), "guomao": ("pos", "alipay")}
#: paid ahead per month for a unit with a meter (what is left over stays as prepayment credit)
METER_ALLOWANCE = {MeterType.WATER: Decimal("40.00"), MeterType.ELECTRICITY: Decimal("1500.00")}


def _reference(rng: random.Random, method: str, day: dt.date, unit: Unit) -> str:
    """The payer's transaction reference as the statement shows it (cash has none)."""

    def digits(n: int) -> str:
        return f"{rng.randrange(10**n):0{n}d}"

    if method == "wechat":
        return f"4200{day:%Y%m%d}{digits(16)}"
    if method == "alipay":
        return f"{day:%Y%m%d}2200{digits(20)}"
    if method == "pos":
        return f"POS{digits(12)}"
    if method == "bank":
        return f"TS{day:%Y%m}-{unit.pk:05d}"
    if method == "transfer":
        return f"ZZ{day:%Y%m%d}{digits(8)}"
    return ""


class BillingDemo(FeeNoticeDemo):
    """Mixin of the `load_demo` command (needs `self.staff`, `self.today`, `self.created`)."""

    def _billing(self, project) -> None:
        if ChargeRun.objects.filter(project=project).exists():
            return
        cashier = self.staff["cashier"]
        rng = random.Random(f"billing:{project.code}")
        first = month_start(self.today, MONTHS - 1)
        self._fee_notice(project, cashier, first)
        units = list(
            Unit.objects.filter(project=project, handover_date__isnull=False)
            .select_related("project")
            .order_by("pk")
        )
        payers = dict(
            Ownership.objects.active()
            .filter(unit__project=project)
            .order_by("unit_id", "id")
            .values_list("unit_id", "owner__name")
            .distinct()
        )
        plan = self._payment_plan(project, units, rng)
        meters = self._meters(project, units, cashier, first - dt.timedelta(days=1))
        metered = {meter.unit_id: meter.meter_type for meter in meters}
        methods = METHODS[project.code]
        per_run: dict[int, Decimal] = {}
        count = 0
        run_months = RUN_MONTHS[project.code]
        for index in range(MONTHS):
            start = month_start(self.today, MONTHS - 1 - index)
            if index % run_months == 0:
                with frozen(moment(start, 8, 30)):  # on the 1st before 08:30: run now
                    result = services.charge_run_create(
                        project=project, period_start=start, months=run_months, acting_user=cashier
                    )
                self.created["charge runs"] += 1
                self.created["charges"] += result.charge_count
            if not per_run:
                per_run = {
                    unit_id: to_money(total)
                    for unit_id, total in Charge.objects.filter(charge_run=result.run)
                    .values("unit_id")
                    .annotate(total=Sum("amount"))
                    .values_list("unit_id", "total")
                }
            if index % 2 == 1:
                self._read_meters(meters, start + dt.timedelta(days=19), cashier, rng)
            rows: list[PaymentRow] = []
            for unit in units:
                if plan[unit.pk].get(index) is not None:
                    method = list(methods)[len(rows)] if index == 0 and len(rows) < len(methods) else None
                    row = self._pay(
                        unit,
                        index,
                        start,
                        plan[unit.pk][index] * run_months,
                        per_run,
                        metered,
                        payers.get(unit.pk, ""),
                        rng,
                        method,  # each method early on
                    )
                    if row is not None:
                        rows.append(row)
            count += self._take_by_day(project, rows, cashier)
        self.created["payments"] += count
        self._void_one(project, cashier)
        self.created["payments"] += self._todays_takings(project, units, cashier, payers, rng)

    def _pay(
        self, unit, index, start, months_ahead, per_run, metered, payer, rng, method
    ) -> PaymentRow | None:
        """One payment in month `index`: what is open up to the end of the months paid for (parking
        rent is charged ahead), the runs' charges of those months, and an allowance towards the
        meters read meanwhile (what is left over stays as prepayment credit)."""
        day = min(start + dt.timedelta(days=rng.randint(2, 26)), self.today)
        at = moment(day, rng.randint(9, 16), rng.randint(0, 59))
        if at >= self.now:
            return None
        open_amount = Charge.objects.filter(
            unit=unit, period_start__lte=add_months(day, months_ahead), allocated__lt=F("amount")
        ).aggregate(s=Sum(F("amount") - F("allocated")))["s"]
        runs_ahead = months_ahead // RUN_MONTHS[unit.project.code] if months_ahead else 0
        amount = to_money(open_amount or 0) + runs_ahead * per_run.get(unit.pk, Decimal(0))
        amount += months_ahead * METER_ALLOWANCE.get(metered.get(unit.pk), Decimal(0))
        if amount <= 0:
            return None
        methods = METHODS[unit.project.code]
        method = method or rng.choices(list(methods), list(methods.values()))[0]
        return PaymentRow(
            unit_id=unit.pk,
            method=method,
            amount=amount,
            idempotency_key=f"demo:{unit.pk}:{index}",
            received_at=at,
            reference=_reference(rng, method, day, unit),
            payer=payer,
            note="演示数据",
        )

    def _take_by_day(self, project, rows: list[PaymentRow], cashier) -> int:
        """The month's payments, entered day by day as the cashier does at the close (each day's
        receipts issued by the end of its last payment)."""
        by_day: dict[dt.date, list[PaymentRow]] = {}
        for row in rows:
            by_day.setdefault(timezone.localdate(row.received_at), []).append(row)
        for day in sorted(by_day):
            day_rows = by_day[day]
            with frozen(max(row.received_at for row in day_rows)):
                services.payment_batch_create(project=project, rows=day_rows, acting_user=cashier)
        return len(rows)

    def _todays_takings(self, project, units, cashier, payers, rng: random.Random) -> int:
        """This morning at the cashier's window (the workbench's takings today): households with
        nothing outstanding paying the next months ahead, by every counter method, before now."""
        methods = TODAY_METHODS.get(project.code, ())
        start, step = moment(self.today, 8, 40), dt.timedelta(minutes=25)
        if start + step * len(methods) >= self.now:  # run early in the day: the hours gone by
            start = max(moment(self.today, 0, 5), self.now - dt.timedelta(hours=2))
            step = (self.now - dt.timedelta(minutes=5) - start) / max(len(methods), 1)
        owing = set(
            Charge.objects.filter(project=project, allocated__lt=F("amount")).values_list(
                "unit_id", flat=True
            )
        )
        monthly = dict(
            Charge.objects.filter(project=project, source="run", period_start=month_start(self.today))
            .values("unit_id")
            .annotate(total=Sum("amount"))
            .values_list("unit_id", "total")
        )
        candidates = [u for u in units if u.pk not in owing and monthly.get(u.pk)]
        rng.shuffle(candidates)
        count = 0
        for n, (method, unit) in enumerate(zip(methods, candidates, strict=False)):
            at = start + step * n
            if at >= self.now:
                break
            with frozen(at):
                services.payment_create(
                    unit=unit,
                    method=method,
                    amount=to_money(monthly[unit.pk] * 3),
                    idempotency_key=f"demo:today:{unit.pk}",
                    acting_user=cashier,
                    received_at=at,
                    reference=_reference(rng, method, self.today, unit),
                    payer=payers.get(unit.pk, ""),
                    note="预交三个月物业费",
                )
            count += 1
        return count

    # --- who pays when -----------------------------------------------------------------------

    def _payment_plan(self, project, units: list[Unit], rng: random.Random) -> dict[int, dict[int, int]]:
        """unit id → {month index: months paid ahead}. A few units fall into arrears."""
        habits = HABITS[project.code]
        arrears = ARREARS_LAST_PAYMENT[project.code]
        plan: dict[int, dict[int, int]] = {}
        protected = {"1-1-1201", "1-2-802"}  # the owner and tenant logins stay in good standing
        debtors = rng.sample([u for u in units if u.code not in protected], len(arrears))
        for unit in units:
            months, ahead, _weight = habits[rng.choices(list(habits), [h[2] for h in habits.values()])[0]]
            plan[unit.pk] = dict.fromkeys(months, ahead)
        for unit, last in zip(debtors, arrears, strict=True):
            plan[unit.pk] = {} if last is None else {m: 0 for m in range(0, last + 1, 3)} | {last: 0}
        return plan

    def _void_one(self, project, cashier) -> None:
        """A receipt made out with the wrong method, voided and taken again (the replacement)."""
        payment = (
            # a unit's payment (the gate's walk-in cash has no unit to take it again for)
            Payment.objects.filter(
                project=project, method=PaymentMethod.CASH, credit_entries__isnull=True, unit__isnull=False
            )
            .exclude(receipt=None)
            .order_by("-received_at")
            .first()
        )
        if payment is None:
            return
        with frozen(payment.received_at + dt.timedelta(minutes=12)) as at:
            receipt = services.receipt_void(
                receipt=payment.receipt, acting_user=cashier, reason="收款方式录错：客户实际使用微信支付"
            )
            services.payment_create(
                unit=payment.unit,
                method=PaymentMethod.WECHAT,
                amount=payment.amount,
                acting_user=cashier,
                idempotency_key=f"demo:{payment.unit_id}:replace",
                received_at=at,
                replaces=receipt,
                reference=f"4200{at:%Y%m%d}{payment.pk:016d}",
                payer=payment.payer,
                note="重开收据",
            )
        self.created["voided receipts"] += 1

    def _billing_summary(self, project) -> str:
        charges = Charge.objects.filter(project=project)
        debtors = charges.filter(allocated__lt=F("amount"), due_date__lt=self.today).values("unit").distinct()
        return (
            f"charge runs {ChargeRun.objects.filter(project=project).count()}, charges {charges.count()}, "
            f"payments {Payment.objects.filter(project=project).count()}, "
            f"receipts {Receipt.objects.filter(project=project).count()}, "
            f"units in arrears {debtors.count()}, "
            f"deposits {Deposit.objects.filter(project=project).count()} "
            f"(refunds {DepositRefund.objects.filter(deposit__project=project).count()})"
        )
