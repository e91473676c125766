"""Serializers of the temporary stays (临时停放) at the gate and of the fee quote."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.api.serializers import OutputSerializer, ScopedKeyField
from wuye.core.money import MONEY
from wuye.estate.models import Project, Unit
from wuye.parking.api.serializers.fields import PLATE_INPUT, PaymentFieldsMixin, inline_choice_field
from wuye.parking.models import Session

#: "free" is the service's record of a stay that cost nothing, never a choice at the gate
GATE_SETTLEMENTS = [
    (value, label) for value, label in Session.Settlement.choices if value != Session.Settlement.FREE
]


class DayChargeSerializer(serializers.Serializer):
    start = serializers.DateTimeField(source="from")
    end = serializers.DateTimeField(source="to")
    charged = serializers.DecimalField(**MONEY)


class BreakdownSerializer(serializers.Serializer):
    day_rule = serializers.CharField(
        help_text="`calendar` (midnight to midnight) or `rolling` (24 h from entry)."
    )
    minutes = serializers.IntegerField()
    days = DayChargeSerializer(many=True)


class SessionSerializer(PaymentFieldsMixin, OutputSerializer):
    settlement_label = serializers.CharField(source="get_settlement_display", read_only=True)
    unit_code = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()
    breakdown = serializers.SerializerMethodField()
    receipt = serializers.SerializerMethodField(help_text="The receipt of the fee paid in cash at the gate.")
    receipt_number = serializers.SerializerMethodField(help_text="Its printed number, e.g. 2026-000012.")

    class Meta:
        model = Session
        fields = [
            "id",
            "project",
            "plate",
            "entered_at",
            "exited_at",
            "is_open",
            "amount",
            "settlement",
            "settlement_label",
            "unit",
            "unit_code",
            "charge",
            "breakdown",
            "opened_by",
            "closed_by",
            "receipt",
            "receipt_number",
        ]
        read_only_fields = fields

    def get_is_open(self, session) -> bool:
        return session.exited_at is None

    @extend_schema_field(BreakdownSerializer(allow_null=True))
    def get_breakdown(self, session):
        return BreakdownSerializer(session.breakdown).data if session.breakdown else None


class SessionOpenSerializer(serializers.Serializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    plate = serializers.CharField(**PLATE_INPUT)
    entered_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For entries recorded after the fact; default now.",
    )


class SessionCloseSerializer(serializers.Serializer):
    settlement = inline_choice_field(
        "GateSettlementField",
        GATE_SETTLEMENTS,
        default=Session.Settlement.CASH,
        help_text="`cash` at the gate or `account` (a charge on the unit's account).",
    )
    unit = ScopedKeyField(
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The unit charged, with settlement `account`.",
    )
    exited_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For exits recorded after the fact; default now.",
    )


# --- the fee quote -----------------------------------------------------------------------------


class FeeQuoteQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1)
    entered_at = serializers.DateTimeField()
    exited_at = serializers.DateTimeField(required=False, help_text="Default now.")


class QuoteDaySerializer(DayChargeSerializer):
    accrued = serializers.DecimalField(**MONEY, help_text="What accrued during the day before the daily cap.")
    capped = serializers.BooleanField()


class TemporaryTariffSerializer(serializers.Serializer):
    first_hours = serializers.IntegerField()
    first_fee = serializers.DecimalField(**MONEY)
    hourly_fee = serializers.DecimalField(**MONEY)
    daily_cap = serializers.DecimalField(**MONEY)
    day_rule = serializers.CharField()
    free_minutes = serializers.IntegerField()


class FeeQuoteSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY)
    minutes = serializers.IntegerField(help_text="Length of the stay, in started minutes.")
    day_rule = serializers.CharField(
        help_text="`calendar` (midnight to midnight) or `rolling` (24 h from entry)."
    )
    days = QuoteDaySerializer(many=True, help_text="Charged per day, each capped at the daily cap.")
    entered_at = serializers.DateTimeField()
    exited_at = serializers.DateTimeField()
    tariff = TemporaryTariffSerializer()
