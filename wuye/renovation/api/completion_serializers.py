"""Serializers of the completion part of /api/v1/renovations/: fees, workers' passes, the permit,
the entry inspection, the completion inspections and the deposit refund."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.choices import PaymentMethod
from wuye.billing.services.deposits import deposit_held
from wuye.estate.choices import IdType
from wuye.renovation.api.serializers import OutputSerializer, RenovationDetailSerializer, _choice
from wuye.renovation.models import CompletionInspection, RenovationFee, Worker

# --- outputs -----------------------------------------------------------------------------------------


class RenovationFeeLineSerializer(serializers.Serializer):
    """One line of the quote from the public fee standard."""

    kind = serializers.CharField()
    label = serializers.CharField()
    fee_item = serializers.IntegerField(source="fee_item.pk")
    fee_item_name = serializers.CharField(source="fee_item.name")
    basis = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2)
    rate = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class RenovationFeeSerializer(OutputSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = RenovationFee
        fields = ["id", "kind", "kind_label", "quantity", "rate", "amount", "charge", "created_at"]
        read_only_fields = fields


class RenovationWorkerSerializer(OutputSerializer):
    id_type_label = serializers.CharField(source="get_id_type_display", read_only=True)

    class Meta:
        model = Worker
        fields = [
            "id",
            "pass_number",
            "name",
            "id_type",
            "id_type_label",
            "id_number",
            "mobile",
            "trade",
            "valid_until",
            "registered_at",
            "registered_by",
            "returned_at",
        ]
        read_only_fields = fields


class RenovationCompletionInspectionSerializer(OutputSerializer):
    engineering_inspector_name = serializers.CharField(source="engineering_inspector.__str__", read_only=True)
    security_inspector_name = serializers.CharField(source="security_inspector.__str__", read_only=True)

    class Meta:
        model = CompletionInspection
        fields = [
            "id",
            "at",
            "engineering_inspector",
            "engineering_inspector_name",
            "security_inspector",
            "security_inspector_name",
            "passed",
            "failures",
            "recorded_by",
        ]
        read_only_fields = fields


class RenovationRefundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    deductions = serializers.JSONField(help_text="[{reason, amount, charge?}] as prepared.")
    deduction_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    refund_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    shortfall_charge = serializers.IntegerField(source="shortfall_charge_id", allow_null=True)
    requested_by = serializers.IntegerField(source="requested_by_id")
    requested_at = serializers.DateTimeField()
    decided_by = serializers.IntegerField(source="decided_by_id", allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    comment = serializers.CharField()


class RenovationCompletionSerializer(RenovationDetailSerializer):
    """The renovation with what the completion part records: fees, deposit, passes, the entry
    inspection, completion inspections and the refund."""

    fees = RenovationFeeSerializer(many=True, read_only=True)
    deposit_held = serializers.SerializerMethodField()
    workers = RenovationWorkerSerializer(many=True, read_only=True)
    inspections = RenovationCompletionInspectionSerializer(many=True, read_only=True)
    refund = serializers.SerializerMethodField()

    class Meta(RenovationDetailSerializer.Meta):
        fields = [
            *RenovationDetailSerializer.Meta.fields,
            "fees",
            "deposit_held",
            "workers",
            "status_before",
            "entry_inspected_by",
            "entry_inspected_with",
            "water_reading",
            "electricity_reading",
            "gas_reading",
            "water_test_passed",
            "entry_note",
            "completion_requested_at",
            "completion_agreed_at",
            "inspections",
            "refundable_notified_at",
            "collect_consent",
            "refund",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_deposit_held(self, renovation):
        if renovation.deposit_id is None:
            return None
        return str(deposit_held(renovation.deposit))

    @extend_schema_field(RenovationRefundSerializer(allow_null=True))
    def get_refund(self, renovation):
        return RenovationRefundSerializer(renovation.refund).data if renovation.refund_id else None


# --- inputs ------------------------------------------------------------------------------------------


class RenovationFeesChargeSerializer(serializers.Serializer):
    method = _choice(
        "RenovationFeeMethodField",
        PaymentMethod,
        help_text="How the customer pays (a non-cash method needs the transaction reference).",
    )
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    payer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    pay_fees = serializers.BooleanField(
        default=True,
        help_text="Pay the fee charges at once by the same method (default); else only charge them.",
    )
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RenovationWorkerRegisterSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    id_type = _choice("RenovationWorkerIdTypeField", IdType, required=False, default=IdType.RESIDENT_ID)
    id_number = serializers.CharField(max_length=40)
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    trade = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RenovationAtSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


class RenovationStartSerializer(serializers.Serializer):
    water_reading = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    electricity_reading = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    gas_reading = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    water_test_passed = serializers.BooleanField(allow_null=True)
    inspected_with = serializers.CharField(max_length=100)
    entry_note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RenovationCompleteSerializer(serializers.Serializer):
    agreed_at = serializers.DateTimeField(help_text="The inspection time agreed with the owner.")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RenovationAcceptSerializer(serializers.Serializer):
    engineering_inspector = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True)
    )
    security_inspector = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True)
    )
    passed = serializers.BooleanField()
    failures = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RenovationDamageSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=180)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))


class RenovationRefundPrepareSerializer(serializers.Serializer):
    damages = RenovationDamageSerializer(many=True, required=False, default=list)
    collected_by_company = serializers.BooleanField(default=False)
    collect_consent = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="How the owner agreed that the company collects the refund (required when it does).",
    )
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RenovationRefundDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
