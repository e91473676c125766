"""API of handover: batches with their checklist, per-unit handovers with their steps, defects."""

from __future__ import annotations

import django_filters
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wuye.core.api.filters import YesNoFilter
from wuye.core.api.mixins import ScopedViewSetMixin, deny_residents
from wuye.handover import selectors, services
from wuye.handover.api import serializers as s
from wuye.handover.models import Defect, Handover, HandoverBatch

VIEW_PERM = "handover.view"


class HandoverViewSetBase(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Staff only (owners and tenants answer 403); reads need handover.view in the object's project."""

    view_perms = (VIEW_PERM,)
    resident_actions = frozenset()

    def respond(self, obj, status_code=status.HTTP_200_OK, serializer_class=None):
        row = self.base_queryset().get(pk=obj.pk)
        return Response((serializer_class or self.get_serializer_class())(row).data, status=status_code)


class BatchFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")

    class Meta:
        model = HandoverBatch
        fields: list[str] = []


class HandoverBatchViewSet(mixins.CreateModelMixin, HandoverViewSetBase):
    """Handover batches of a project on a date; their preparation checklist counts back from it."""

    queryset_model = HandoverBatch
    serializer_class = s.HandoverBatchSerializer
    filterset_class = BatchFilter
    ordering_fields = ["handover_date", "id"]
    ordering = ["-handover_date", "-id"]

    def base_queryset(self):
        return HandoverBatch.objects.prefetch_related("buildings")

    @extend_schema(
        request=s.HandoverBatchCreateSerializer,
        responses={201: s.HandoverBatchSerializer},
        summary="Plan a batch",
    )
    def create(self, request, *args, **kwargs):
        data = self.input(s.HandoverBatchCreateSerializer)
        deny_residents(request.user)
        batch = services.batch_create(project=data.pop("project"), acting_user=request.user, **data)
        return self.respond(batch, status.HTTP_201_CREATED)

    @extend_schema(
        responses=s.ChecklistItemSerializer(many=True),
        summary="The preparation checklist: items with owner, due date and state",
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def checklist(self, request, pk=None):
        batch = self.get_object()
        items = selectors.checklist(batch)
        return Response(s.ChecklistItemSerializer(items, many=True).data)

    def _item_answer(self, batch, item):
        row = next(i for i in selectors.checklist(batch) if i.pk == item.pk)
        return Response(s.ChecklistItemSerializer(row).data)

    @extend_schema(
        request=s.ChecklistItemDoneSerializer,
        responses={200: s.ChecklistItemSerializer},
        summary="Mark a checklist item done (its owner or a planner); done after its due date shows late",
    )
    @action(detail=True, methods=["post"], url_path="checklist/done", url_name="checklist-done")
    def checklist_done(self, request, pk=None):
        batch = self.get_object()
        data = self.input(s.ChecklistItemDoneSerializer, batch=batch)
        item = services.checklist_item_done(acting_user=request.user, **data)
        return self._item_answer(batch, item)

    @extend_schema(
        request=s.ChecklistItemAssignSerializer,
        responses={200: s.ChecklistItemSerializer},
        summary="Assign a checklist item's owner (a staff member of the project; null clears it)",
    )
    @action(detail=True, methods=["post"], url_path="checklist/assign", url_name="checklist-assign")
    def checklist_assign(self, request, pk=None):
        batch = self.get_object()
        data = self.input(s.ChecklistItemAssignSerializer, batch=batch)
        item = services.checklist_item_assign(acting_user=request.user, **data)
        return self._item_answer(batch, item)

    @extend_schema(
        request=s.BatchRescheduleSerializer,
        responses={200: s.HandoverBatchSerializer},
        summary="Move the handover date, with the reason; the open checklist items are due again from it",
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        batch = self.get_object()
        services.batch_reschedule(
            batch=batch, acting_user=request.user, **self.input(s.BatchRescheduleSerializer)
        )
        return self.respond(batch)


class HandoverFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    batch = django_filters.NumberFilter(field_name="batch_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    status = django_filters.CharFilter()

    class Meta:
        model = Handover
        fields: list[str] = []


class HandoverViewSet(mixins.CreateModelMixin, HandoverViewSetBase):
    """One unit's handover form: the nine steps of spec 04 in order, then `finish`."""

    queryset_model = Handover
    serializer_class = s.HandoverSerializer
    filterset_class = HandoverFilter
    ordering_fields = ["id", "finished_at"]
    ordering = ["id"]

    def base_queryset(self):
        return Handover.objects.select_related("unit").prefetch_related("steps")

    @extend_schema(
        request=s.HandoverCreateSerializer,
        responses={201: s.HandoverSerializer},
        summary="Open a unit's form",
    )
    def create(self, request, *args, **kwargs):
        deny_residents(request.user)
        handover = services.handover_start(acting_user=request.user, **self.input(s.HandoverCreateSerializer))
        return self.respond(handover, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.CompleteStepSerializer,
        responses={200: s.HandoverSerializer},
        summary="Record the next step ({step, at, …the step's fields})",
    )
    @action(detail=True, methods=["post"], url_path="complete-step", url_name="complete-step")
    def complete_step(self, request, pk=None):
        handover = self.get_object()
        services.handover_complete_step(
            handover=handover, acting_user=request.user, **self.input(s.CompleteStepSerializer)
        )
        return self.respond(handover)

    @extend_schema(
        request=s.FinishSerializer,
        responses={200: s.HandoverSerializer},
        summary="Finish: the unit becomes vacant and the ownership starts on the handover day",
    )
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        handover = self.get_object()
        services.handover_finish(
            handover=handover, acting_user=request.user, **self.input(s.FinishSerializer)
        )
        return self.respond(handover)

    @extend_schema(
        request=s.HandoverNotTakenSerializer,
        responses={200: s.HandoverSerializer},
        summary="The unit was not taken this time, with the reason (for the summary)",
    )
    @action(detail=True, methods=["post"], url_path="not-taken", url_name="not-taken")
    def not_taken(self, request, pk=None):
        handover = self.get_object()
        services.handover_not_taken(
            handover=handover, acting_user=request.user, **self.input(s.HandoverNotTakenSerializer)
        )
        return self.respond(handover)

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable handover form (房屋交接表)",
    )
    @action(detail=True, methods=["get"])
    def form(self, request, pk=None):
        from wuye.handover.pdf import handover_form_pdf

        handover = self.get_object()
        return _pdf(
            handover_form_pdf(handover, viewer=request.user), f"handover-form-{handover.unit.code}.pdf"
        )

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable document receipt (交房文件签收表)",
    )
    @action(detail=True, methods=["get"], url_path="document-receipt", url_name="document-receipt")
    def document_receipt(self, request, pk=None):
        from wuye.handover.pdf import document_receipt_pdf

        handover = self.get_object()
        return _pdf(document_receipt_pdf(handover), f"document-receipt-{handover.unit.code}.pdf")

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=s.HandoverDefectSerializer(many=True),
        summary="Defects of the unit",
    )
    @extend_schema(
        methods=["POST"],
        request=s.HandoverDefectCreateSerializer,
        responses={201: s.HandoverDefectSerializer},
        summary="Record a defect found at handover (交接遗留问题)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def defects(self, request, pk=None):
        handover = self.get_object()
        if request.method == "GET":
            rows = handover.defects.select_related("unit", "building").order_by("due_date", "id")
            return Response(s.HandoverDefectSerializer(rows, many=True).data)
        defect = services.defect_create(
            handover=handover, acting_user=request.user, **self.input(s.HandoverDefectCreateSerializer)
        )
        row = Defect.objects.select_related("unit", "building").get(pk=defect.pk)
        return Response(s.HandoverDefectSerializer(row).data, status=status.HTTP_201_CREATED)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class DefectFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    building = django_filters.NumberFilter(field_name="building_id")
    handover = django_filters.NumberFilter(field_name="handover_id")
    open = YesNoFilter(method="filter_open", label="Not closed")
    overdue = YesNoFilter(method="filter_overdue", label="Open past its due date")

    class Meta:
        model = Defect
        fields: list[str] = []

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(closed_at__isnull=value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue(timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class DefectViewSet(HandoverViewSetBase):
    """Defects found at handover, across units (open per building, overdue); closed one by one."""

    queryset_model = Defect
    serializer_class = s.HandoverDefectSerializer
    filterset_class = DefectFilter
    ordering_fields = ["due_date", "id"]
    ordering = ["due_date", "id"]

    def base_queryset(self):
        return Defect.objects.select_related("unit", "building")

    @extend_schema(
        request=s.HandoverDefectCloseSerializer,
        responses={200: s.HandoverDefectSerializer},
        summary="Close a defect with its result and the owner's sign-off",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        defect = self.get_object()
        services.defect_close(
            defect=defect, acting_user=request.user, **self.input(s.HandoverDefectCloseSerializer)
        )
        return self.respond(defect)
