"""API of the IC cards of monthly rentals and their deposit."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action

from wuye.core.api.filters import YesNoFilter
from wuye.parking import services
from wuye.parking.api import serializers as s
from wuye.parking.api.views.base import ParkingViewSet
from wuye.parking.models import Card


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

    @extend_schema(
        request=s.CardIssueSerializer,
        responses={201: s.CardSerializer},
        summary="Issue a card for a current monthly rental and take its deposit (cashier)",
    )
    def create(self, request, *args, **kwargs):
        card = services.card_issue(acting_user=request.user, **self.input(s.CardIssueSerializer))
        return self.respond(card, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.CardReturnSerializer,
        responses={200: s.CardSerializer},
        summary="The card comes back (its deposit goes to refund) or is reported lost (the deposit is kept)",
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_card(self, request, pk=None):
        card = self.get_object()
        services.card_return(card=card, acting_user=request.user, **self.input(s.CardReturnSerializer))
        return self.respond(card)
