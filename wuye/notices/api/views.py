"""API of notices (seed 000 §15): the register, drafting, approval, publication, retirement,
take-down, deliveries with signatures, the archive copy and the printable notice."""

from __future__ import annotations

import django_filters
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wuye.core.api.mixins import ScopedViewSetMixin
from wuye.notices import services
from wuye.notices.api import serializers as s
from wuye.notices.choices import NoticeKind, NoticeStatus
from wuye.notices.models import Notice
from wuye.notices.selectors import notice_queryset, to_take_down


class NoticeFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    status = django_filters.ChoiceFilter(choices=NoticeStatus.choices)
    kind = django_filters.ChoiceFilter(choices=NoticeKind.choices)
    year = django_filters.NumberFilter(field_name="year")
    unit = django_filters.NumberFilter(field_name="unit_id")
    take_down = django_filters.BooleanFilter(
        method="filter_take_down", label="true: retired notices still to be taken down"
    )

    class Meta:
        model = Notice
        fields: list[str] = []

    def filter_take_down(self, queryset, name, value):
        if value is None:
            return queryset
        listed = to_take_down(queryset).values("pk")
        return queryset.filter(pk__in=listed) if value else queryset.exclude(pk__in=listed)


class NoticeViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Notices of the projects the user works in (notices.view). Every step goes through one service
    that checks its rule; refusals answer 400 with `code`, `message`, `fields`."""

    queryset_model = Notice
    view_perms = ("notices.view",)
    resident_actions = frozenset()
    serializer_class = s.NoticeSerializer
    filterset_class = NoticeFilter
    ordering_fields = ["drafted_at", "number", "starts_on", "ends_on", "published_at", "id"]
    ordering = ["-drafted_at", "-id"]

    def base_queryset(self):
        queryset = notice_queryset()
        if self.action != "list":
            queryset = queryset.prefetch_related("deliveries__by")
        return queryset

    def get_serializer_class(self):
        return s.NoticeSerializer if self.action == "list" else s.NoticeDetailSerializer

    def respond(self, notice, status_code=status.HTTP_200_OK):
        row = notice_queryset().prefetch_related("deliveries__by").get(pk=notice.pk)
        return Response(
            s.NoticeDetailSerializer(row, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(
        request=s.NoticeCreateSerializer,
        responses={201: s.NoticeDetailSerializer},
        summary="Draft a notice (customer-service assistants and supervisors)",
    )
    def create(self, request, *args, **kwargs):
        notice = services.notice_create(acting_user=request.user, **self.input(s.NoticeCreateSerializer))
        return self.respond(notice, status.HTTP_201_CREATED)

    def _update(self, request, partial: bool):
        notice = self.get_object()
        params = s.NoticeContentSerializer(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        params.is_valid(raise_exception=True)
        services.notice_update(notice=notice, acting_user=request.user, **params.validated_data)
        return self.respond(notice)

    @extend_schema(
        request=s.NoticeContentSerializer,
        responses={200: s.NoticeDetailSerializer},
        summary="Change a draft (a notice sent back returns to draft)",
    )
    def update(self, request, *args, **kwargs):
        return self._update(request, partial=False)

    @extend_schema(
        request=s.NoticeContentSerializer,
        responses={200: s.NoticeDetailSerializer},
        summary="Change some fields of a draft (a notice sent back returns to draft)",
    )
    def partial_update(self, request, *args, **kwargs):
        return self._update(request, partial=True)

    @extend_schema(
        request=s.NoticeSubmitSerializer,
        responses={200: s.NoticeDetailSerializer},
        summary="Proof-read and submit the draft to the project manager",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        notice = self.get_object()
        services.notice_submit(
            notice=notice, acting_user=request.user, **self.input(s.NoticeSubmitSerializer)
        )
        return self.respond(notice)

    @extend_schema(
        request=s.NoticeDecisionSerializer,
        responses={200: s.NoticeDetailSerializer},
        summary="The project manager approves (the notice gets its number) or sends it back with a reason; "
        "never the drafter",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        notice = self.get_object()
        data = self.input(s.NoticeDecisionSerializer)
        if data["approve"]:
            services.notice_approve(notice=notice, acting_user=request.user)
        else:
            services.notice_reject(notice=notice, acting_user=request.user, reason=data["reason"])
        return self.respond(notice)

    @extend_schema(
        request=None,
        responses={200: s.NoticeDetailSerializer},
        summary="Publish an approved notice within its dates",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        notice = self.get_object()
        services.notice_publish(notice=notice, acting_user=request.user)
        return self.respond(notice)

    @extend_schema(
        request=s.NoticeRetireSerializer,
        responses={200: s.NoticeDetailSerializer},
        summary="Retire a published notice (before its end date with a reason); it goes on the take-down list",
    )
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        notice = self.get_object()
        services.notice_retire(
            notice=notice, acting_user=request.user, **self.input(s.NoticeRetireSerializer)
        )
        return self.respond(notice)

    @extend_schema(
        request=s.NoticeTakenDownSerializer,
        responses={200: s.NoticeDetailSerializer},
        summary="Confirm a retired notice is removed from its posting places",
    )
    @action(detail=True, methods=["post"], url_path="taken-down", url_name="taken-down")
    def taken_down(self, request, pk=None):
        notice = self.get_object()
        services.notice_taken_down(
            notice=notice, acting_user=request.user, **self.input(s.NoticeTakenDownSerializer)
        )
        return self.respond(notice)

    @extend_schema(
        request=s.NoticeArchiveSerializer,
        responses={200: s.NoticeDetailSerializer},
        summary="The archivist files the (signed) copy of a notice that went out",
    )
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        notice = self.get_object()
        services.notice_archive(
            notice=notice, acting_user=request.user, **self.input(s.NoticeArchiveSerializer)
        )
        return self.respond(notice)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: s.NoticeDeliverySerializer(many=True)},
        summary="Deliveries of the notice to customers, with their signatures",
    )
    @extend_schema(
        methods=["POST"],
        request=s.NoticeDeliverSerializer,
        responses={201: s.NoticeDeliverySerializer},
        summary="Record the delivery of a published notice to the customer, who signs for it",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def deliveries(self, request, pk=None):
        notice = self.get_object()
        if request.method == "POST":
            delivery = services.notice_deliver(
                notice=notice, acting_user=request.user, **self.input(s.NoticeDeliverSerializer)
            )
            return Response(
                s.NoticeDeliverySerializer(delivery, context=self.get_serializer_context()).data,
                status=status.HTTP_201_CREATED,
            )
        rows = notice.deliveries.select_related("by")
        return Response(
            s.NoticeDeliverySerializer(rows, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="The notice in the company's standard format (a draft is marked as such)",
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def pdf(self, request, pk=None):
        from wuye.notices.pdf import notice_pdf

        notice = self.get_object()
        response = HttpResponse(notice_pdf(notice), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}.pdf"'
        return response
