"""API of the temporary stays (临时停放) at the gate and of the fee quote."""

from __future__ import annotations

import dataclasses

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from wuye.core.api.filters import UtcDateTimeFilter, YesNoFilter
from wuye.core.api.mixins import rename_field_errors
from wuye.core.errors import BusinessRuleError
from wuye.parking import services
from wuye.parking.api import serializers as s
from wuye.parking.api.views.base import ParkingViewSet, project_in_scope
from wuye.parking.models import Session
from wuye.parking.selectors import sessions_with_receipt
from wuye.parking.tariff import Tariff


class SessionFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    plate = django_filters.CharFilter(lookup_expr="icontains")
    open = YesNoFilter(field_name="exited_at", lookup_expr="isnull", label="Still inside")
    entered_after = UtcDateTimeFilter(field_name="entered_at", lookup_expr="gte")
    entered_before = UtcDateTimeFilter(field_name="entered_at", lookup_expr="lt")

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
        return self.respond(session, status.HTTP_201_CREATED)

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
        return self.respond(session)


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
