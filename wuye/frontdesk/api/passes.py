"""The release passes API (放行条, seed 000 §4, seed 001): `/api/v1/release-passes/` (list, retrieve,
create) with the actions `consent`, `approve`, `cancel`, `pdf` and `daily`; the gate's
`POST /api/v1/release-passes/release/` with the pass's number. Refusals answer 400 with `code`,
`message` and `fields`."""

from __future__ import annotations

import django_filters
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view, renderer_classes
from rest_framework.response import Response
from rest_framework.settings import api_settings

from wuye.core import access
from wuye.core.api.mixins import ScopedViewSetMixin, deny_residents
from wuye.core.api.renderers import XlsxRenderer
from wuye.core.errors import PermissionDeniedError
from wuye.frontdesk.api import passes_serializers as s
from wuye.frontdesk.choices import CarrierKind, PassKind, PassStatus
from wuye.frontdesk.models import ReleasePass
from wuye.frontdesk.selectors_passes import (
    daily_passes,
    flag_one,
    flag_passes,
    pass_detail_queryset,
    pass_for_gate,
)
from wuye.frontdesk.services import passes as services

VIEW_PERM = "frontdesk.view"


class ReleasePassFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    status = django_filters.ChoiceFilter(choices=PassStatus.choices)
    kind = django_filters.ChoiceFilter(choices=PassKind.choices)
    carrier_kind = django_filters.ChoiceFilter(choices=CarrierKind.choices)
    valid_on = django_filters.DateFilter()
    valid_from = django_filters.DateFilter(field_name="valid_on", lookup_expr="gte")
    valid_to = django_filters.DateFilter(field_name="valid_on", lookup_expr="lte")
    number = django_filters.CharFilter()

    class Meta:
        model = ReleasePass
        fields: list[str] = []


class ReleasePassViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Release passes: the desk prepares them (frontdesk.prepare_pass), records the consent call and
    issues them (frontdesk.issue_pass); every staff role of the front desk and gate reads them
    (frontdesk.view). Each row says whether its unit is flagged for frequent temporary carrying."""

    queryset_model = ReleasePass
    view_perms = (VIEW_PERM,)
    resident_actions = frozenset()
    serializer_class = s.ReleasePassSerializer
    filterset_class = ReleasePassFilter
    ordering_fields = ["number", "valid_on", "created_at", "id"]
    ordering = ["-valid_on", "-id"]

    def base_queryset(self):
        return pass_detail_queryset()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = flag_passes(page)
        return self.get_paginated_response(
            s.ReleasePassSerializer(rows, many=True, context=self.get_serializer_context()).data
        )

    def respond(self, release_pass, status_code=status.HTTP_200_OK):
        row = flag_one(pass_detail_queryset().get(pk=release_pass.pk))
        return Response(
            s.ReleasePassSerializer(row, context=self.get_serializer_context()).data, status=status_code
        )

    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    @extend_schema(
        request=s.ReleasePassCreateSerializer,
        responses={201: s.ReleasePassSerializer},
        summary="Prepare a release pass (moving out needs the unit's dues settled up to today)",
    )
    def create(self, request, *args, **kwargs):
        data = dict(self.input(s.ReleasePassCreateSerializer))
        data["items"] = [dict(item) for item in data["items"]]
        release_pass = services.pass_create(acting_user=request.user, **data)
        return self.respond(release_pass, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ReleasePassConsentSerializer,
        responses={200: s.ReleasePassSerializer},
        summary="Record the consent call: the owner's, or the company's responsible person's",
    )
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        release_pass = self.get_object()
        services.pass_consent(
            release_pass=release_pass, acting_user=request.user, **self.input(s.ReleasePassConsentSerializer)
        )
        return self.respond(release_pass)

    @extend_schema(
        request=s.ReleasePassApproveSerializer,
        responses={200: s.ReleasePassSerializer},
        summary="Issue the pass: consent agreed, carrier and owner signed, settlement re-checked",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        release_pass = self.get_object()
        services.pass_approve(
            release_pass=release_pass, acting_user=request.user, **self.input(s.ReleasePassApproveSerializer)
        )
        return self.respond(release_pass)

    @extend_schema(
        request=s.ReleasePassCancelSerializer,
        responses={200: s.ReleasePassSerializer},
        summary="Cancel a pass not used (it stays in the register with the reason)",
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        release_pass = self.get_object()
        services.pass_cancel(
            release_pass=release_pass, acting_user=request.user, **self.input(s.ReleasePassCancelSerializer)
        )
        return self.respond(release_pass)

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="The printable pass: archive copy and gate copy on one A4, the number as a QR code",
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def pdf(self, request, pk=None):
        from wuye.frontdesk.pdf_passes import release_pass_pdf

        release_pass = flag_one(self.get_object())
        response = HttpResponse(
            release_pass_pdf(release_pass, viewer=request.user), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="release-pass-{release_pass.number}.pdf"'
        return response

    @extend_schema(
        parameters=[s.DailyQuerySerializer],
        responses={
            (200, "application/json"): s.DailyPassesSerializer,
            (200, XlsxRenderer.media_type): OpenApiTypes.BINARY,
        },
        summary="The daily list: every pass of a day accounted for (used, expired, cancelled, valid)",
        description="`?format=xlsx` returns the same list as an Excel workbook.",
    )
    @action(
        detail=False,
        methods=["get"],
        filterset_class=None,
        pagination_class=None,
        renderer_classes=[*api_settings.DEFAULT_RENDERER_CLASSES, XlsxRenderer],
    )
    def daily(self, request):
        query = s.DailyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        (project,) = access.projects_in_scope(request.user, VIEW_PERM, query.validated_data["project"])
        report = daily_passes(
            project, query.validated_data["date"], ReleasePass.objects.visible_to(request.user)
        )
        if request.accepted_renderer.format == XlsxRenderer.format:
            from wuye.frontdesk.excel_passes import daily_file_name, daily_workbook

            disposition = f'attachment; filename="{daily_file_name(report)}"'
            return Response(daily_workbook(report), headers={"Content-Disposition": disposition})
        return Response(s.DailyPassesSerializer(report, context=self.get_serializer_context()).data)


@extend_schema(
    request=s.ReleasePassReleaseSerializer,
    responses={200: s.ReleasePassSerializer},
    summary="The gate: release the goods against an issued pass valid today, by its number (once)",
    description="Refusals: `pass_unknown`, `pass_used` (says when and by whom), `pass_expired`, "
    "`pass_cancelled`, `pass_not_issued`, `pass_not_yet_valid`, `items_not_checked`.",
)
@api_view(["POST"])
@renderer_classes(api_settings.DEFAULT_RENDERER_CLASSES)
def release_pass_release(request):
    """Guards (frontdesk.release_pass) release goods for the projects they work in; a number of any
    other project is unknown to them."""
    deny_residents(request.user)
    project_ids = access.projects_with_perm(request.user, "frontdesk.release_pass")
    if project_ids is not None and not project_ids:
        raise PermissionDeniedError("permission_denied", _("Your role does not allow this action."))
    params = s.ReleasePassReleaseSerializer(data=request.data, context={"request": request})
    params.is_valid(raise_exception=True)
    data = params.validated_data
    release_pass = pass_for_gate(data["number"], project_ids, data.get("project"))
    services.pass_release(
        release_pass=release_pass,
        items_checked=data["items_checked"],
        note=data["note"],
        acting_user=request.user,
    )
    row = flag_one(pass_detail_queryset().get(pk=release_pass.pk))
    return Response(s.ReleasePassSerializer(row, context={"request": request}).data)


def register(router) -> None:
    """Register this part's viewsets on the front desk router."""
    router.register("release-passes", ReleasePassViewSet, basename="release-pass")


urlpatterns: list = [
    path("release-passes/release/", release_pass_release, name="release-pass-release"),
]
