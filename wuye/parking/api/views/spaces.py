"""API of the parking spaces (车位)."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status

from wuye.core.api.filters import YesNoFilter
from wuye.parking import services
from wuye.parking.api import serializers as s
from wuye.parking.api.views.base import ParkingViewSet
from wuye.parking.models import ParkingSpace
from wuye.parking.selectors import spaces_with_current_rental


class SpaceFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    area = django_filters.ChoiceFilter(choices=ParkingSpace.Area.choices)
    owned = YesNoFilter(
        field_name="owner",
        lookup_expr="isnull",
        exclude=True,
        label="Bought by an owner (true) or public (false)",
    )
    number = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ParkingSpace
        fields = ["is_active"]


class ParkingSpaceViewSet(mixins.UpdateModelMixin, ParkingViewSet):
    """车位: ground or underground, public or bought by an owner (who may let it with the contract on file)."""

    queryset_model = ParkingSpace
    serializer_class = s.ParkingSpaceSerializer
    filterset_class = SpaceFilter
    ordering_fields = ["number", "id"]
    ordering = ["project_id", "number"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def base_queryset(self):
        return spaces_with_current_rental(timezone.localdate())

    @extend_schema(request=s.SpaceCreateSerializer, responses={201: s.ParkingSpaceSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(self.input(s.SpaceCreateSerializer))
        project = data.pop("project")
        space = services.space_save(
            project=project,
            acting_user=request.user,
            number=data["number"],
            area=data["area"],
            owner=data.get("owner"),
            let_contract_on_file=data.get("let_contract_on_file", False),
            is_active=data.get("is_active", True),
        )
        return self.respond(space, status.HTTP_201_CREATED)

    @extend_schema(request=s.SpaceUpdateSerializer, responses={200: s.ParkingSpaceSerializer})
    def update(self, request, *args, **kwargs):
        space = self.get_object()
        params = s.SpaceUpdateSerializer(
            data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        params.is_valid(raise_exception=True)
        data = params.validated_data  # a partial update keeps the space's current values
        space = services.space_save(
            project=space.project,
            space=space,
            acting_user=request.user,
            number=data.get("number", space.number),
            area=data.get("area", space.area),
            owner=data.get("owner", space.owner),
            let_contract_on_file=data.get("let_contract_on_file", space.let_contract_on_file),
            is_active=data.get("is_active", space.is_active),
        )
        return self.respond(space)

    @extend_schema(request=s.SpaceUpdateSerializer, responses={200: s.ParkingSpaceSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)
