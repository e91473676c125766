"""Serializers of the vehicles (车辆), registered once per project with the licence's owner."""

from __future__ import annotations

from rest_framework import serializers

from wuye.billing.api.serializers import OutputSerializer, ScopedKeyField
from wuye.estate.models import Owner, Project, Tenant
from wuye.parking.api.serializers.fields import PLATE_INPUT
from wuye.parking.models import Vehicle


class VehicleSerializer(OutputSerializer):
    owner_name = serializers.SerializerMethodField()
    tenant_name = serializers.SerializerMethodField()

    class Meta:
        model = Vehicle
        fields = [
            "id",
            "project",
            "plate",
            "model",
            "licence_owner",
            "owner",
            "owner_name",
            "tenant",
            "tenant_name",
        ]
        read_only_fields = fields

    def get_owner_name(self, vehicle) -> str:
        return vehicle.owner.name if vehicle.owner_id else ""

    def get_tenant_name(self, vehicle) -> str:
        return vehicle.tenant.name if vehicle.tenant_id else ""


class VehicleCreateSerializer(serializers.Serializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    plate = serializers.CharField(**PLATE_INPUT)
    licence_owner = serializers.CharField(
        max_length=100, allow_blank=True, help_text="The owner named on the vehicle licence (行驶证)."
    )
    model = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    owner = ScopedKeyField(queryset=Owner.objects.all(), required=False, allow_null=True, default=None)
    tenant = ScopedKeyField(queryset=Tenant.objects.all(), required=False, allow_null=True, default=None)
