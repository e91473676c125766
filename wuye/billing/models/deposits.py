"""Deposits (押金) held for a unit, their ledger of entries, and refunds through an approval."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wuye.billing.choices import DepositPurpose, RefundStatus
from wuye.billing.models.base import USER, UnitScopedQuerySet
from wuye.billing.models.ledger import Charge, Payment
from wuye.core.money import MONEY


class Deposit(models.Model):
    """押金 held for a unit and purpose; its ledger is DepositEntry."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="deposits")
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, related_name="deposits")
    purpose = models.CharField(_("purpose"), max_length=12, choices=DepositPurpose.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="deposit")
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("e.g. card or key number")
    )
    received_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="deposit_positive")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.purpose} {self.amount}"


class DepositEntry(models.Model):
    """+ when received; − when refunded or applied to deductions. Sum = deposits held."""

    class Kind(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("deposit", "Received")
        DEDUCTED = "deducted", _("Deducted")
        REFUNDED = "refunded", _("Refunded")
        REVERSED = "reversed", _("Reversed (receipt voided)")

    deposit = models.ForeignKey(Deposit, on_delete=models.PROTECT, related_name="entries")
    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(**MONEY)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["project"])]

    def __str__(self) -> str:
        return f"{self.deposit_id} {self.kind} {self.amount}"


class DepositRefund(models.Model):
    """A refund through an approval with itemised deductions; refund = deposit − deductions ≥ 0."""

    deposit = models.OneToOneField(Deposit, on_delete=models.PROTECT, related_name="refund")
    deductions = models.JSONField(default=list, help_text="[{reason, amount}]")
    deduction_total = models.DecimalField(**MONEY, default=0)
    refund_amount = models.DecimalField(**MONEY, default=0)
    shortfall_charge = models.OneToOneField(
        Charge, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.REQUESTED)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(refund_amount__gte=0), name="refund_never_negative")
        ]

    def __str__(self) -> str:
        return f"refund {self.deposit_id}: {self.refund_amount}"
