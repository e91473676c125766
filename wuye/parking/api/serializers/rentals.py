"""Serializers of the monthly rentals (月租) and of their Monday list for the garage toll collector."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.api.serializers import OutputSerializer, ProjectRefSerializer, ScopedKeyField, name_of
from wuye.core.masking import mask_mobile
from wuye.core.money import MONEY
from wuye.estate.models import Unit
from wuye.parking.api.serializers.fields import PLATE_INPUT, PaymentFieldsMixin, personal_data_unmasked
from wuye.parking.models import ParkingSpace, Rental, Vehicle


class RentalSerializer(PaymentFieldsMixin, OutputSerializer):
    space_number = serializers.CharField(source="space.number", read_only=True)
    plate = serializers.CharField(source="vehicle.plate", read_only=True)
    car_model = serializers.CharField(source="vehicle.model", read_only=True)
    unit_code = serializers.SerializerMethodField()
    checked_by_name = serializers.SerializerMethodField()
    cards_in_use = serializers.SerializerMethodField()
    personal_data_masked = serializers.SerializerMethodField()
    receipt = serializers.SerializerMethodField(
        help_text="The receipt of a non-resident's rent paid in cash."
    )
    receipt_number = serializers.SerializerMethodField(help_text="Its printed number, e.g. 2026-000012.")

    class Meta:
        model = Rental
        fields = [
            "id",
            "project",
            "space",
            "space_number",
            "vehicle",
            "plate",
            "car_model",
            "unit",
            "unit_code",
            "renter_name",
            "renter_mobile",
            "is_resident",
            "start_date",
            "end_date",
            "ended_on",
            "monthly_rent",
            "identity_checked",
            "licence_checked",
            "checked_by",
            "checked_by_name",
            "created_at",
            "cards_in_use",
            "personal_data_masked",
            "rent_total",
            "cash_paid_at",
            "receipt",
            "receipt_number",
        ]
        read_only_fields = fields

    def get_checked_by_name(self, rental) -> str:
        return name_of(rental.checked_by)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_cards_in_use(self, rental):
        return [c.number for c in rental.cards.all() if c.returned_at is None and c.lost_at is None]

    def get_personal_data_masked(self, rental) -> bool:
        return not personal_data_unmasked(self.context, rental.project_id)

    def to_representation(self, rental):
        data = super().to_representation(rental)
        if data["personal_data_masked"]:
            data["renter_mobile"] = mask_mobile(data["renter_mobile"])
        return data


class RentalCreateSerializer(serializers.Serializer):
    space = ScopedKeyField(queryset=ParkingSpace.objects.all())
    vehicle = ScopedKeyField(queryset=Vehicle.objects.all())
    unit = ScopedKeyField(
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The renter's unit; its account is charged the rent month by month.",
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    renter_name = serializers.CharField(max_length=100, allow_blank=True)
    renter_mobile = serializers.CharField(max_length=20, allow_blank=True)
    licence_plate = serializers.CharField(
        **{
            **PLATE_INPUT,
            "help_text": "The plate as written on the vehicle licence (行驶证); it must match the vehicle.",
        }
    )
    identity_checked = serializers.BooleanField(default=False, help_text="The renter's identity was checked.")
    monthly_rent = serializers.DecimalField(
        **MONEY,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="Empty: the project's standard rent (non-residents only pay that).",
    )


# --- the Monday list ---------------------------------------------------------------------------


class WeeklyListQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1)
    date = serializers.DateField(
        required=False, help_text="Rentals current on this day (default: this week's Monday)."
    )


class WeeklyRowSerializer(serializers.Serializer):
    rental = serializers.IntegerField()
    date = serializers.DateField(help_text="The day the rental was recorded.")
    owner_name = serializers.CharField()
    phone = serializers.CharField()
    car_model = serializers.CharField()
    plate = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    card_number = serializers.CharField(help_text="Cards in use, joined by 、")


class WeeklyListSerializer(serializers.Serializer):
    project = ProjectRefSerializer()
    date = serializers.DateField()
    rows = WeeklyRowSerializer(many=True)
