"""Reads: a unit's account, the settlement check, arrears ageing, the cashier's daily close.
All figures are database aggregates over the ledger rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Case, Count, F, Min, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.choices import ChargeBasis, PaymentMethod
from wuye.billing.models import (
    Allocation,
    Charge,
    CreditEntry,
    Deposit,
    DepositEntry,
    FeeItem,
    Meter,
    Payment,
    Receipt,
)
from wuye.billing.services.charges import PARKING_RENT_CODE, TEMP_PARKING_CODE
from wuye.core.days import local_day_bounds, local_midnight
from wuye.core.money import money_output, money_sum, to_money

ZERO = Decimal("0.00")
MONEY = money_output()


def unit_account(unit) -> dict:
    charges = Charge.objects.filter(unit=unit)
    charged, paid = money_sum(charges), money_sum(charges, "allocated")
    credit = money_sum(CreditEntry.objects.filter(unit=unit))
    deposits = money_sum(DepositEntry.objects.filter(deposit__unit=unit))
    return {
        "unit": unit,
        "charged": charged,
        "paid": paid,
        "outstanding": charged - paid,
        "credit": credit,
        "deposits_held": deposits,
        "balance": credit - (charged - paid),
        "charges": charges.select_related("fee_item").order_by("-period_start", "-id"),
        "payments": Payment.objects.filter(unit=unit)
        .select_related("receipt", "cashier")
        .order_by("-received_at"),
        "deposits": Deposit.objects.filter(unit=unit)
        .annotate(held=Sum("entries__amount"))
        .order_by("-received_at"),
    }


def ledger_check(unit) -> bool:
    """Stored totals equal the sum of the rows: Charge.allocated == Σ its allocations."""
    charges = Charge.objects.filter(unit=unit).annotate(rows=Sum("allocations__amount", default=ZERO))
    return all(to_money(c.rows) == c.allocated for c in charges)


def settlement(unit, as_of: dt.date) -> dict:
    """ "Are all dues of unit U settled up to date D?" — used by release passes, tenant exit,
    ownership transfer and deposit refunds. Lists what is outstanding and what is not yet billed
    or read up to D."""
    open_charges = list(
        Charge.objects.filter(unit=unit, period_start__lte=as_of, allocated__lt=F("amount"))
        .select_related("fee_item")
        .order_by("period_start", "id")
    )
    outstanding = sum((c.amount - c.allocated for c in open_charges), ZERO)
    unread = []
    for meter in Meter.objects.filter(unit=unit, replaced_on__isnull=True).prefetch_related("readings"):
        last = max((r.read_on for r in meter.readings.all()), default=None)
        if last is None or last < as_of:
            unread.append({"meter": meter.meter_type, "last_read_on": last})
    not_billed = []
    if unit.handover_date and unit.handover_date <= as_of:
        for item in FeeItem.objects.filter(
            project_id=unit.project_id,
            is_active=True,
            billed_in_runs=True,
            basis__in=[ChargeBasis.AREA_MONTH, ChargeBasis.FIXED_MONTH],
        ):
            billed_to = (
                Charge.objects.filter(unit=unit, fee_item=item)
                .order_by("-period_end")
                .values_list("period_end", flat=True)
                .first()
            )
            if item.tariffs.exists() and (billed_to is None or billed_to < as_of):
                not_billed.append({"fee_item": item.name, "billed_to": billed_to})
    return {
        "unit": unit.code,
        "as_of": as_of,
        "settled": not open_charges and not unread and not not_billed,
        "outstanding_total": outstanding,
        "outstanding": [
            {
                "charge": c.pk,
                "fee_item": c.fee_item.name,
                "period_start": c.period_start,
                "period_end": c.period_end,
                "amount": c.amount,
                "paid": c.allocated,
                "open": c.amount - c.allocated,
                "due_date": c.due_date,
            }
            for c in open_charges
        ],
        "meters_not_read": unread,
        "not_billed": not_billed,
    }


def settlement_outstanding(unit, as_of: dt.date) -> dict[str, list[str]]:
    """What `settlement` says is not clear up to `as_of`, in words, by code: `arrears` (charges not
    paid), `meter_readings` (an active meter without a reading on or after the day) and
    `not_billed` (the monthly fees not billed that far). Empty when the unit is settled. The
    procedures that wait for a settlement (release passes, tenant exit, transfer) name these."""
    check = settlement(unit, as_of)
    found: dict[str, list[str]] = {}
    if check["outstanding"]:
        found["arrears"] = [
            _("%(item)s %(start)s–%(end)s: %(open)s yuan open")
            % {
                "item": row["fee_item"],
                "start": row["period_start"].isoformat() if row["period_start"] else "",
                "end": row["period_end"].isoformat() if row["period_end"] else "",
                "open": row["open"],
            }
            for row in check["outstanding"]
        ]
    if check["meters_not_read"]:
        found["meter_readings"] = [
            _("%(meter)s meter: last read %(day)s, needs a reading on or after %(as_of)s")
            % {
                "meter": row["meter"],
                "day": row["last_read_on"].isoformat() if row["last_read_on"] else _("never"),
                "as_of": as_of.isoformat(),
            }
            for row in check["meters_not_read"]
        ]
    if check["not_billed"]:
        found["not_billed"] = [
            _("%(item)s is billed only to %(day)s")
            % {
                "item": row["fee_item"],
                "day": row["billed_to"].isoformat() if row["billed_to"] else _("never"),
            }
            for row in check["not_billed"]
        ]
    return found


AGE_BUCKETS = (("0_30", 0, 30), ("31_90", 31, 90), ("91_180", 91, 180), ("over_180", 181, None))


def _open_charges(*, projects, as_of: dt.date):
    """Charges due by `as_of` and not fully paid then, with the expression of their open amount.

    For today or later the stored `allocated` totals are used; for a past day the ledger is read
    as it stood at the end of that day (charges created and allocations made by then), so a
    report for last month shows last month's arrears, not today's."""
    # a walk-in charge (no unit) left open by a voided walk-in receipt has no account to dun
    base = Charge.objects.filter(project__in=projects, due_date__lte=as_of, unit__isnull=False)
    if as_of >= timezone.localdate():
        base = base.filter(allocated__lt=F("amount"))
        open_amount = F("amount") - F("allocated")
    else:
        end = local_midnight(as_of + dt.timedelta(days=1))
        paid_then = (
            Allocation.objects.filter(charge=OuterRef("pk"), created_at__lt=end)
            .values("charge")
            .annotate(s=Sum("amount"))
            .values("s")
        )
        base = (
            base.filter(created_at__lt=end)
            .annotate(
                paid_then=Coalesce(Subquery(paid_then, output_field=MONEY), Value(ZERO), output_field=MONEY)
            )
            .filter(paid_then__lt=F("amount"))
        )
        open_amount = F("amount") - F("paid_then")
    return base, open_amount


def arrears_total(*, projects, as_of: dt.date) -> Decimal:
    """The arrears ageing's grand total in one query (for the workbench)."""
    base, open_amount = _open_charges(projects=projects, as_of=as_of)
    return to_money(base.aggregate(total=Sum(open_amount, output_field=MONEY))["total"] or ZERO)


def unit_arrears(*, unit, as_of: dt.date) -> dict:
    """What the unit still owes, in one query: every billed and unpaid amount (outstanding), the
    part past its due date (overdue: due before `as_of`) and the oldest due date of that part."""
    open_amount = F("amount") - F("allocated")
    overdue = Q(due_date__lt=as_of)
    totals = Charge.objects.filter(unit=unit, allocated__lt=F("amount")).aggregate(
        outstanding=Sum(open_amount, output_field=MONEY, default=ZERO),
        overdue=Sum(open_amount, filter=overdue, output_field=MONEY, default=ZERO),
        oldest_due_date=Min("due_date", filter=overdue),
        charges=Count("id"),
    )
    return {
        "outstanding": to_money(totals["outstanding"]),
        "overdue": to_money(totals["overdue"]),
        "oldest_due_date": totals["oldest_due_date"],
        "open_charges": totals["charges"],
    }


def arrears_ageing(*, projects, as_of: dt.date, group_by_unit: bool = True):
    """Outstanding per unit and fee item by days past due: 0–30, 31–90, 91–180, >180 (see
    `_open_charges` for how a past day is read)."""
    base, open_amount = _open_charges(projects=projects, as_of=as_of)
    annotations = {}
    for name, low, high in AGE_BUCKETS:
        latest = as_of - dt.timedelta(days=low)
        condition = Q(due_date__lte=latest)
        if high is not None:
            condition &= Q(due_date__gte=as_of - dt.timedelta(days=high))
        annotations[name] = Sum(
            Case(When(condition, then=open_amount), default=Value(ZERO), output_field=MONEY)
        )
    return (
        base.values("unit_id", "unit__code", "fee_item__name")
        .annotate(total=Sum(open_amount, output_field=MONEY), **annotations)
        .order_by("unit__code", "fee_item__name")
    )


def _day_payments(*, project, day: dt.date, cashier=None):
    start, end = local_day_bounds(day)
    payments = Payment.objects.filter(project=project, received_at__gte=start, received_at__lt=end)
    return payments if cashier is None else payments.filter(cashier=cashier)


def takings_payments(*, project, day: dt.date, cashier=None):
    """The payments that are the day's takings: not voided, and not offsets against a deposit
    (those move money inside the ledger)."""
    return (
        _day_payments(project=project, day=day, cashier=cashier)
        .filter(voided_at__isnull=True)
        .exclude(method=PaymentMethod.DEPOSIT)
    )


def day_takings(*, project, day: dt.date, cashier=None) -> Decimal:
    """The daily close's takings figure, in one query (for the workbench)."""
    return money_sum(takings_payments(project=project, day=day, cashier=cashier))


def _walk_in(payments, fee_code: str):
    """The walk-in cash payments among `payments` that paid a charge of the fee item `fee_code`."""
    paid = Allocation.objects.filter(
        reverses__isnull=True, charge__unit__isnull=True, charge__fee_item__code=fee_code
    )
    return payments.filter(unit__isnull=True, method=PaymentMethod.CASH, pk__in=paid.values("payment_id"))


def cashier_close(*, project, day: dt.date, cashier=None) -> dict:
    """Takings by method, receipts issued and voided that day, and a reconciliation with the ledger."""
    start, end = local_day_bounds(day)
    payments = _day_payments(project=project, day=day, cashier=cashier)
    # Offsets against a deposit move money inside the ledger; they are not takings of the day.
    offsets = payments.filter(voided_at__isnull=True, method=PaymentMethod.DEPOSIT)
    valid = takings_payments(project=project, day=day, cashier=cashier)
    order = {method: i for i, method in enumerate(PaymentMethod.values)}  # as the desk lists them
    by_method = sorted(
        (
            {**row, "total": to_money(row["total"])}
            for row in valid.values("method")
            .annotate(count=Count("id"), total=Sum("amount"))
            .order_by("method")
        ),
        key=lambda row: order.get(row["method"], len(order)),
    )
    issued = Receipt.objects.filter(project=project, issued_at__gte=start, issued_at__lt=end)
    voided = Receipt.objects.filter(project=project, voided_at__gte=start, voided_at__lt=end)
    if cashier is not None:
        issued, voided = issued.filter(issued_by=cashier), voided.filter(voided_by=cashier)
    takings = money_sum(valid)
    allocated = money_sum(
        Allocation.objects.filter(payment__in=valid, reverses__isnull=True, reversed_by__isnull=True)
    )
    credited = money_sum(CreditEntry.objects.filter(payment__in=valid, amount__gt=0))
    deposits = money_sum(Deposit.objects.filter(payment__in=valid))
    # Walk-in payments (no unit) are takings like any other; two of their fee items keep their own
    # lines, as the close listed them before they were receipted payments (issue 9).
    gate = _walk_in(valid, TEMP_PARKING_CODE)
    rents = _walk_in(valid, PARKING_RENT_CODE)
    return {
        "date": day,
        # of the takings: temporary parking paid in cash at the gate
        "parking_cash": {"count": gate.count(), "total": money_sum(gate)},
        "deposit_offsets": {"count": offsets.count(), "total": money_sum(offsets)},
        # of the takings: non-residents' parking rent for the whole period, paid up front in cash
        "parking_rent_cash": {"count": rents.count(), "total": money_sum(rents)},
        "by_method": by_method,
        "takings": takings,
        "receipts_issued": list(issued.order_by("number").values_list("year", "number")),
        "receipts_voided": list(voided.order_by("number").values_list("year", "number", "void_reason")),
        "ledger": {"allocated": allocated, "prepayment_credit": credited, "deposits": deposits},
        "reconciles": takings == allocated + credited + deposits,
    }
