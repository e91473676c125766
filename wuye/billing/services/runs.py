"""Charge runs: every billable unit × every run-billed fee item for a period, idempotent, prorated
by day from the handover date, previewable, streamed in batches (memory stays flat)."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing import calc
from wuye.billing.choices import ChargeBasis, ChargeSource
from wuye.billing.models import Charge, ChargeRun, FeeItem, Tariff
from wuye.billing.services.charges import (
    PAID_SERVICE_CODE,
    charge_tickets,
    paid_service_item_name,
    ticket_due_date,
    uncharged_tickets,
)
from wuye.core import access
from wuye.core.errors import BusinessRuleError
from wuye.core.money import money_sum, to_money
from wuye.estate.models import Unit

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Project

BATCH = 5000


@dataclass
class RunPreview:
    period_start: dt.date
    period_end: dt.date
    charge_count: int = 0
    total_amount: Decimal = Decimal("0.00")
    by_fee_item: dict = field(default_factory=dict)  # code -> {"name", "count", "amount"}
    zero_rate_items: list = field(default_factory=list)  # fee items with no tariff in force
    sample: list = field(default_factory=list)
    already_run: bool = False
    run: ChargeRun | None = None
    ticket_charges: int = 0  # completed paid services billed by the run (counted in the figures above)


def period_bounds(*, start: dt.date, months: int) -> tuple[dt.date, dt.date]:
    if start.day != 1:
        raise ValidationError({"period_start": [_("A billing period starts on the first of a month.")]})
    if months not in (1, 3):
        raise ValidationError({"months": [_("A period is a month or a quarter.")]})
    year, month = start.year, start.month + months
    if month > 12:
        year, month = year + 1, month - 12
    return start, dt.date(year, month, 1) - dt.timedelta(days=1)


def _tables(project) -> dict[int, dict[str, calc.RateTable]]:
    """fee_item_id → unit_use ('' = any) → RateTable."""
    versions: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for fee_item_id, unit_use, effective_from, rate in Tariff.objects.filter(
        fee_item__project=project
    ).values_list("fee_item_id", "unit_use", "effective_from", "rate"):
        versions[fee_item_id][unit_use].append((effective_from, rate))
    return {fid: {use: calc.RateTable(v) for use, v in by_use.items()} for fid, by_use in versions.items()}


def _iter_units(project):
    """Handed-over units in id order, in batches, as tuples (keyset pagination: flat memory)."""
    last = 0
    while True:
        rows = list(
            Unit.objects.filter(project=project, id__gt=last, handover_date__isnull=False)
            .order_by("id")
            .values_list("id", "use", "building_area", "handover_date", "code")[:BATCH]
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _compute(project, period_start, period_end, *, on_row, sample_size=0, preview=None):
    items = list(
        FeeItem.objects.filter(
            project=project,
            is_active=True,
            billed_in_runs=True,
            basis__in=[ChargeBasis.AREA_MONTH, ChargeBasis.FIXED_MONTH],
        )
    )
    tables = _tables(project)
    cache: dict[tuple, Decimal] = {}
    for batch in _iter_units(project):
        for unit_id, use, area, handover, code in batch:
            start = calc.billable_start(period_start, handover)
            if start is None or start > period_end:
                continue
            for item in items:
                by_use = tables.get(item.pk, {})
                table = by_use.get(use) or by_use.get("")
                if table is None:
                    continue
                key = (item.pk, use if use in by_use else "", start)
                factor = cache.get(key)
                if factor is None:
                    factor = cache[key] = calc.monthly_factor(table, start, period_end)
                quantity = (area or Decimal(0)) if item.basis == ChargeBasis.AREA_MONTH else Decimal(1)
                amount = calc.charge_amount(factor, quantity)
                if amount <= 0:
                    continue
                rate = table.rate_on(period_end) or Decimal(0)
                on_row(unit_id, item, start, quantity, rate, amount)
                if preview is not None:
                    preview.charge_count += 1
                    preview.total_amount += amount
                    entry = preview.by_fee_item.setdefault(
                        item.code, {"name": item.name, "count": 0, "amount": Decimal(0)}
                    )
                    entry["count"] += 1
                    entry["amount"] += amount
                    if len(preview.sample) < sample_size:
                        preview.sample.append(
                            {
                                "unit": code,
                                "fee_item": item.name,
                                "from": start,
                                "to": period_end,
                                "quantity": quantity,
                                "amount": amount,
                                "ticket": None,
                            }
                        )
    if preview is not None:
        preview.zero_rate_items = [i.name for i in items if i.pk not in tables]


def _add_tickets(preview: RunPreview, rows, item_name: str, sample_size: int = 0) -> None:
    """Paid services the run bills — rows of (ticket number, unit code, amount, completion day) —
    counted into the figures and the paid-service fee item, and listed first in the sample (they are
    the charges a manager checks one by one)."""
    if not rows:
        return
    entry = preview.by_fee_item.setdefault(
        PAID_SERVICE_CODE, {"name": item_name, "count": 0, "amount": Decimal(0)}
    )
    listed: list[dict] = []
    for number, unit_code, amount, day in rows:
        preview.charge_count += 1
        preview.total_amount += amount
        entry["count"] += 1
        entry["amount"] += amount
        if len(listed) < sample_size:
            listed.append(
                {
                    "unit": unit_code,
                    "fee_item": item_name,
                    "from": day,
                    "to": day,
                    "quantity": Decimal(1),
                    "amount": amount,
                    "ticket": number,
                }
            )
    preview.sample = listed + preview.sample[: max(sample_size - len(listed), 0)]
    preview.ticket_charges = len(rows)


class _Writer:
    """Inserts charge rows in batches: COPY on PostgreSQL, executemany elsewhere."""

    COLUMNS = (
        "project_id",
        "unit_id",
        "fee_item_id",
        "period_start",
        "period_end",
        "quantity",
        "rate",
        "amount",
        "allocated",
        "description",
        "source",
        "charge_run_id",
        "due_date",
        "created_at",
        "created_by_id",
    )

    def __init__(self, rows_per_flush=BATCH):
        self.rows, self.rows_per_flush, self.count = [], rows_per_flush, 0
        self.table = Charge._meta.db_table

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= self.rows_per_flush:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                columns = ", ".join(self.COLUMNS)
                with cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(self.COLUMNS))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({', '.join(self.COLUMNS)}) VALUES ({placeholders})", self.rows
                )
        self.count += len(self.rows)
        self.rows = []


def charge_run_preview(
    *, project: Project, period_start: dt.date, months: int = 1, acting_user: User, sample_size: int = 20
) -> RunPreview:
    """Dry run: what the run would charge, per fee item, without writing anything."""
    access.require_perm(acting_user, "billing.manage", project.pk)
    start, end = period_bounds(start=period_start, months=months)
    preview = RunPreview(period_start=start, period_end=end)
    existing = ChargeRun.objects.filter(project=project, period_start=start).first()
    if existing:
        preview.already_run, preview.run = True, existing
        return preview
    _compute(project, start, end, on_row=lambda *a: None, sample_size=sample_size, preview=preview)
    # the same tickets, amounts and days that `charge_tickets` will charge when the run is made
    tickets = [
        (t.number, t.unit.code, to_money(t.fee), ticket_due_date(t))
        for t in uncharged_tickets(project).select_related("unit")
        if t.unit is not None
    ]
    _add_tickets(preview, tickets, paid_service_item_name(project), sample_size)
    return preview


def charge_run_create(
    *,
    project: Project,
    period_start: dt.date,
    months: int = 1,
    acting_user: User,
    due_days: int | None = None,
) -> RunPreview:
    """Create the period's charges. Idempotent: a second run for the same period creates nothing
    and says so (`already_run`). Prepayment credit is consumed by the new charges, oldest first;
    completed paid-service tickets become charges too, due on their completion date, and count in
    the run's figures as the preview showed them."""
    access.require_perm(acting_user, "billing.manage", project.pk)
    start, end = period_bounds(start=period_start, months=months)
    if start > timezone.localdate() + dt.timedelta(days=62):
        raise ValidationError({"period_start": [_("That period is too far in the future.")]})
    due_days = (
        due_days
        if due_days is not None
        else int((project.settings or {}).get("billing", {}).get("due_days", 15))
    )
    due_date = start + dt.timedelta(days=due_days - 1)
    result = RunPreview(period_start=start, period_end=end)
    existing = ChargeRun.objects.filter(project=project, period_start=start).first()
    if existing:
        result.already_run, result.run = True, existing
        return result
    started = time.monotonic()
    try:
        with transaction.atomic():
            run = ChargeRun.objects.create(
                project=project, period_start=start, period_end=end, created_by=acting_user
            )
            writer = _Writer()
            now = timezone.now()
            label = f"{start:%Y-%m}" if months == 1 else f"{start:%Y-%m}～{end:%Y-%m}"

            def on_row(unit_id, item, row_start, quantity, rate, amount):
                writer.add(
                    (
                        project.pk,
                        unit_id,
                        item.pk,
                        row_start,
                        end,
                        quantity,
                        rate,
                        amount,
                        Decimal(0),
                        f"{item.name} {label}",
                        ChargeSource.RUN,
                        run.pk,
                        due_date,
                        now,
                        acting_user.pk,
                    )
                )

            _compute(project, start, end, on_row=on_row, preview=result)
            writer.flush()
            from wuye.billing.services.credit import apply_credit

            charge_tickets(project=project, acting_user=acting_user, run=run)
            tickets = list(
                Charge.objects.filter(charge_run=run, source=ChargeSource.TICKET)
                .order_by("id")
                .values_list("ticket__number", "unit__code", "amount", "period_start")
            )
            _add_tickets(result, tickets, paid_service_item_name(project))
            credit = apply_credit(project=project)
            run_total = money_sum(Charge.objects.filter(charge_run=run))
            run.charge_count = writer.count + result.ticket_charges
            run.total_amount = run_total
            run.credit_applied = credit
            run.seconds = time.monotonic() - started
            run.save(update_fields=["charge_count", "total_amount", "credit_applied", "seconds"])
    except IntegrityError as exc:
        if ChargeRun.objects.filter(project=project, period_start=start).exists():
            result.already_run = True
            result.run = ChargeRun.objects.get(project=project, period_start=start)
            return result
        raise BusinessRuleError("charge_run_failed", _("The charge run could not be saved.")) from exc
    result.run = run
    return result
