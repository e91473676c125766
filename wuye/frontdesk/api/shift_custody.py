"""The shift_custody part of the front desk API: the shift log (`/api/v1/shift-entries/` with `close`,
`/api/v1/shift-handovers/` with `acknowledge`) and the custody view (`GET /api/v1/frontdesk/custody/`).
Refusals of the services answer 400 with `code`, `message`, `fields`."""

from __future__ import annotations

import django_filters
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from wuye.core import access
from wuye.core.api.filters import YesNoFilter
from wuye.core.api.mixins import ScopedViewSetMixin, deny_residents
from wuye.estate.models import Project
from wuye.frontdesk.api import shift_custody_serializers as s
from wuye.frontdesk.choices import ShiftEntryKind
from wuye.frontdesk.models import ShiftEntry, ShiftHandover
from wuye.frontdesk.selectors_shift_custody import (
    custody,
    entry_queryset,
    flagged_q,
    handover_queryset,
    shows_keys,
)
from wuye.frontdesk.services import shift_custody as services

VIEW_PERMS = ("frontdesk.view",)


class ShiftEntryFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    kind = django_filters.ChoiceFilter(choices=ShiftEntryKind.choices)
    open = YesNoFilter(field_name="closed_at", lookup_expr="isnull", help_text="1: open; 0: closed.")
    handover = django_filters.NumberFilter(field_name="handovers", help_text="Entries of this hand-over.")

    class Meta:
        model = ShiftEntry
        fields: list[str] = []


class ShiftEntryViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The shift log's entries (交接班记录, 留言): messages and open points, followed up until closed.
    Read with frontdesk.view; written and closed with frontdesk.shift_log."""

    queryset_model = ShiftEntry
    view_perms = VIEW_PERMS
    resident_actions = frozenset()
    serializer_class = s.ShiftEntrySerializer
    filterset_class = ShiftEntryFilter
    ordering_fields = ["created_at", "closed_at", "id"]
    ordering = ["-created_at", "-id"]

    def base_queryset(self):
        return entry_queryset()

    def respond(self, entry, status_code=status.HTTP_200_OK):
        row = entry_queryset().get(pk=entry.pk)
        return Response(
            s.ShiftEntrySerializer(row, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(
        request=s.ShiftEntryCreateSerializer,
        responses={201: s.ShiftEntrySerializer},
        summary="Write a message left by an owner or visitor, or an open point, in the shift log",
    )
    def create(self, request, *args, **kwargs):
        entry = services.shift_entry_write(
            acting_user=request.user, **self.input(s.ShiftEntryCreateSerializer)
        )
        return self.respond(entry, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ShiftEntryCloseSerializer,
        responses={200: s.ShiftEntrySerializer},
        summary="Close an entry with its outcome (once)",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        entry = self.get_object()
        services.shift_entry_close(
            entry=entry, acting_user=request.user, **self.input(s.ShiftEntryCloseSerializer)
        )
        return self.respond(entry)


class ShiftHandoverFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    acknowledged = YesNoFilter(field_name="acknowledged_at", lookup_expr="isnull", exclude=True)
    flagged = YesNoFilter(
        method="filter_flagged",
        help_text="1: unacknowledged for longer than the project's `frontdesk.handover_ack_hours`.",
    )

    class Meta:
        model = ShiftHandover
        fields: list[str] = []

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        projects = Project.objects.filter(pk__in=queryset.values("project_id")).only("pk", "settings")
        condition = flagged_q(projects, now=timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class ShiftHandoverViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Shift hand-overs (交接班): the outgoing person hands over with every open entry attached; the next
    shift acknowledges. Read with frontdesk.view; handed over and acknowledged with frontdesk.shift_log."""

    queryset_model = ShiftHandover
    view_perms = VIEW_PERMS
    resident_actions = frozenset()
    serializer_class = s.ShiftHandoverSerializer
    filterset_class = ShiftHandoverFilter
    ordering_fields = ["handed_at", "acknowledged_at", "id"]
    ordering = ["-handed_at", "-id"]

    def base_queryset(self):
        return handover_queryset()

    def get_serializer_class(self):
        return s.ShiftHandoverSerializer if self.action == "list" else s.ShiftHandoverDetailSerializer

    def respond(self, handover, status_code=status.HTTP_200_OK):
        row = handover_queryset().get(pk=handover.pk)
        return Response(
            s.ShiftHandoverDetailSerializer(row, context=self.get_serializer_context()).data,
            status=status_code,
        )

    @extend_schema(
        request=s.ShiftHandoverCreateSerializer,
        responses={201: s.ShiftHandoverDetailSerializer},
        summary="Hand over the shift: every open entry of the project is passed on with it",
    )
    def create(self, request, *args, **kwargs):
        handover = services.shift_handover(
            acting_user=request.user, **self.input(s.ShiftHandoverCreateSerializer)
        )
        return self.respond(handover, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ShiftAcknowledgeSerializer,
        responses={200: s.ShiftHandoverDetailSerializer},
        summary="The next shift acknowledges the hand-over (not who handed it over; once)",
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        handover = self.get_object()
        services.shift_acknowledge(
            handover=handover, acting_user=request.user, **self.input(s.ShiftAcknowledgeSerializer)
        )
        return self.respond(handover)


@extend_schema(
    parameters=[s.CustodyQuerySerializer],
    responses={200: s.CustodySerializer},
    summary="Everything the desk holds or has lent right now, with what is due; overdue first",
    description="Important mail waiting, stored items, lent items, keys out of the cabinet (for those "
    "who may read the key register) and today's valid release passes. `counts` and `overdue_count` "
    "cover every kind shown; `rows` follow the `kind` and `overdue` filters.",
)
@api_view(["GET"])
def custody_view(request):
    deny_residents(request.user)
    query = s.CustodyQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    (project,) = access.projects_in_scope(request.user, "frontdesk.view", params["project"])
    result = custody(project, include_keys=shows_keys(request.user, project.pk))
    rows = result.filtered(kind=params.get("kind"), overdue=params["overdue"])
    return Response(s.CustodySerializer(result, context={"rows": rows}).data)


def register(router) -> None:
    """Register this part's viewsets on the front desk router."""
    router.register("shift-entries", ShiftEntryViewSet, basename="shift-entry")
    router.register("shift-handovers", ShiftHandoverViewSet, basename="shift-handover")


urlpatterns: list = [path("frontdesk/custody/", custody_view, name="api-frontdesk-custody")]
