"""Billing tables (spec 03). Money is Decimal yuan, two places; balances come from immutable
ledger rows (charges, allocations, credit entries, deposit entries). Rows are never edited or
deleted: a wrong receipt is voided by reversal rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wuye.billing.choices import (
    ChargeBasis,
    ChargeSource,
    DepositPurpose,
    FeeKind,
    MeterType,
    PaymentMethod,
    RefundStatus,
)
from wuye.core.history import HistoricalRecords
from wuye.core.money import MONEY
from wuye.core.scoping import ScopedQuerySet

RATE = {"max_digits": 14, "decimal_places": 4}
QTY = {"max_digits": 14, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class UnitScopedQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        from wuye.core.access import resident_unit_ids

        return Q(unit_id__in=resident_unit_ids(user))


class FeeItem(models.Model):
    """收费项目: what the public fee notice lists, with its kind and unit of charge."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="fee_items")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=FeeKind.choices)
    basis = models.CharField(_("unit of charge"), max_length=12, choices=ChargeBasis.choices)
    meter_type = models.CharField(_("meter"), max_length=12, choices=MeterType.choices, blank=True)
    billed_in_runs = models.BooleanField(
        _("billed by the periodic charge run"),
        default=True,
        help_text=_("Area-based and fixed monthly items; meter and per-item fees are charged as they arise."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="uniq_fee_item_code")]

    def __str__(self) -> str:
        return self.name


class TariffQuerySet(ScopedQuerySet):
    project_lookup = "fee_item__project_id"


class Tariff(models.Model):
    """A rate from a date on. Versioned: a change is a new row effective from its date."""

    fee_item = models.ForeignKey(FeeItem, on_delete=models.PROTECT, related_name="tariffs")
    unit_use = models.CharField(
        _("for unit use"), max_length=20, blank=True, help_text=_("Empty: every use.")
    )
    effective_from = models.DateField(_("effective from"))
    rate = models.DecimalField(_("rate (yuan)"), **RATE)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TariffQuerySet.as_manager()

    class Meta:
        ordering = ["fee_item_id", "unit_use", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["fee_item", "unit_use", "effective_from"], name="uniq_tariff_version"
            ),
            models.CheckConstraint(condition=Q(rate__gte=0), name="tariff_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.fee_item_id} {self.unit_use or '*'} {self.effective_from}: {self.rate}"


class MeterQuerySet(UnitScopedQuerySet):
    project_lookup = "unit__project_id"


class Meter(models.Model):
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, related_name="meters")
    meter_type = models.CharField(_("type"), max_length=12, choices=MeterType.choices)
    serial = models.CharField(_("serial number"), max_length=50, blank=True)
    installed_on = models.DateField(_("installed on"))
    initial_reading = models.DecimalField(_("initial reading"), **QTY, default=0)
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)
    final_reading = models.DecimalField(_("final reading"), **QTY, null=True, blank=True)

    objects = MeterQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "meter_type"],
                condition=Q(replaced_on__isnull=True),
                name="one_active_meter_per_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.meter_type} {self.serial}"


class MeterReadingQuerySet(ScopedQuerySet):
    project_lookup = "meter__unit__project_id"

    def resident_q(self, user):
        from wuye.core.access import resident_unit_ids

        return Q(meter__unit_id__in=resident_unit_ids(user))


class MeterReading(models.Model):
    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="readings")
    read_on = models.DateField(_("read on"))
    reading = models.DecimalField(_("reading"), **QTY)
    previous_reading = models.DecimalField(_("previous reading"), **QTY)
    consumption = models.DecimalField(_("consumption"), **QTY)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = MeterReadingQuerySet.as_manager()

    class Meta:
        ordering = ["meter_id", "read_on"]
        constraints = [
            models.UniqueConstraint(fields=["meter", "read_on"], name="uniq_meter_reading_day"),
            models.CheckConstraint(condition=Q(consumption__gte=0), name="reading_never_backwards"),
        ]

    def __str__(self) -> str:
        return f"{self.meter_id} {self.read_on}: {self.reading}"


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
