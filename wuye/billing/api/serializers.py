"""Billing API: output serializers per resource, explicit input serializers per action.

Inputs only parse and shape; every rule (permissions, amounts, idempotency, locks) is the
service's. Money goes out as strings with two decimals ("250.00"), as DRF renders Decimal.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.choices import (
    ChargeBasis,
    DepositPurpose,
    FeeKind,
    MeterType,
    PaymentMethod,
)
from wuye.billing.models import (
    Charge,
    ChargeRun,
    Deposit,
    DepositRefund,
    FeeItem,
    Meter,
    MeterReading,
    Payment,
    Receipt,
    Tariff,
)
from wuye.billing.pdf import receipt_lines
from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.choices import UnitUse
from wuye.estate.models import Project, Unit

MONEY = {"max_digits": 14, "decimal_places": 2}
QTY = {"max_digits": 14, "decimal_places": 2}
RATE = {"max_digits": 14, "decimal_places": 4}

# --- fields --------------------------------------------------------------------------------------

_ENUM_FIELD_CLASSES: dict[tuple, type] = {}


def enum_field(choices, *, allow_blank: bool = False, **kwargs) -> serializers.ChoiceField:
    """A choice input whose enum is written inline in the schema.

    Names such as `method` and `kind` carry other choice sets elsewhere in the API. drf-spectacular
    hoists every property-level enum into a component named after the field and warns when names
    collide (ENUM_NAME_OVERRIDES lives in settings); an enum inside an `allOf` with a description
    beside it stays where it is, still documented and validated by clients."""
    values = list(choices.values) + ([""] if allow_blank else [])
    key = (choices.__name__, allow_blank)
    field_class = _ENUM_FIELD_CLASSES.get(key)
    if field_class is None:
        listed = ", ".join(f"`{v}`" for v in values if v)
        schema = {"allOf": [{"type": "string", "enum": values}], "description": f"One of {listed}."}
        field_class = extend_schema_field(schema)(
            type(f"{choices.__name__}Field", (serializers.ChoiceField,), {})
        )
        _ENUM_FIELD_CLASSES[key] = field_class
    if allow_blank:
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", "")
    return field_class(choices=choices.choices, allow_blank=allow_blank, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    """Outputs carry the value as a plain string, with a `*_label` beside it."""


@extend_schema_field(OpenApiTypes.INT)
class ScopedKeyField(ScopedPrimaryKeyField):
    """A foreign key limited to the user's scope; out-of-scope rows 'do not exist' (400)."""


def name_of(user) -> str:
    return str(user) if user is not None else ""


class OutputSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField


# --- fee items and tariffs -----------------------------------------------------------------------


class TariffSerializer(OutputSerializer):
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Tariff
        fields = ["id", "fee_item", "unit_use", "effective_from", "rate", "created_by", "created_by_name", "created_at"]
        read_only_fields = fields

    def get_created_by_name(self, tariff) -> str:
        return name_of(tariff.created_by)


class FeeItemSerializer(OutputSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    basis_label = serializers.CharField(source="get_basis_display", read_only=True)
    tariffs = TariffSerializer(many=True, read_only=True, help_text="Every version, oldest first per unit use.")

    class Meta:
        model = FeeItem
        fields = ["id", "project", "code", "name", "kind", "kind_label", "basis", "basis_label", "meter_type",
                  "billed_in_runs", "is_active", "sort_order", "tariffs"]
        read_only_fields = fields


class FeeItemUpdateSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40, required=False)
    name = serializers.CharField(max_length=100, required=False)
    kind = enum_field(FeeKind, required=False)
    basis = enum_field(ChargeBasis, required=False)
    meter_type = enum_field(MeterType, allow_blank=True)
    billed_in_runs = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    sort_order = serializers.IntegerField(min_value=0, required=False)


class FeeItemCreateSerializer(FeeItemUpdateSerializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=100)
    kind = enum_field(FeeKind)
    basis = enum_field(ChargeBasis)
    billed_in_runs = serializers.BooleanField(required=False, default=True)


class TariffCreateSerializer(serializers.Serializer):
    rate = serializers.DecimalField(**RATE, min_value=0, label=_("rate (yuan)"))
    effective_from = serializers.DateField(label=_("effective from"))
    unit_use = serializers.ChoiceField(
        choices=UnitUse.choices, required=False, allow_blank=True, default="",
        help_text="Only for units of this use; empty: every use.",
    )


# --- meters and readings -------------------------------------------------------------------------


class MeterSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    meter_type_label = serializers.CharField(source="get_meter_type_display", read_only=True)
    last_read_on = serializers.DateField(read_only=True, allow_null=True, default=None)
    last_reading = serializers.DecimalField(**QTY, read_only=True, allow_null=True, default=None)

    class Meta:
        model = Meter
        fields = ["id", "unit", "unit_code", "meter_type", "meter_type_label", "serial", "installed_on",
                  "initial_reading", "replaced_on", "final_reading", "last_read_on", "last_reading"]
        read_only_fields = fields


class MeterCreateSerializer(serializers.Serializer):
    unit = ScopedKeyField(queryset=Unit.objects.all())
    meter_type = enum_field(MeterType)
    installed_on = serializers.DateField()
    serial = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    initial_reading = serializers.DecimalField(**QTY, min_value=0, required=False, default=0)


class MeterReplaceSerializer(serializers.Serializer):
    replaced_on = serializers.DateField()
    final_reading = serializers.DecimalField(**QTY, min_value=0, help_text="The old meter's last figure (charged).")
    new_serial = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    new_initial_reading = serializers.DecimalField(**QTY, min_value=0, required=False, default=0)


class MeterReadingSerializer(OutputSerializer):
    unit = serializers.IntegerField(source="meter.unit_id", read_only=True)
    unit_code = serializers.CharField(source="meter.unit.code", read_only=True)
    meter_type = serializers.CharField(source="meter.meter_type", read_only=True)
    recorded_by_name = serializers.SerializerMethodField()
    charge = serializers.SerializerMethodField()
    charge_amount = serializers.SerializerMethodField()

    class Meta:
        model = MeterReading
        fields = ["id", "meter", "unit", "unit_code", "meter_type", "read_on", "reading", "previous_reading",
                  "consumption", "recorded_by", "recorded_by_name", "recorded_at", "charge", "charge_amount"]
        read_only_fields = fields

    def get_recorded_by_name(self, reading) -> str:
        return name_of(reading.recorded_by)

    def _charge(self, reading):
        return getattr(reading, "charge", None)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_charge(self, reading):
        charge = self._charge(reading)
        return charge.pk if charge else None

    @extend_schema_field(serializers.DecimalField(**MONEY, allow_null=True))
    def get_charge_amount(self, reading):
        charge = self._charge(reading)
        return f"{charge.amount:.2f}" if charge else None


class MeterReadingCreateSerializer(serializers.Serializer):
    meter = ScopedKeyField(queryset=Meter.objects.all())
    read_on = serializers.DateField()
    reading = serializers.DecimalField(**QTY, min_value=0)


# --- charge runs ---------------------------------------------------------------------------------


class ChargeRunSerializer(OutputSerializer):
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ChargeRun
        fields = ["id", "project", "period_start", "period_end", "created_by", "created_by_name", "created_at",
                  "charge_count", "total_amount", "credit_applied", "seconds"]
        read_only_fields = fields

    def get_created_by_name(self, run) -> str:
        return name_of(run.created_by)


class ChargeRunCreateSerializer(serializers.Serializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    period_start = serializers.DateField(help_text="The first day of a month.")
    months = serializers.ChoiceField(choices=[(1, "1"), (3, "3")], default=1, help_text="1: a month; 3: a quarter.")
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Only compute what the run would charge; nothing is written."
    )
    due_days = serializers.IntegerField(
        min_value=1, max_value=366, required=False, allow_null=True, default=None,
        help_text="Days from the period start to the due date (default: the project's billing setting, else 15).",
    )


class FeeItemTotalSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)


class SampleChargeSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="unit code")
    fee_item = serializers.CharField()
    period_start = serializers.DateField(source="from")
    period_end = serializers.DateField(source="to")
    quantity = serializers.DecimalField(**QTY)
    amount = serializers.DecimalField(**MONEY)


class ChargeRunResultSerializer(serializers.Serializer):
    """A dry run's preview, or the outcome of a run (`already_run`: the period was billed before)."""

    dry_run = serializers.BooleanField()
    already_run = serializers.BooleanField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    charge_count = serializers.IntegerField()
    total_amount = serializers.DecimalField(**MONEY)
    by_fee_item = FeeItemTotalSerializer(many=True)
    zero_rate_items = serializers.ListField(
        child=serializers.CharField(), help_text="Run-billed fee items with no tariff at all: nothing charged for them."
    )
    sample = SampleChargeSerializer(many=True)
    ticket_charges = serializers.IntegerField(help_text="Completed paid services charged (or to be charged).")
    run = ChargeRunSerializer(allow_null=True)


# --- charges -------------------------------------------------------------------------------------


class ChargeSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    fee_item_name = serializers.CharField(source="fee_item.name", read_only=True)
    fee_kind = serializers.CharField(source="fee_item.kind", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    paid = serializers.DecimalField(source="allocated", **MONEY, read_only=True)
    open = serializers.DecimalField(source="outstanding", **MONEY, read_only=True, help_text="amount − paid")

    class Meta:
        model = Charge
        fields = ["id", "project", "unit", "unit_code", "fee_item", "fee_item_name", "fee_kind", "period_start",
                  "period_end", "quantity", "rate", "amount", "paid", "open", "description", "source",
                  "source_label", "charge_run", "ticket", "meter_reading", "due_date", "created_at"]
        read_only_fields = fields


class ChargeCreateSerializer(serializers.Serializer):
    """A one-off charge (per-item fees, agreed adjustments)."""

    unit = ScopedKeyField(queryset=Unit.objects.all())
    fee_item = ScopedKeyField(queryset=FeeItem.objects.all())
    amount = serializers.DecimalField(**MONEY, min_value=0)
    description = serializers.CharField(max_length=200)
    quantity = serializers.DecimalField(**QTY, min_value=0, required=False, default=1)
    rate = serializers.DecimalField(**RATE, min_value=0, required=False, allow_null=True, default=None)
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


# --- receipts and payments -----------------------------------------------------------------------


class ReceiptLineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["charge", "prepayment", "deposit"])
    label = serializers.CharField()
    period = serializers.CharField(allow_blank=True)
    charge = serializers.IntegerField(allow_null=True)
    amount = serializers.DecimalField(**MONEY)


class ReceiptBriefSerializer(OutputSerializer):
    number = serializers.CharField(source="display_number", read_only=True, help_text="year-sequence, e.g. 2026-000123")

    class Meta:
        model = Receipt
        fields = ["id", "number", "issued_at", "voided_at"]
        read_only_fields = fields


class ReceiptSerializer(OutputSerializer):
    number = serializers.CharField(source="display_number", read_only=True, help_text="year-sequence, e.g. 2026-000123")
    sequence = serializers.IntegerField(source="number", read_only=True, help_text="continuous per project and year")
    unit = serializers.IntegerField(source="payment.unit_id", read_only=True)
    unit_code = serializers.CharField(source="payment.unit.code", read_only=True)
    amount = serializers.DecimalField(source="payment.amount", **MONEY, read_only=True)
    method = serializers.CharField(source="payment.method", read_only=True)
    method_label = serializers.CharField(source="payment.get_method_display", read_only=True)
    payer = serializers.CharField(source="payment.payer", read_only=True)
    received_at = serializers.DateTimeField(source="payment.received_at", read_only=True)
    issued_by_name = serializers.SerializerMethodField()
    voided_by_name = serializers.SerializerMethodField()
    replaced_by = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()

    class Meta:
        model = Receipt
        fields = ["id", "project", "number", "year", "sequence", "payment", "unit", "unit_code", "amount", "method",
                  "method_label", "payer", "received_at", "issued_at", "issued_by", "issued_by_name", "voided_at",
                  "voided_by", "voided_by_name", "void_reason", "replaces", "replaced_by", "lines"]
        read_only_fields = fields

    def get_issued_by_name(self, receipt) -> str:
        return name_of(receipt.issued_by)

    def get_voided_by_name(self, receipt) -> str:
        return name_of(receipt.voided_by)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_replaced_by(self, receipt):
        replacement = getattr(receipt, "replaced_by", None)
        return replacement.pk if replacement else None

    @extend_schema_field(ReceiptLineSerializer(many=True))
    def get_lines(self, receipt):
        return ReceiptLineSerializer(receipt_lines(receipt), many=True).data


class ReceiptVoidSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("reason"), help_text="Why the receipt is wrong (kept on the receipt).")


class PaymentSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    cashier_name = serializers.SerializerMethodField()
    deposit_purpose = serializers.CharField(source="for_deposit", read_only=True)
    receipt = ReceiptBriefSerializer(read_only=True)

    class Meta:
        model = Payment
        fields = ["id", "project", "unit", "unit_code", "method", "method_label", "amount", "received_at", "cashier",
                  "cashier_name", "idempotency_key", "reference", "payer", "note", "deposit_purpose", "voided_at",
                  "receipt"]
        read_only_fields = fields

    def get_cashier_name(self, payment) -> str:
        return name_of(payment.cashier)


class PaymentResultSerializer(serializers.Serializer):
    payment = PaymentSerializer()
    receipt = ReceiptSerializer()
    allocated = serializers.DecimalField(**MONEY, help_text="Applied to charges.")
    credited = serializers.DecimalField(**MONEY, help_text="Left over: prepayment credit (预存).")
    replayed = serializers.BooleanField(help_text="True when the idempotency key returned an earlier payment.")


class PaymentCreateSerializer(serializers.Serializer):
    unit = ScopedKeyField(queryset=Unit.objects.all())
    method = enum_field(PaymentMethod)
    amount = serializers.DecimalField(**MONEY, min_value=0, help_text="Yuan, two decimals.")
    idempotency_key = serializers.CharField(
        max_length=100, required=False,
        help_text="Required here or in the `Idempotency-Key` header: a retried request returns the first result.",
    )
    charge_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, allow_empty=True, default=list,
        help_text="Pay these open charges (oldest first); empty: the unit's oldest open charges.",
    )
    received_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="For payments entered after the fact; default now."
    )
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    payer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    deposit_purpose = enum_field(
        DepositPurpose, allow_blank=True, help_text="The money is a deposit held for the unit, for this purpose."
    )

    def validate(self, attrs):
        header = (self.context.get("idempotency_header") or "").strip()
        body = (attrs.get("idempotency_key") or "").strip()
        if header and body and header != body:
            raise serializers.ValidationError(
                {"idempotency_key": [_("The body and the Idempotency-Key header carry different keys.")]}
            )
        key = body or header
        if not key:
            raise serializers.ValidationError({"idempotency_key": [_("An idempotency key is required.")]})
        if len(key) > 100:
            raise serializers.ValidationError({"idempotency_key": [_("At most 100 characters.")]})
        attrs["idempotency_key"] = key
        return attrs


# --- deposits ------------------------------------------------------------------------------------


class DeductionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(**MONEY, min_value=0)
    charge = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="An open charge of the unit paid out of the deposit (unpaid fees).",
    )


class DepositRefundSerializer(OutputSerializer):
    deductions = DeductionSerializer(many=True, read_only=True)
    requested_by_name = serializers.SerializerMethodField()
    decided_by_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = DepositRefund
        fields = ["id", "status", "status_label", "deductions", "deduction_total", "refund_amount",
                  "shortfall_charge", "requested_by", "requested_by_name", "requested_at", "decided_by",
                  "decided_by_name", "decided_at", "comment"]
        read_only_fields = fields

    def get_requested_by_name(self, refund) -> str:
        return name_of(refund.requested_by)

    def get_decided_by_name(self, refund) -> str:
        return name_of(refund.decided_by)


class DepositSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    purpose_label = serializers.CharField(source="get_purpose_display", read_only=True)
    held = serializers.DecimalField(**MONEY, read_only=True, help_text="Σ of the deposit's ledger rows")
    receipt_number = serializers.CharField(source="payment.receipt.display_number", read_only=True)
    refund = serializers.SerializerMethodField()

    class Meta:
        model = Deposit
        fields = ["id", "project", "unit", "unit_code", "purpose", "purpose_label", "amount", "held", "reference",
                  "received_at", "closed_at", "payment", "receipt_number", "refund"]
        read_only_fields = fields

    @extend_schema_field(DepositRefundSerializer(allow_null=True))
    def get_refund(self, deposit):
        refund = getattr(deposit, "refund", None)
        return DepositRefundSerializer(refund).data if refund is not None else None


class RefundRequestSerializer(serializers.Serializer):
    deductions = DeductionSerializer(many=True, required=False, default=list,
                                     help_text="Itemised deductions (penalties, unpaid fees); empty: refund in full.")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class RefundDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true: approve and pay out; false: reject.")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


# --- bank files ----------------------------------------------------------------------------------


class BankImportSerializer(serializers.Serializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    file = serializers.FileField(help_text="CSV: unit_code,amount,bank_reference,paid_on (UTF-8 or GB18030).")


class BankImportResultSerializer(serializers.Serializer):
    paid = serializers.IntegerField(help_text="Rows paid now.")
    already_imported = serializers.IntegerField(help_text="Rows whose bank reference was paid before.")
    total = serializers.DecimalField(**MONEY, help_text="Sum of the rows paid now.")


# --- a unit's account and settlement -------------------------------------------------------------


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    project = serializers.IntegerField(source="project_id")


class AccountDepositSerializer(OutputSerializer):
    purpose_label = serializers.CharField(source="get_purpose_display", read_only=True)
    held = serializers.DecimalField(**MONEY, read_only=True)

    class Meta:
        model = Deposit
        fields = ["id", "purpose", "purpose_label", "amount", "held", "reference", "received_at", "closed_at"]
        read_only_fields = fields


class AccountChargeSerializer(ChargeSerializer):
    """A charge in one unit's account (the unit is the account's)."""

    class Meta(ChargeSerializer.Meta):
        fields = [f for f in ChargeSerializer.Meta.fields if f != "unit_code"]
        read_only_fields = fields


class AccountPaymentSerializer(PaymentSerializer):
    class Meta(PaymentSerializer.Meta):
        fields = [f for f in PaymentSerializer.Meta.fields if f != "unit_code"]
        read_only_fields = fields


class UnitAccountSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    charged = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    outstanding = serializers.DecimalField(**MONEY, help_text="charged − paid")
    credit = serializers.DecimalField(**MONEY, help_text="Prepayment credit (预存) left.")
    deposits_held = serializers.DecimalField(**MONEY)
    balance = serializers.DecimalField(**MONEY, help_text="credit − outstanding (negative: the unit owes).")
    charges = AccountChargeSerializer(many=True)
    payments = AccountPaymentSerializer(many=True)
    deposits = AccountDepositSerializer(many=True)


class SettlementQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="Settled up to this day (default today).")


class OpenChargeSerializer(serializers.Serializer):
    charge = serializers.IntegerField()
    fee_item = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    amount = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    open = serializers.DecimalField(**MONEY)
    due_date = serializers.DateField()


class UnreadMeterSerializer(serializers.Serializer):
    meter = serializers.CharField(help_text="meter type")
    last_read_on = serializers.DateField(allow_null=True)


class NotBilledSerializer(serializers.Serializer):
    fee_item = serializers.CharField()
    billed_to = serializers.DateField(allow_null=True)


class SettlementSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="unit code")
    as_of = serializers.DateField()
    settled = serializers.BooleanField(help_text="Nothing outstanding, every meter read and every fee billed up to `as_of`.")
    outstanding_total = serializers.DecimalField(**MONEY)
    outstanding = OpenChargeSerializer(many=True)
    meters_not_read = UnreadMeterSerializer(many=True)
    not_billed = NotBilledSerializer(many=True)


# --- reports -------------------------------------------------------------------------------------


class AgeingQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(
        required=False, min_value=1, help_text="Project id; omitted: every project where you may see billing reports."
    )
    as_of = serializers.DateField(required=False, help_text="Age the arrears at this day (default today).")


class AgeingFiguresSerializer(serializers.Serializer):
    days_0_30 = serializers.DecimalField(**MONEY)
    days_31_90 = serializers.DecimalField(**MONEY)
    days_91_180 = serializers.DecimalField(**MONEY)
    days_over_180 = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)


class AgeingRowSerializer(AgeingFiguresSerializer):
    unit = serializers.IntegerField()
    unit_code = serializers.CharField()
    fee_item = serializers.CharField()


class ProjectRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AgeingReportSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    projects = ProjectRefSerializer(many=True)
    rows = AgeingRowSerializer(many=True, help_text="Outstanding per unit and fee item by days past due.")
    totals = AgeingFiguresSerializer()


class CashierCloseQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1)
    date = serializers.DateField(required=False, help_text="The day (default today).")
    cashier = serializers.IntegerField(required=False, min_value=1, help_text="Only this cashier's takings.")


class MethodTotalSerializer(serializers.Serializer):
    method = serializers.CharField()
    method_label = serializers.CharField()
    count = serializers.IntegerField()
    total = serializers.DecimalField(**MONEY)


class VoidedReceiptSerializer(serializers.Serializer):
    number = serializers.CharField()
    reason = serializers.CharField()


class LedgerTotalsSerializer(serializers.Serializer):
    allocated = serializers.DecimalField(**MONEY)
    prepayment_credit = serializers.DecimalField(**MONEY)
    deposits = serializers.DecimalField(**MONEY)


class CashierCloseSerializer(serializers.Serializer):
    project = ProjectRefSerializer()
    date = serializers.DateField()
    by_method = MethodTotalSerializer(many=True)
    takings = serializers.DecimalField(**MONEY)
    receipts_issued = serializers.ListField(child=serializers.CharField())
    receipts_voided = VoidedReceiptSerializer(many=True)
    ledger = LedgerTotalsSerializer()
    reconciles = serializers.BooleanField(help_text="takings = allocated + prepayment credit + deposits")
