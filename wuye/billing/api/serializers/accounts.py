"""Serializers of the reads: a unit's account and settlement check, arrears ageing, the daily close."""

from __future__ import annotations

from rest_framework import serializers

from wuye.billing.api.serializers.fields import MONEY, OutputSerializer
from wuye.billing.api.serializers.payments import PaymentSerializer
from wuye.billing.api.serializers.receivables import ChargeSerializer
from wuye.billing.models import Deposit

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
    settled = serializers.BooleanField(
        help_text="Nothing outstanding, every meter read and every fee billed up to `as_of`."
    )
    outstanding_total = serializers.DecimalField(**MONEY)
    outstanding = OpenChargeSerializer(many=True)
    meters_not_read = UnreadMeterSerializer(many=True)
    not_billed = NotBilledSerializer(many=True)


# --- reports -------------------------------------------------------------------------------------


class AgeingQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Project id; omitted: every project where you may see billing reports.",
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
