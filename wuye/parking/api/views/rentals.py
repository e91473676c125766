"""API of the monthly rentals (月租) and of their Monday list for the garage toll collector."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from wuye.core import access
from wuye.core.api.renderers import XlsxRenderer
from wuye.parking import excel, services
from wuye.parking.api import serializers as s
from wuye.parking.api.views.base import ParkingViewSet, project_in_scope
from wuye.parking.models import Rental
from wuye.parking.selectors import current_q, rentals_with_receipt


class RentalFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    space = django_filters.NumberFilter(field_name="space_id")
    vehicle = django_filters.NumberFilter(field_name="vehicle_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    current_on = django_filters.DateFilter(
        method="filter_current_on", label="Running on this day (YYYY-MM-DD)"
    )

    class Meta:
        model = Rental
        fields: list[str] = []

    def filter_current_on(self, queryset, name, value):
        return queryset.filter(current_q(value)) if value else queryset


class RentalViewSet(ParkingViewSet):
    """月租: for owners and tenants of the project (non-residents at the standard rate), identity and
    vehicle licence checked; a space is never rented twice for overlapping dates."""

    queryset_model = Rental
    serializer_class = s.RentalSerializer
    filterset_class = RentalFilter
    ordering_fields = ["start_date", "end_date", "id"]
    ordering = ["-start_date", "-id"]

    def base_queryset(self):
        return rentals_with_receipt(
            Rental.objects.select_related("space", "vehicle", "unit", "checked_by").prefetch_related("cards")
        )

    @extend_schema(
        request=s.RentalCreateSerializer,
        responses={201: s.RentalSerializer},
        summary="Rent a space by the month (the rent is charged to the unit's account month by month)",
    )
    def create(self, request, *args, **kwargs):
        rental = services.rental_create(acting_user=request.user, **self.input(s.RentalCreateSerializer))
        return self.respond(rental, status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses=s.RentalSerializer,
        summary="A non-resident pays the period's rent in cash at the cashier",
    )
    @action(detail=True, methods=["post"], url_path="collect-cash", url_name="collect-cash")
    def collect_cash(self, request, pk=None):
        rental = services.rental_collect_cash(rental=self.get_object(), acting_user=request.user)
        return self.respond(rental)

    @extend_schema(
        parameters=[s.WeeklyListQuerySerializer],
        responses={
            (200, "application/json"): s.WeeklyListSerializer,
            (200, excel.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        },
        summary="The Monday list for the garage toll collector (`?format=xlsx`: the same rows as Excel)",
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="weekly-list",
        url_name="weekly-list",
        renderer_classes=[*api_settings.DEFAULT_RENDERER_CLASSES, XlsxRenderer],
        pagination_class=None,
        filter_backends=[],
    )
    def weekly_list(self, request):
        query = s.WeeklyListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        project = project_in_scope(request.user, query.validated_data["project"])
        day = query.validated_data.get("date") or excel.monday_of(timezone.localdate())
        unmasked = access.has_perm(request.user, "people.view_personal", project.pk)
        report = excel.weekly_list(project, day, unmasked=unmasked)
        if request.accepted_renderer.format == XlsxRenderer.format:
            disposition = f'attachment; filename="{excel.file_name(report)}"'
            return Response(excel.weekly_workbook(report), headers={"Content-Disposition": disposition})
        return Response(s.WeeklyListSerializer(report).data)
