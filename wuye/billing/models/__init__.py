"""Billing tables (spec 03). Money is Decimal yuan, two places; balances come from immutable
ledger rows (charges, allocations, credit entries, deposit entries). Rows are never edited or
deleted: a wrong receipt is voided by reversal rows.

A package of modules named after what they hold; every model is importable from here.
"""

from wuye.billing.models.base import QTY, RATE, USER, UnitScopedQuerySet
from wuye.billing.models.deposits import Deposit, DepositEntry, DepositRefund
from wuye.billing.models.fees import (
    FeeItem,
    Meter,
    MeterQuerySet,
    MeterReading,
    MeterReadingQuerySet,
    Tariff,
    TariffQuerySet,
)
from wuye.billing.models.ledger import (
    Allocation,
    Charge,
    ChargeRun,
    CreditEntry,
    Payment,
    Receipt,
    ReceiptQuerySet,
)

__all__ = [
    "QTY",
    "RATE",
    "USER",
    "Allocation",
    "Charge",
    "ChargeRun",
    "CreditEntry",
    "Deposit",
    "DepositEntry",
    "DepositRefund",
    "FeeItem",
    "Meter",
    "MeterQuerySet",
    "MeterReading",
    "MeterReadingQuerySet",
    "Payment",
    "Receipt",
    "ReceiptQuerySet",
    "Tariff",
    "TariffQuerySet",
    "UnitScopedQuerySet",
]
