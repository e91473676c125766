"""The census API: the monthly occupancy report (`?format=xlsx`: as Excel), a building's census
confirmed by its assistant, the report signed off by the project manager."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.response import Response
from rest_framework.settings import api_settings

from wuye.census import excel, selectors, services
from wuye.census.api import serializers as s
from wuye.census.models import BuildingCensus
from wuye.core import access
from wuye.core.api.mixins import deny_residents, scoped_get
from wuye.core.api.renderers import XlsxRenderer
from wuye.estate.models import Project


def project_in_scope(user, project_id: int, perm: str = "census.view") -> Project:
    """The project named by the request: 404 outside the user's scope, 403 without `perm`."""
    deny_residents(user)
    project = Project.objects.visible_to(user).filter(pk=project_id).first()
    if project is None:
        raise Http404("project")
    access.require_perm(user, perm, project.pk)
    return project


@extend_schema(
    parameters=[s.ReportQuerySerializer],
    responses={
        (200, "application/json"): s.OccupancyReportSerializer,
        (200, excel.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
    },
    summary="月度物业动态信息表: units by status per building at the month's end, the month's changes, "
    "each building's census and the sign-off",
)
@api_view(["GET"])
@renderer_classes([*api_settings.DEFAULT_RENDERER_CLASSES, XlsxRenderer])
def occupancy_report(request):
    """Needs census.view in the project. Figures come from the recorded status changes; once the
    project manager has signed the report they are those signed. `?format=xlsx`: the same as Excel."""
    query = s.ReportQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    project = project_in_scope(request.user, query.validated_data["project"])
    report = selectors.monthly_report(project=project, month=query.validated_data["month"])
    if request.accepted_renderer.format == XlsxRenderer.format:
        disposition = f'attachment; filename="{excel.file_name(report)}"'
        return Response(excel.workbook(report), headers={"Content-Disposition": disposition})
    return Response(s.OccupancyReportSerializer(report).data)


@extend_schema(
    request=s.SignOffSerializer,
    responses=s.OccupancyReportSerializer,
    summary="The project manager signs off the month's occupancy report; copies go to security and the cashier",
)
@api_view(["POST"])
def occupancy_report_sign_off(request):
    """Refused (400, saying why) while the month runs, while a building's census is open, or when
    already signed. Needs census.sign_off (the project manager)."""
    params = s.SignOffSerializer(data=request.data, context={"request": request})
    params.is_valid(raise_exception=True)
    project = project_in_scope(request.user, params.validated_data["project"].pk)
    month = params.validated_data["month"]
    services.report_sign_off(project=project, month=month, acting_user=request.user)
    return Response(s.OccupancyReportSerializer(selectors.monthly_report(project=project, month=month)).data)


@extend_schema(
    request=s.ConfirmSerializer,
    responses=s.CensusSerializer,
    summary="The building's assigned assistant confirms its census (上楼普查) for the month",
)
@api_view(["POST"])
def census_confirm(request, pk: int):
    """Refused (400, saying why) for anybody but the assigned assistant, twice, or once the month's
    report is signed off. Needs census.confirm."""
    deny_residents(request.user)
    census = scoped_get(BuildingCensus, request.user, pk)
    params = s.ConfirmSerializer(data=request.data)
    params.is_valid(raise_exception=True)
    census = services.census_confirm(
        census=census, acting_user=request.user, remarks=params.validated_data.get("remarks", "")
    )
    census = BuildingCensus.objects.select_related("assistant", "confirmed_by").get(pk=census.pk)
    return Response(s.CensusSerializer(census).data)
