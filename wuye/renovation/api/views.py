"""API of renovation (seed 000 §2): `/api/v1/renovations/` and its actions.

The viewset is assembled from three mixins, one per part of the procedure:
application.py (create, documents, submit, approve, reject, preparation before entry),
completion.py (fees, workers, permit, start, complete, accept, refund),
supervision.py (patrols, the board, violations and penalties, hot-work permits)."""

from __future__ import annotations

import django_filters
from rest_framework import mixins, viewsets

from wuye.core.api.mixins import ScopedViewSetMixin
from wuye.renovation.api import serializers as s
from wuye.renovation.api.application import ApplicationActions
from wuye.renovation.api.completion import CompletionActions
from wuye.renovation.api.supervision import SupervisionActions
from wuye.renovation.choices import RenovationStatus
from wuye.renovation.models import Renovation
from wuye.renovation.selectors import renovation_queryset


class RenovationFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    status = django_filters.MultipleChoiceFilter(choices=RenovationStatus.choices)
    number = django_filters.CharFilter()

    class Meta:
        model = Renovation
        fields: list[str] = []


class RenovationViewSet(
    ApplicationActions,
    CompletionActions,
    SupervisionActions,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """装修管理: every step goes through a service that checks its rule; refusals answer 400 with
    `code`, `message` and `fields` naming what is missing."""

    queryset_model = Renovation
    view_perms = ("renovation.view",)
    resident_actions = frozenset()
    serializer_class = s.RenovationSerializer
    filterset_class = RenovationFilter
    ordering_fields = ["number", "created_at", "approval_due_at", "refundable_on", "id"]
    ordering = ["-created_at", "-id"]

    def base_queryset(self):
        return renovation_queryset()
