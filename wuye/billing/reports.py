"""Billing reports shaped once for the console page, the API and the Excel export: arrears ageing
and the cashier's daily close, both read from `wuye.billing.selectors`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wuye.billing import selectors
from wuye.billing.choices import PaymentMethod
from wuye.core.money import to_money

#: the ageing figures of a row, in the order of the sheet's columns
AGE_COLUMNS = ("days_0_30", "days_31_90", "days_91_180", "days_over_180", "total")
_BUCKET_NAMES = {
    "0_30": "days_0_30",
    "31_90": "days_31_90",
    "91_180": "days_91_180",
    "over_180": "days_over_180",
}
ZERO = Decimal("0.00")


def ageing_report(*, projects, as_of: dt.date) -> dict:
    """Outstanding per unit and fee item by days past due, with a totals row."""
    totals = dict.fromkeys(AGE_COLUMNS, ZERO)
    rows = []
    for row in selectors.arrears_ageing(projects=projects, as_of=as_of):
        item = {"unit": row["unit_id"], "unit_code": row["unit__code"], "fee_item": row["fee_item__name"]}
        for key, name in _BUCKET_NAMES.items():
            item[name] = to_money(row[key] or ZERO)
        item["total"] = to_money(row["total"] or ZERO)
        for key in AGE_COLUMNS:
            totals[key] += item[key]
        rows.append(item)
    return {"as_of": as_of, "projects": list(projects), "rows": rows, "totals": totals}


def receipt_number(year: int, number: int) -> str:
    return f"{year}-{number:06d}"


def close_report(*, project, day: dt.date, cashier=None) -> dict:
    """`selectors.cashier_close` with method labels and receipt numbers as printed."""
    close = selectors.cashier_close(project=project, day=day, cashier=cashier)
    return {
        **close,
        "project": project,
        "cashier": cashier,
        "by_method": [
            {**row, "method_label": PaymentMethod(row["method"]).label} for row in close["by_method"]
        ],
        "receipts_issued": [receipt_number(year, number) for year, number in close["receipts_issued"]],
        "receipts_voided": [
            {"number": receipt_number(year, number), "reason": reason}
            for year, number, reason in close["receipts_voided"]
        ],
    }
