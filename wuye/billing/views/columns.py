"""Column declarations of the billing lists (page headers, sort keys and the Excel export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wuye.core.tables import Column


def _receipt(deposit) -> str:
    receipt = getattr(deposit.payment, "receipt", None) if deposit.payment_id else None
    return receipt.display_number if receipt else ""


def _refund(deposit) -> str:
    refund = getattr(deposit, "refund", None)
    if refund is not None:
        return refund.get_status_display()
    return str(_("Closed")) if deposit.closed_at else ""


DEPOSIT_COLUMNS = [
    Column("unit", _("Unit"), "unit.code", sort="unit__code"),
    Column("purpose", _("Purpose"), "get_purpose_display", sort="purpose", width=14),
    Column("reference", _("Reference"), page=False, width=16),
    Column("received_at", _("Received at"), sort="received_at", css="hide-sm", width=18),
    Column("receipt", _("Receipt"), _receipt, css="hide-sm", width=18),
    Column("amount", _("Amount"), sort="amount", css="num"),
    Column("held", _("Held"), sort="held", css="num"),
    Column("refund", _("Refund"), _refund),
    Column("action", "", page=True, export=False),
]


def _last_reading(meter):
    return meter.last_reading if meter.last_read_on else meter.initial_reading


METER_COLUMNS = [
    Column("unit", _("Unit"), "unit.code", sort=("unit__building__number", "unit__code")),
    Column("meter", _("Meter"), "get_meter_type_display", sort="meter_type"),
    Column("serial", _("Serial number"), sort="serial", css="hide-sm", width=18),
    Column(
        "last_reading", _("Last reading"), _last_reading, sort="last_reading", number_format="0.00", width=14
    ),
    Column("last_read_on", _("Last read on"), sort="last_read_on", page=False, width=14),
    Column("new_reading", _("New reading"), page=True, export=False),
    Column("action", "", page=True, export=False),
]


def _period(run) -> str:
    return f"{run.period_start:%Y-%m-%d} – {run.period_end:%Y-%m-%d}"


CHARGE_RUN_COLUMNS = [
    Column("period", _("Period"), _period, sort="period_start", width=26),
    Column("charges", _("Charges"), "charge_count", sort="charge_count", css="num"),
    Column("total", _("Total"), "total_amount", sort="total_amount", css="num", width=14),
    Column(
        "credit", _("Credit applied"), "credit_applied", sort="credit_applied", css="num hide-sm", width=14
    ),
    Column("created_by", _("Run by"), sort="created_by__username", css="hide-sm", width=14),
    Column("created_at", _("Run at"), sort="created_at", width=18),
]
