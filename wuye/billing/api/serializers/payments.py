"""Serializers of the money side: receipts, payments, deposits and their refunds, bank files."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.api.serializers.fields import (
    MONEY,
    OutputSerializer,
    ScopedKeyField,
    enum_field,
    name_of,
)
from wuye.billing.choices import DepositPurpose, PaymentMethod
from wuye.billing.models import Deposit, DepositRefund, Payment, Receipt
from wuye.billing.pdf import receipt_lines
from wuye.estate.models import Project, Unit

# --- receipts and payments -----------------------------------------------------------------------


class ReceiptLineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["charge", "prepayment", "deposit"])
    label = serializers.CharField()
    period = serializers.CharField(allow_blank=True)
    charge = serializers.IntegerField(allow_null=True)
    amount = serializers.DecimalField(**MONEY)


class ReceiptBriefSerializer(OutputSerializer):
    number = serializers.CharField(
        source="display_number", read_only=True, help_text="year-sequence, e.g. 2026-000123"
    )

    class Meta:
        model = Receipt
        fields = ["id", "number", "issued_at", "voided_at"]
        read_only_fields = fields


class ReceiptSerializer(OutputSerializer):
    number = serializers.CharField(
        source="display_number", read_only=True, help_text="year-sequence, e.g. 2026-000123"
    )
    sequence = serializers.IntegerField(
        source="number", read_only=True, help_text="continuous per project and year"
    )
    unit = serializers.IntegerField(
        source="payment.unit_id",
        read_only=True,
        allow_null=True,
        help_text="Null for a walk-in payment (gate cash, a non-resident's rent).",
    )
    unit_code = serializers.CharField(source="payment.unit.code", read_only=True, allow_null=True)
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
        fields = [
            "id",
            "project",
            "number",
            "year",
            "sequence",
            "payment",
            "unit",
            "unit_code",
            "amount",
            "method",
            "method_label",
            "payer",
            "received_at",
            "issued_at",
            "issued_by",
            "issued_by_name",
            "voided_at",
            "voided_by",
            "voided_by_name",
            "void_reason",
            "replaces",
            "replaced_by",
            "lines",
        ]
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
    reason = serializers.CharField(
        label=_("reason"), help_text="Why the receipt is wrong (kept on the receipt)."
    )


class PaymentSerializer(OutputSerializer):
    unit_code = serializers.CharField(
        source="unit.code",
        read_only=True,
        allow_null=True,
        help_text="Null for a walk-in payment (gate cash, a non-resident's rent).",
    )
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    cashier_name = serializers.SerializerMethodField()
    deposit_purpose = serializers.CharField(source="for_deposit", read_only=True)
    receipt = ReceiptBriefSerializer(read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "method",
            "method_label",
            "amount",
            "received_at",
            "cashier",
            "cashier_name",
            "idempotency_key",
            "reference",
            "payer",
            "note",
            "deposit_purpose",
            "voided_at",
            "receipt",
        ]
        read_only_fields = fields

    def get_cashier_name(self, payment) -> str:
        return name_of(payment.cashier)


class PaymentResultSerializer(serializers.Serializer):
    payment = PaymentSerializer()
    receipt = ReceiptSerializer()
    allocated = serializers.DecimalField(**MONEY, help_text="Applied to charges.")
    credited = serializers.DecimalField(**MONEY, help_text="Left over: prepayment credit (预存).")
    replayed = serializers.BooleanField(
        help_text="True when the idempotency key returned an earlier payment."
    )


class PaymentCreateSerializer(serializers.Serializer):
    unit = ScopedKeyField(queryset=Unit.objects.all())
    method = enum_field(
        PaymentMethod,
        exclude=[PaymentMethod.DEPOSIT],
        help_text="How the money came in (an offset against a deposit is made by a refund approval).",
    )
    amount = serializers.DecimalField(**MONEY, min_value=0, help_text="Yuan, two decimals.")
    idempotency_key = serializers.CharField(
        max_length=100,
        required=False,
        help_text="Required here or in the `Idempotency-Key` header: a retried request returns the first result.",
    )
    charge_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        allow_empty=True,
        default=list,
        help_text="Pay these open charges (oldest first); empty: the unit's oldest open charges.",
    )
    received_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For payments entered after the fact; default now.",
    )
    reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="The payer's transaction reference (交易流水号 / 凭证号): required for every method but cash "
        "(WeChat Pay and Alipay transaction number, POS slip, bank or transfer reference).",
    )
    payer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    deposit_purpose = enum_field(
        DepositPurpose,
        allow_blank=True,
        help_text="The money is a deposit held for the unit, for this purpose.",
    )
    deposit_reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="With `deposit_purpose`: the deposit's card or key number (default: `reference`).",
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
        required=False,
        allow_null=True,
        default=None,
        help_text="An open charge of the unit paid out of the deposit (unpaid fees).",
    )


class DepositRefundSerializer(OutputSerializer):
    deductions = DeductionSerializer(many=True, read_only=True)
    requested_by_name = serializers.SerializerMethodField()
    decided_by_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = DepositRefund
        fields = [
            "id",
            "status",
            "status_label",
            "deductions",
            "deduction_total",
            "refund_amount",
            "shortfall_charge",
            "requested_by",
            "requested_by_name",
            "requested_at",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "comment",
        ]
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
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "purpose",
            "purpose_label",
            "amount",
            "held",
            "reference",
            "received_at",
            "closed_at",
            "payment",
            "receipt_number",
            "refund",
        ]
        read_only_fields = fields

    @extend_schema_field(DepositRefundSerializer(allow_null=True))
    def get_refund(self, deposit):
        refund = getattr(deposit, "refund", None)
        return DepositRefundSerializer(refund).data if refund is not None else None


class RefundRequestSerializer(serializers.Serializer):
    deductions = DeductionSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Itemised deductions (penalties, unpaid fees); empty: refund in full.",
    )
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
