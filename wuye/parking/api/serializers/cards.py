"""Serializers of the IC cards of monthly rentals and of their ¥50 deposit."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.api.serializers import OutputSerializer, ScopedKeyField, name_of
from wuye.billing.choices import PaymentMethod
from wuye.core.money import MONEY
from wuye.parking.api.serializers.fields import inline_choice_field
from wuye.parking.models import Card, Rental

#: a card deposit is paid by any desk method ("offset against deposit" makes no sense for it)
CARD_METHODS = [(value, label) for value, label in PaymentMethod.choices if value != PaymentMethod.DEPOSIT]


class CardRefundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    refund_amount = serializers.DecimalField(**MONEY)
    deduction_total = serializers.DecimalField(**MONEY)


class CardSerializer(OutputSerializer):
    plate = serializers.CharField(source="rental.vehicle.plate", read_only=True)
    space_number = serializers.CharField(source="rental.space.number", read_only=True)
    deposit_amount = serializers.DecimalField(source="deposit.amount", **MONEY, read_only=True)
    issued_by_name = serializers.SerializerMethodField()
    in_use = serializers.SerializerMethodField()
    refund = serializers.SerializerMethodField()

    class Meta:
        model = Card
        fields = [
            "id",
            "project",
            "number",
            "rental",
            "plate",
            "space_number",
            "deposit",
            "deposit_amount",
            "issued_at",
            "issued_by",
            "issued_by_name",
            "returned_at",
            "lost_at",
            "in_use",
            "refund",
        ]
        read_only_fields = fields

    def get_issued_by_name(self, card) -> str:
        return name_of(card.issued_by)

    def get_in_use(self, card) -> bool:
        return card.returned_at is None and card.lost_at is None

    @extend_schema_field(CardRefundSerializer(allow_null=True))
    def get_refund(self, card):
        refund = getattr(card.deposit, "refund", None)
        return CardRefundSerializer(refund).data if refund is not None else None


class CardIssueSerializer(serializers.Serializer):
    rental = ScopedKeyField(queryset=Rental.objects.all())
    number = serializers.CharField(max_length=30, allow_blank=True)
    method = inline_choice_field(
        "CardDepositMethodField",
        CARD_METHODS,
        default=PaymentMethod.CASH,
        help_text="How the card deposit is paid.",
    )
    reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="The payer's transaction reference (交易流水号): required for every method but cash.",
    )


class CardReturnSerializer(serializers.Serializer):
    lost = serializers.BooleanField(
        default=False, help_text="Reported lost: the deposit is kept as the deduction."
    )
