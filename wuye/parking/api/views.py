"""Parking API (spec 03, seed 000 §17): spaces, vehicles, monthly rentals and their Monday list, IC
cards, temporary stays and the fee quote. Every view: parse (input serializer) → fetch in scope
(`visible_to`, out of scope 404) → call one service (permissions 403, rules 400 with a code) →
answer with the output serializer. Parking is staff work: owners and tenants get 403.
"""

from __future__ import annotations

import dataclasses

import django_filters
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response
from rest_framework.settings import api_settings

from wuye.core import access
from wuye.core.api.filters import YesNoFilter
from wuye.core.api.mixins import ScopedViewSetMixin, deny_residents, rename_field_errors
from wuye.core.api.renderers import XlsxRenderer
from wuye.core.errors import BusinessRuleError
from wuye.estate.models import Project
from wuye.parking import excel, services
from wuye.parking.api import serializers as s
from wuye.parking.models import Card, ParkingSpace, Rental, Session, Vehicle
from wuye.parking.selectors import (
    current_q,
    rentals_with_receipt,
    sessions_with_receipt,
    spaces_with_current_rental,
)
from wuye.parking.tariff import Tariff

VIEW_PERM = "parking.view"


class ParkingViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List and retrieve with parking.view (staff of the project); writes go through a service each.
    Staff only: owners and tenants answer 403."""

    view_perms = (VIEW_PERM,)
    resident_actions = frozenset()


def project_in_scope(user, project_id: int) -> Project:
    """The project asked for by a query parameter: 404 outside the user's scope, 403 without parking.view."""
    deny_residents(user)
    project = Project.objects.visible_to(user).filter(pk=project_id).first()
    if project is None:
        raise Http404("project")
    access.require_perm(user, VIEW_PERM, project.pk)
    return project


# --- spaces ------------------------------------------------------------------------------------


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

    def _respond(self, space, status_code=status.HTTP_200_OK):
        return Response(
            s.ParkingSpaceSerializer(self.base_queryset().get(pk=space.pk)).data, status=status_code
        )

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
        return self._respond(space, status.HTTP_201_CREATED)

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
        return self._respond(space)

    @extend_schema(request=s.SpaceUpdateSerializer, responses={200: s.ParkingSpaceSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


# --- vehicles ----------------------------------------------------------------------------------


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
        return Response(
            s.VehicleSerializer(self.base_queryset().get(pk=vehicle.pk)).data, status=status.HTTP_201_CREATED
        )


# --- rentals -----------------------------------------------------------------------------------


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
        rental = self.base_queryset().get(pk=rental.pk)
        return Response(
            s.RentalSerializer(rental, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=None,
        responses=s.RentalSerializer,
        summary="A non-resident pays the period's rent in cash at the cashier",
    )
    @action(detail=True, methods=["post"], url_path="collect-cash", url_name="collect-cash")
    def collect_cash(self, request, pk=None):
        rental = services.rental_collect_cash(rental=self.get_object(), acting_user=request.user)
        rental = self.base_queryset().get(pk=rental.pk)
        return Response(s.RentalSerializer(rental, context=self.get_serializer_context()).data)

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


# --- cards -------------------------------------------------------------------------------------


class CardFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    rental = django_filters.NumberFilter(field_name="rental_id")
    number = django_filters.CharFilter()
    in_use = YesNoFilter(method="filter_in_use", label="Not returned and not lost")

    class Meta:
        model = Card
        fields: list[str] = []

    def filter_in_use(self, queryset, name, value):
        if value is None:
            return queryset
        in_use = Q(returned_at__isnull=True, lost_at__isnull=True)
        return queryset.filter(in_use) if value else queryset.exclude(in_use)


class CardViewSet(ParkingViewSet):
    """IC cards, only for monthly rentals; the ¥50 deposit is taken by the cashier into the deposit
    ledger and refunded through the deposit refund when the card comes back."""

    queryset_model = Card
    serializer_class = s.CardSerializer
    filterset_class = CardFilter
    ordering_fields = ["issued_at", "number", "id"]
    ordering = ["-issued_at", "-id"]

    def base_queryset(self):
        return Card.objects.select_related("rental__vehicle", "rental__space", "deposit__refund", "issued_by")

    def _respond(self, card, status_code=status.HTTP_200_OK):
        return Response(s.CardSerializer(self.base_queryset().get(pk=card.pk)).data, status=status_code)

    @extend_schema(
        request=s.CardIssueSerializer,
        responses={201: s.CardSerializer},
        summary="Issue a card for a current monthly rental and take its deposit (cashier)",
    )
    def create(self, request, *args, **kwargs):
        card = services.card_issue(acting_user=request.user, **self.input(s.CardIssueSerializer))
        return self._respond(card, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.CardReturnSerializer,
        responses={200: s.CardSerializer},
        summary="The card comes back (its deposit goes to refund) or is reported lost (the deposit is kept)",
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_card(self, request, pk=None):
        card = self.get_object()
        services.card_return(card=card, acting_user=request.user, **self.input(s.CardReturnSerializer))
        return self._respond(card)


# --- temporary stays ---------------------------------------------------------------------------


class SessionFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    plate = django_filters.CharFilter(lookup_expr="icontains")
    open = YesNoFilter(field_name="exited_at", lookup_expr="isnull", label="Still inside")
    entered_after = django_filters.DateTimeFilter(field_name="entered_at", lookup_expr="gte")
    entered_before = django_filters.DateTimeFilter(field_name="entered_at", lookup_expr="lt")

    class Meta:
        model = Session
        fields: list[str] = []


class SessionViewSet(ParkingViewSet):
    """临时停放: a stay is opened at the entry and closed at the exit at the quoted fee."""

    queryset_model = Session
    serializer_class = s.SessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ["entered_at", "exited_at", "id"]
    ordering = ["-entered_at", "-id"]

    def base_queryset(self):
        return sessions_with_receipt(Session.objects.select_related("unit"))

    def _respond(self, session, status_code=status.HTTP_200_OK):
        return Response(s.SessionSerializer(self.base_queryset().get(pk=session.pk)).data, status=status_code)

    @extend_schema(
        request=s.SessionOpenSerializer,
        responses={201: s.SessionSerializer},
        summary="A vehicle enters (gate staff)",
    )
    def create(self, request, *args, **kwargs):
        try:
            session = services.session_open(acting_user=request.user, **self.input(s.SessionOpenSerializer))
        except BusinessRuleError as exc:
            raise rename_field_errors(exc, at="entered_at") from exc
        return self._respond(session, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.SessionCloseSerializer,
        responses={200: s.SessionSerializer},
        summary="The vehicle leaves: the quoted fee is taken in cash or charged to a unit's account",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        session = self.get_object()
        try:
            session = services.session_close(
                session=session, acting_user=request.user, **self.input(s.SessionCloseSerializer)
            )
        except BusinessRuleError as exc:
            raise rename_field_errors(exc, at="exited_at") from exc
        return self._respond(session)


# --- the fee quote -----------------------------------------------------------------------------


@extend_schema(
    parameters=[s.FeeQuoteQuerySerializer],
    responses=s.FeeQuoteSerializer,
    summary="The temporary-parking fee for a stay, with its breakdown per day (the project's tariff)",
)
@api_view(["GET"])
def fee_quote(request):
    """¥2 for up to 2 hours, ¥1 per further started hour, at most ¥6 a day (calendar day or 24 h from
    entry) by default; every figure is a project setting. Needs parking.view in the project."""
    query = s.FeeQuoteQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    project = project_in_scope(request.user, params["project"])
    exited_at = params.get("exited_at") or timezone.now()
    quote = services.fee_quote(project=project, entered_at=params["entered_at"], exited_at=exited_at)
    tariff = dataclasses.asdict(Tariff.for_project(project))
    data = {**quote, "entered_at": params["entered_at"], "exited_at": exited_at, "tariff": tariff}
    return Response(s.FeeQuoteSerializer(data).data)
