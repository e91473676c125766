"""Billing API, the receivables side: fee items and tariffs, meters and readings, charge runs,
charges. Every view: parse (input serializer) → fetch in scope (`visible_to`, out of scope 404) →
call one service (permissions 403, rules 400 with a code) → answer with the output serializer.
"""

from __future__ import annotations

import calendar
import datetime as dt

import django_filters
from django.db.models import F, Max, OuterRef, Prefetch, Q, Subquery
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wuye.billing import services
from wuye.billing.api.serializers import receivables as s
from wuye.billing.choices import ChargeSource, MeterType
from wuye.billing.models import Charge, ChargeRun, FeeItem, Meter, MeterReading, Tariff
from wuye.billing.services.runs import RunPreview
from wuye.core.api.filters import YesNoFilter
from wuye.core.api.mixins import ScopedViewSetMixin


class ReadCreateViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List and retrieve; `create` is written per resource (input serializer → service). Staff with
    billing.view read; owners and tenants only what a viewset opens to them (`resident_actions`)."""

    view_perms = ("billing.view",)
    resident_actions = frozenset()


# --- fee items ------------------------------------------------------------------------------------


class FeeItemFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")

    class Meta:
        model = FeeItem
        fields = ["kind", "basis", "is_active", "billed_in_runs"]


class FeeItemViewSet(ReadCreateViewSet):
    """收费项目 with every tariff version (the public price list of the project)."""

    queryset_model = FeeItem
    serializer_class = s.FeeItemSerializer
    filterset_class = FeeItemFilter
    ordering_fields = ["sort_order", "code", "name", "id"]
    ordering = ["project_id", "sort_order", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def base_queryset(self):
        return FeeItem.objects.prefetch_related(
            Prefetch("tariffs", queryset=Tariff.objects.select_related("created_by"))
        )

    def _respond(self, item, status_code=status.HTTP_200_OK):
        item = self.base_queryset().get(pk=item.pk)
        return Response(s.FeeItemSerializer(item).data, status=status_code)

    @extend_schema(request=s.FeeItemCreateSerializer, responses={201: s.FeeItemSerializer})
    def create(self, request, *args, **kwargs):
        data = self.input(s.FeeItemCreateSerializer)
        item = services.fee_item_save(
            project=data["project"],
            acting_user=request.user,
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            basis=data["basis"],
            meter_type=data.get("meter_type", ""),
            billed_in_runs=data.get("billed_in_runs", True),
            is_active=data.get("is_active", True),
            sort_order=data.get("sort_order", 0),
        )
        return self._respond(item, status.HTTP_201_CREATED)

    @extend_schema(request=s.FeeItemUpdateSerializer, responses={200: s.FeeItemSerializer})
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        params = s.FeeItemUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        params.is_valid(raise_exception=True)
        data = params.validated_data  # a partial update: the item's current values for the others
        item = services.fee_item_save(
            project=item.project,
            item=item,
            acting_user=request.user,
            code=data.get("code", item.code),
            name=data.get("name", item.name),
            kind=data.get("kind", item.kind),
            basis=data.get("basis", item.basis),
            meter_type=data.get("meter_type", item.meter_type),
            billed_in_runs=data.get("billed_in_runs", item.billed_in_runs),
            is_active=data.get("is_active", item.is_active),
            sort_order=data.get("sort_order", item.sort_order),
        )
        return self._respond(item)

    @extend_schema(
        request=s.TariffCreateSerializer,
        responses={201: s.TariffSerializer},
        summary="Add a tariff version from a date on (earlier versions stay)",
    )
    @action(detail=True, methods=["post"])
    def tariffs(self, request, pk=None):
        item = self.get_object()
        tariff = services.tariff_create(
            fee_item=item, acting_user=request.user, **self.input(s.TariffCreateSerializer)
        )
        return Response(s.TariffSerializer(tariff).data, status=status.HTTP_201_CREATED)


# --- meters and readings --------------------------------------------------------------------------


class MeterFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="unit__project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    meter_type = django_filters.ChoiceFilter(choices=MeterType.choices)
    active = YesNoFilter(field_name="replaced_on", lookup_expr="isnull", label="Not replaced")

    class Meta:
        model = Meter
        fields = ["serial"]


class MeterViewSet(ReadCreateViewSet):
    """水电气表: installed per unit; a replacement closes the old meter with its final reading."""

    queryset_model = Meter
    serializer_class = s.MeterSerializer
    view_perms = ("billing.view", "billing.read_meters")
    project_lookup = "unit__project_id"
    filterset_class = MeterFilter
    ordering_fields = ["id", "installed_on"]
    ordering = ["unit_id", "meter_type", "id"]

    def base_queryset(self):
        latest = MeterReading.objects.filter(meter=OuterRef("pk")).order_by("-read_on")
        return Meter.objects.select_related("unit").annotate(
            last_read_on=Max("readings__read_on"), last_reading=Subquery(latest.values("reading")[:1])
        )

    def project_id_of(self, meter) -> int:
        return meter.unit.project_id

    def _respond(self, meter, status_code):
        return Response(s.MeterSerializer(self.base_queryset().get(pk=meter.pk)).data, status=status_code)

    @extend_schema(request=s.MeterCreateSerializer, responses={201: s.MeterSerializer})
    def create(self, request, *args, **kwargs):
        meter = services.meter_install(acting_user=request.user, **self.input(s.MeterCreateSerializer))
        return self._respond(meter, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.MeterReplaceSerializer,
        responses={201: s.MeterSerializer},
        summary="Replace the meter: its final reading is charged, the new meter is returned",
    )
    @action(detail=True, methods=["post"])
    def replace(self, request, pk=None):
        meter = self.get_object()
        new_meter = services.meter_replace(
            meter=meter, acting_user=request.user, **self.input(s.MeterReplaceSerializer)
        )
        return self._respond(new_meter, status.HTTP_201_CREATED)


class MeterReadingFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="meter__unit__project_id")
    unit = django_filters.NumberFilter(field_name="meter__unit_id")
    meter = django_filters.NumberFilter(field_name="meter_id")
    meter_type = django_filters.ChoiceFilter(field_name="meter__meter_type", choices=MeterType.choices)
    read_after = django_filters.DateFilter(field_name="read_on", lookup_expr="gte", label="Read on or after")
    read_before = django_filters.DateFilter(
        field_name="read_on", lookup_expr="lte", label="Read on or before"
    )

    class Meta:
        model = MeterReading
        fields: list[str] = []


class MeterReadingViewSet(ReadCreateViewSet):
    """抄表: readings never go backwards; consumption × the tariff becomes a charge (collected on behalf)."""

    queryset_model = MeterReading
    serializer_class = s.MeterReadingSerializer
    view_perms = ("billing.view", "billing.read_meters")
    project_lookup = "meter__unit__project_id"
    filterset_class = MeterReadingFilter
    ordering_fields = ["read_on", "id"]
    ordering = ["-read_on", "-id"]

    def base_queryset(self):
        return MeterReading.objects.select_related("meter__unit", "recorded_by", "charge")

    def project_id_of(self, reading) -> int:
        return reading.meter.unit.project_id

    @extend_schema(request=s.MeterReadingCreateSerializer, responses={201: s.MeterReadingSerializer})
    def create(self, request, *args, **kwargs):
        reading = services.meter_reading_record(
            acting_user=request.user, **self.input(s.MeterReadingCreateSerializer)
        )
        reading = self.base_queryset().get(pk=reading.pk)
        return Response(s.MeterReadingSerializer(reading).data, status=status.HTTP_201_CREATED)


# --- charge runs ----------------------------------------------------------------------------------


class ChargeRunFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    period_start = django_filters.DateFilter()

    class Meta:
        model = ChargeRun
        fields: list[str] = []


def run_result(preview: RunPreview, *, dry_run: bool) -> dict:
    """The service's RunPreview as the API's answer; an earlier run reports its own figures."""
    run = preview.run
    count, total = preview.charge_count, preview.total_amount
    if preview.already_run and run is not None:
        count, total = run.charge_count, run.total_amount
    return {
        "dry_run": dry_run,
        "already_run": preview.already_run,
        "period_start": preview.period_start,
        "period_end": preview.period_end,
        "charge_count": count,
        "total_amount": total,
        "by_fee_item": [{"code": code, **entry} for code, entry in preview.by_fee_item.items()],
        "zero_rate_items": preview.zero_rate_items,
        "sample": preview.sample,
        "ticket_charges": preview.ticket_charges,
        "run": run,
    }


class ChargeRunViewSet(ReadCreateViewSet):
    """Monthly or quarterly charge runs: idempotent per period; a dry run previews and writes nothing."""

    queryset_model = ChargeRun
    serializer_class = s.ChargeRunSerializer
    filterset_class = ChargeRunFilter
    ordering_fields = ["period_start", "id"]
    ordering = ["-period_start", "-id"]

    def base_queryset(self):
        return ChargeRun.objects.select_related("created_by")

    @extend_schema(
        request=s.ChargeRunCreateSerializer,
        responses={
            201: OpenApiResponse(s.ChargeRunResultSerializer, description="The run was made."),
            200: OpenApiResponse(
                s.ChargeRunResultSerializer,
                description="A dry run's preview, or `already_run`: the period was billed before; nothing created.",
            ),
        },
        summary="Run (or with dry_run preview) the charges of a month or quarter",
    )
    def create(self, request, *args, **kwargs):
        params = self.input(s.ChargeRunCreateSerializer)
        common = {
            "project": params["project"],
            "period_start": params["period_start"],
            "months": int(params["months"]),
            "acting_user": request.user,
        }
        if params["dry_run"]:
            preview = services.charge_run_preview(**common)
            return Response(s.ChargeRunResultSerializer(run_result(preview, dry_run=True)).data)
        result = services.charge_run_create(**common, due_days=params["due_days"])
        code = status.HTTP_200_OK if result.already_run else status.HTTP_201_CREATED
        return Response(s.ChargeRunResultSerializer(run_result(result, dry_run=False)).data, status=code)


# --- charges --------------------------------------------------------------------------------------


def month_bounds(value: str) -> tuple[dt.date, dt.date]:
    try:
        year, month = (int(part) for part in value.split("-"))
        first = dt.date(year, month, 1)
    except (TypeError, ValueError) as exc:
        raise serializers.ValidationError({"period": ["YYYY-MM"]}) from exc
    return first, first.replace(day=calendar.monthrange(year, month)[1])


class ChargeFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    fee_item = django_filters.NumberFilter(field_name="fee_item_id")
    open = YesNoFilter(method="filter_open", label="Outstanding only (true) or settled only (false)")
    period = django_filters.CharFilter(
        method="filter_period", label="Month YYYY-MM the charge's period overlaps"
    )
    source = django_filters.ChoiceFilter(choices=ChargeSource.choices)
    charge_run = django_filters.NumberFilter(field_name="charge_run_id")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="Due on or before")

    class Meta:
        model = Charge
        fields: list[str] = []

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        open_q = Q(allocated__lt=F("amount"))
        return queryset.filter(open_q) if value else queryset.exclude(open_q)

    def filter_period(self, queryset, name, value):
        first, last = month_bounds(value)
        return queryset.filter(period_start__lte=last, period_end__gte=first)


class ChargeViewSet(ReadCreateViewSet):
    """应收费用: immutable receivables; `paid` is the sum of their allocations. Owners and tenants
    read their own units' charges."""

    queryset_model = Charge
    serializer_class = s.ChargeSerializer
    filterset_class = ChargeFilter
    resident_actions = frozenset({"list", "retrieve"})
    ordering_fields = ["period_start", "due_date", "amount", "id"]
    ordering = ["unit_id", "period_start", "id"]

    def base_queryset(self):
        return Charge.objects.select_related("unit", "fee_item")

    @extend_schema(
        request=s.ChargeCreateSerializer,
        responses={201: s.ChargeSerializer},
        summary="A one-off charge (per-item fee, agreed adjustment)",
    )
    def create(self, request, *args, **kwargs):
        charge = services.charge_create(acting_user=request.user, **self.input(s.ChargeCreateSerializer))
        charge = self.base_queryset().get(pk=charge.pk)
        return Response(s.ChargeSerializer(charge).data, status=status.HTTP_201_CREATED)
