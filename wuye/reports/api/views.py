from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.response import Response
from rest_framework.settings import api_settings

from wuye.core.api.renderers import XlsxRenderer
from wuye.reports import excel, repair_fees, selectors
from wuye.reports.api import serializers as s


@extend_schema(
    parameters=[s.ThreeRatesQuerySerializer],
    responses={
        (200, "application/json"): s.ThreeRatesSerializer,
        (200, excel.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
    },
    summary="信息三率统计表: satisfaction, timeliness, return-visit rate (with repair quality and complaints)",
)
@api_view(["GET"])
@renderer_classes([*api_settings.DEFAULT_RENDERER_CLASSES, XlsxRenderer])
def three_rates(request):
    """Per project and per department for a week, a month or `start`–`end`, with targets and a trend
    of the last `trend` weeks or months. Needs report.view in the project. `?format=xlsx` returns the
    same figures as an Excel workbook."""
    query = s.ThreeRatesQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    projects = selectors.report_projects(user=request.user, project_id=params.get("project"))
    report = selectors.three_rates(
        projects=projects,
        period=params["report_period"],
        as_of=params.get("as_of"),
        department=params.get("department"),
        trend=params["trend"],
        trend_kind=params["period"],
    )
    if request.accepted_renderer.format == XlsxRenderer.format:
        disposition = f'attachment; filename="{excel.file_name(report)}"'
        return Response(excel.workbook(report), headers={"Content-Disposition": disposition})
    return Response(s.ThreeRatesSerializer(report).data)


@extend_schema(
    parameters=[s.RepairFeesQuerySerializer],
    responses={
        (200, "application/json"): s.RepairFeesSerializer,
        (200, excel.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
    },
    summary="月底统计维修费用: a month's completed paid tickets by department and service item",
)
@api_view(["GET"])
@renderer_classes([*api_settings.DEFAULT_RENDERER_CLASSES, XlsxRenderer])
def repair_fees_report(request):
    """Count, labour, materials and total fee, charged or not yet, and paid so far, per department
    and per service menu item (seed 000 §13). Needs report.view or billing.report in the project.
    `?format=xlsx` returns the same figures as an Excel workbook."""
    query = s.RepairFeesQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    project = repair_fees.repair_fee_project(user=request.user, project_id=params["project"])
    report = repair_fees.repair_fees(project=project, period=params["period"])
    if request.accepted_renderer.format == XlsxRenderer.format:
        disposition = f'attachment; filename="{excel.repair_fees_file_name(report)}"'
        return Response(excel.repair_fees_workbook(report), headers={"Content-Disposition": disposition})
    return Response(s.RepairFeesSerializer(report).data)
