"""API of the vehicles (车辆)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import status

from wuye.parking import services
from wuye.parking.api import serializers as s
from wuye.parking.api.views.base import ParkingViewSet
from wuye.parking.models import Vehicle


class VehicleFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    plate = django_filters.CharFilter(lookup_expr="icontains")
    owner = django_filters.NumberFilter(field_name="owner_id")
    tenant = django_filters.NumberFilter(field_name="tenant_id")

    class Meta:
        model = Vehicle
        fields: list[str] = []


class VehicleViewSet(ParkingViewSet):
    """车辆: registered once per project with the owner named on the vehicle licence (行驶证)."""

    queryset_model = Vehicle
    serializer_class = s.VehicleSerializer
    filterset_class = VehicleFilter
    ordering_fields = ["plate", "id"]
    ordering = ["project_id", "plate"]

    def base_queryset(self):
        return Vehicle.objects.select_related("owner", "tenant")

    @extend_schema(
        request=s.VehicleCreateSerializer,
        responses={201: s.VehicleSerializer},
        summary="Register a vehicle (the plate is checked: mainland format, new-energy 8 characters)",
    )
    def create(self, request, *args, **kwargs):
        vehicle = services.vehicle_register(acting_user=request.user, **self.input(s.VehicleCreateSerializer))
        return self.respond(vehicle, status.HTTP_201_CREATED)
