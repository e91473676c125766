"""Payment notices (缴费通知单) and the dunning list (催缴名单)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.response import Response
from rest_framework.settings import api_settings

from wuye.billing import notices
from wuye.billing.api.accounts import report_projects
from wuye.billing.excel import XLSX_CONTENT_TYPE
from wuye.billing.services import period_bounds
from wuye.core.api.renderers import PdfRenderer, XlsxRenderer


class NoticeQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField()
    period_start = serializers.DateField(help_text=_("First day of the billing month or quarter."))
    months = serializers.ChoiceField(choices=[1, 3], default=1)


class NoticeSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    owners = serializers.SerializerMethodField()
    period_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    arrears = serializers.DecimalField(max_digits=14, decimal_places=2)
    credit = serializers.DecimalField(max_digits=14, decimal_places=2)
    total_due = serializers.DecimalField(max_digits=14, decimal_places=2)
    due_date = serializers.DateField(allow_null=True)

    def get_owners(self, notice) -> list[str]:
        return [o.name for o in notice["owners"]]


class DunningQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField()
    as_of = serializers.DateField(required=False)
    grace_days = serializers.IntegerField(required=False, min_value=0, max_value=365)


class DunningRowSerializer(serializers.Serializer):
    unit = serializers.CharField()
    owners = serializers.CharField()
    mobiles = serializers.CharField()
    overdue = serializers.DecimalField(max_digits=14, decimal_places=2)
    charges = serializers.IntegerField()
    oldest_due = serializers.DateField()
    days_overdue = serializers.IntegerField()


@extend_schema(
    parameters=[NoticeQuerySerializer],
    responses={
        (200, "application/json"): NoticeSerializer(many=True),
        (200, "application/pdf"): OpenApiTypes.BINARY,
    },
    summary="缴费通知单: the period's charges and earlier arrears per unit (`format=pdf` prints them)",
)
@api_view(["GET"])
@renderer_classes([*api_settings.DEFAULT_RENDERER_CLASSES, PdfRenderer])
def payment_notices(request):
    query = NoticeQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    project = report_projects(request.user, params["project"])[0]
    start, end = period_bounds(start=params["period_start"], months=int(params["months"]))
    rows = notices.payment_notices(project=project, period_start=start, period_end=end)
    if request.accepted_renderer.format == PdfRenderer.format:
        data = notices.payment_notices_pdf(project=project, period_start=start, period_end=end, notices=rows)
        return Response(
            data,
            headers={"Content-Disposition": f'inline; filename="notices-{project.code}-{start:%Y%m}.pdf"'},
        )
    return Response(NoticeSerializer(rows, many=True).data)


@extend_schema(
    parameters=[DunningQuerySerializer],
    responses={
        (200, "application/json"): DunningRowSerializer(many=True),
        (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
    },
    summary="催缴名单: units with charges past due, oldest debt first (`format=xlsx` exports it)",
)
@api_view(["GET"])
@renderer_classes([*api_settings.DEFAULT_RENDERER_CLASSES, XlsxRenderer])
def dunning_list(request):
    query = DunningQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    project = report_projects(request.user, params["project"])[0]
    as_of = params.get("as_of") or timezone.localdate()
    rows = notices.dunning_list(
        project=project, as_of=as_of, user=request.user, grace_days=params.get("grace_days")
    )
    if request.accepted_renderer.format == XlsxRenderer.format:
        data = notices.dunning_workbook(project=project, as_of=as_of, rows=rows)
        return Response(
            data,
            headers={
                "Content-Disposition": f'attachment; filename="dunning-{project.code}-{as_of:%Y%m%d}.xlsx"'
            },
        )
    return Response(DunningRowSerializer(rows, many=True).data)
