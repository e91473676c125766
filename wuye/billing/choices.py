from django.db import models
from django.utils.translation import gettext_lazy as _


class FeeKind(models.TextChoices):
    INCOME = "income", _("Company income")
    ON_BEHALF = "on_behalf", _("Collected on behalf")
    DEPOSIT = "deposit", _("Deposit")
    PENALTY = "penalty", _("Penalty")


class ChargeBasis(models.TextChoices):
    AREA_MONTH = "area_month", _("Per m² of building area per month")
    METER = "meter", _("Per meter unit")
    FIXED_MONTH = "fixed_month", _("Fixed per month")
    PER_ITEM = "per_item", _("Per item")


class MeterType(models.TextChoices):
    WATER = "water", _("Water")
    ELECTRICITY = "electricity", _("Electricity")
    GAS = "gas", _("Gas")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    POS = "pos", _("POS card")
    BANK = "bank", _("Bank collection")
    TRANSFER = "transfer", _("Transfer")
    DEPOSIT = "deposit", _("Offset against deposit")


#: Methods a customer pays by through a third party (收款码, POS, bank, transfer): the payer's
#: transaction reference (交易流水号 / 凭证号) is what the cashier reconciles against the merchant
#: or bank statement, so it is required. Cash needs none; a deposit offset is internal.
REFERENCE_REQUIRED_METHODS = frozenset(
    {
        PaymentMethod.WECHAT,
        PaymentMethod.ALIPAY,
        PaymentMethod.POS,
        PaymentMethod.BANK,
        PaymentMethod.TRANSFER,
    }
)


class ChargeSource(models.TextChoices):
    RUN = "run", _("Charge run")
    METER = "meter", _("Meter reading")
    TICKET = "ticket", _("Paid service / repair")
    MANUAL = "manual", _("One-off item")
    SHORTFALL = "shortfall", _("Deposit shortfall")
    PARKING = "parking", _("Parking")
    RENOVATION = "renovation", _("Renovation")
    FRONT_DESK = "front_desk", _("Front desk (lost or damaged items)")


class DepositPurpose(models.TextChoices):
    RENOVATION = "renovation", _("Renovation")
    IC_CARD = "ic_card", _("IC parking card")
    KEY = "key", _("Key")
    OTHER = "other", _("Other")


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved and paid out")
    REJECTED = "rejected", _("Rejected")


# The moves a deposit refund may make (wuye/billing/services/deposits.py checks every change here).
# An approval is final: the money has moved through the ledger and the deposit is closed. A rejected
# request is prepared again by the cashier (one refund row per deposit), back to REQUESTED.
REFUND_TRANSITIONS: dict[str, frozenset[str]] = {
    RefundStatus.REQUESTED: frozenset({RefundStatus.APPROVED, RefundStatus.REJECTED}),
    RefundStatus.APPROVED: frozenset(),
    RefundStatus.REJECTED: frozenset({RefundStatus.REQUESTED}),
}
