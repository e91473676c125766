"""Serializers of the parking spaces (车位): ground or underground, public or bought by an owner."""

from __future__ import annotations

from rest_framework import serializers

from wuye.billing.api.serializers import OutputSerializer, ScopedKeyField, enum_field
from wuye.estate.models import Owner, Project
from wuye.parking.models import ParkingSpace


class ParkingSpaceSerializer(OutputSerializer):
    area_label = serializers.CharField(source="get_area_display", read_only=True)
    owner_name = serializers.SerializerMethodField()
    current_rental = serializers.IntegerField(
        read_only=True, allow_null=True, default=None, help_text="The rental current today, if any."
    )
    rented_until = serializers.DateField(read_only=True, allow_null=True, default=None)
    rented_plate = serializers.CharField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = ParkingSpace
        fields = [
            "id",
            "project",
            "number",
            "area",
            "area_label",
            "owner",
            "owner_name",
            "let_contract_on_file",
            "is_active",
            "current_rental",
            "rented_until",
            "rented_plate",
        ]
        read_only_fields = fields

    def get_owner_name(self, space) -> str:
        return space.owner.name if space.owner_id else ""


class SpaceUpdateSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=20, required=False)
    area = enum_field(ParkingSpace.Area, required=False)
    owner = ScopedKeyField(
        queryset=Owner.objects.all(),
        required=False,
        allow_null=True,
        help_text="The owner who bought the space; null: a public space.",
    )
    let_contract_on_file = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)


class SpaceCreateSerializer(SpaceUpdateSerializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    number = serializers.CharField(max_length=20)
    area = enum_field(ParkingSpace.Area)
    owner = ScopedKeyField(
        queryset=Owner.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The owner who bought the space; null: a public space.",
    )
