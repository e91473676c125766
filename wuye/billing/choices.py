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
    POS = "pos", _("POS card")
    BANK = "bank", _("Bank collection")
    TRANSFER = "transfer", _("Transfer")
    DEPOSIT = "deposit", _("Offset against deposit")


class ChargeSource(models.TextChoices):
    RUN = "run", _("Charge run")
    METER = "meter", _("Meter reading")
    TICKET = "ticket", _("Paid service / repair")
    MANUAL = "manual", _("One-off item")
    SHORTFALL = "shortfall", _("Deposit shortfall")
    PARKING = "parking", _("Parking")


class DepositPurpose(models.TextChoices):
    RENOVATION = "renovation", _("Renovation")
    IC_CARD = "ic_card", _("IC parking card")
    KEY = "key", _("Key")
    OTHER = "other", _("Other")


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved and paid out")
    REJECTED = "rejected", _("Rejected")
