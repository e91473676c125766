"""The ledger (spec 03): charge runs, charges, payments, allocations, prepayment credit and receipts.
Balances come from these immutable rows; a wrong receipt is voided by reversal rows."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.billing.choices import ChargeSource, DepositPurpose, PaymentMethod
from wuye.billing.models.base import QTY, RATE, USER, UnitScopedQuerySet
from wuye.billing.models.fees import FeeItem, MeterReading
from wuye.core.money import MONEY
from wuye.core.scoping import ScopedQuerySet


class ChargeRun(models.Model):
    """One billing period of a project. Unique per period: a second run creates nothing."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="charge_runs")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"), help_text=_("Inclusive."))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    charge_count = models.PositiveIntegerField(default=0)
    total_amount = models.DecimalField(**MONEY, default=0)
    credit_applied = models.DecimalField(**MONEY, default=0)
    seconds = models.FloatField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period_start"], name="uniq_charge_run_period")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.period_start}–{self.period_end}"


class Charge(models.Model):
    """应收费用: an immutable receivable. `allocated` is the stored sum of its allocation rows."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="charges")
    # Empty only for a walk-in charge (a gate visitor's stay, a non-resident's rent), paid on the spot
    # by its walk-in payment: the fee is income of its fee item without anyone's account.
    unit = models.ForeignKey(
        "estate.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    fee_item = models.ForeignKey(FeeItem, on_delete=models.PROTECT, related_name="charges")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    quantity = models.DecimalField(_("quantity"), **QTY, default=1)
    rate = models.DecimalField(_("rate"), **RATE, default=0)
    amount = models.DecimalField(_("amount"), **MONEY)
    allocated = models.DecimalField(_("paid"), **MONEY, default=0)
    description = models.CharField(_("description"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=ChargeSource.choices)
    charge_run = models.ForeignKey(
        ChargeRun, on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    ticket = models.OneToOneField(
        "servicedesk.Ticket", on_delete=models.PROTECT, null=True, blank=True, related_name="charge"
    )
    meter_reading = models.OneToOneField(
        MeterReading, on_delete=models.PROTECT, null=True, blank=True, related_name="charge"
    )
    due_date = models.DateField(_("due date"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit_id", "period_start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="charge_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(allocated__gte=0) & Q(allocated__lte=models.F("amount")),
                name="charge_never_over_allocated",
            ),
            models.UniqueConstraint(
                fields=["unit", "fee_item", "period_start"], condition=Q(source="run"), name="uniq_run_charge"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "period_start"]),
            models.Index(fields=["project", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.fee_item_id} {self.period_start}: {self.amount}"

    @property
    def outstanding(self):
        return self.amount - self.allocated


class Payment(models.Model):
    """收款. The idempotency key makes a retried request return the first result. A payment without a
    unit is a walk-in payment (散客收款): it pays its own walk-in charge in full and has its receipt in
    the project's one continuous sequence (`walk_in_payment_create`)."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="payments")
    unit = models.ForeignKey(
        "estate.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    method = models.CharField(_("method"), max_length=12, choices=PaymentMethod.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    received_at = models.DateTimeField(_("received at"))
    cashier = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=100, unique=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    payer = models.CharField(_("payer"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    for_deposit = models.CharField(
        _("deposit purpose"), max_length=12, choices=DepositPurpose.choices, blank=True
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
            # a deposit is held for a unit; only a fee is paid walk-in
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(for_deposit=""), name="walk_in_payment_no_deposit"
            ),
        ]
        indexes = [models.Index(fields=["project", "received_at"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.method} {self.amount}"


class Allocation(models.Model):
    """Money applied to a charge, from a payment or from prepayment credit. A reversal is a row
    with the opposite amount that points at the row it reverses."""

    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="allocations")
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations"
    )
    from_credit = models.BooleanField(default=False)
    amount = models.DecimalField(**MONEY)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="allocation_not_zero"),
            models.CheckConstraint(
                condition=Q(payment__isnull=False) | Q(from_credit=True), name="allocation_has_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.charge_id} {self.amount}"


class CreditEntry(models.Model):
    """Prepayment credit (预存): + from overpayments, − when consumed by a charge or reversed."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, related_name="credit_entries")
    amount = models.DecimalField(**MONEY)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="credit_entries"
    )
    allocation = models.OneToOneField(
        Allocation, on_delete=models.PROTECT, null=True, blank=True, related_name="credit_entry"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.amount}"


class ReceiptQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        from wuye.core.access import resident_unit_ids

        return Q(payment__unit_id__in=resident_unit_ids(user))


class Receipt(models.Model):
    """收据: continuous number per project and year; voided with a reason, never deleted."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="receipts")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    void_reason = models.TextField(blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        ordering = ["project_id", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "number"], name="uniq_receipt_number")
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.year}-{self.number:06d}"
