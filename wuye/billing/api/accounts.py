"""Billing API reads built on the selectors: a unit's account and settlement check, the arrears
ageing report (JSON or Excel) and the cashier's daily close."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.response import Response
from rest_framework.settings import api_settings

from wuye.accounts.models import User
from wuye.billing import excel, reports, selectors
from wuye.billing.api.serializers import accounts as s
from wuye.core import access
from wuye.core.api.mixins import deny_residents, scoped_get
from wuye.core.api.renderers import XlsxRenderer
from wuye.estate.models import Project, Unit

REPORT_PERM = "billing.report"


def _unit_for_reading(request, pk, *, residents: bool) -> Unit:
    """The unit in scope (404 outside); staff need billing.view there, residents their own unit."""
    if request.user.is_resident and not residents:
        deny_residents(request.user)
    unit = scoped_get(Unit, request.user, pk)
    if not request.user.is_resident:
        access.require_perm(request.user, "billing.view", unit.project_id)
    return unit


@extend_schema(
    responses=s.UnitAccountSerializer,
    summary="A unit's account: charges, payments, balance, prepayment credit, deposits held",
)
@api_view(["GET"])
def unit_account(request, pk):
    """Owners and tenants read their own units' account; staff need billing.view in the project."""
    unit = _unit_for_reading(request, pk, residents=True)
    return Response(s.UnitAccountSerializer(selectors.unit_account(unit)).data)


@extend_schema(
    parameters=[s.SettlementQuerySerializer],
    responses=s.SettlementSerializer,
    summary="Are all dues of the unit settled up to a date? (move-out, tenant exit, transfer, deposit refund)",
)
@api_view(["GET"])
def unit_settlement(request, pk):
    unit = _unit_for_reading(request, pk, residents=False)
    query = s.SettlementQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    as_of = query.validated_data.get("as_of") or timezone.localdate()
    return Response(s.SettlementSerializer(selectors.settlement(unit, as_of)).data)


def report_projects(user, project_id: int | None) -> list[Project]:
    """The project asked for (404 outside the scope, 403 without billing.report), or every project
    where the user holds billing.report."""
    deny_residents(user)
    return access.projects_in_scope(user, REPORT_PERM, project_id)


@extend_schema(
    parameters=[s.AgeingQuerySerializer],
    responses={
        (200, "application/json"): s.AgeingReportSerializer,
        (200, excel.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
    },
    summary="欠费账龄: outstanding per unit and fee item by days past due (0–30, 31–90, 91–180, >180)",
)
@api_view(["GET"])
@renderer_classes([*api_settings.DEFAULT_RENDERER_CLASSES, XlsxRenderer])
def arrears_ageing(request):
    """Needs billing.report in the project. `?format=xlsx` returns the same rows as an Excel workbook."""
    query = s.AgeingQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    projects = report_projects(request.user, query.validated_data.get("project"))
    report = reports.ageing_report(
        projects=projects, as_of=query.validated_data.get("as_of") or timezone.localdate()
    )
    if request.accepted_renderer.format == XlsxRenderer.format:
        disposition = f'attachment; filename="{excel.ageing_file_name(report)}"'
        return Response(excel.ageing_workbook(report), headers={"Content-Disposition": disposition})
    return Response(s.AgeingReportSerializer(report).data)


@extend_schema(
    parameters=[s.CashierCloseQuerySerializer],
    responses=s.CashierCloseSerializer,
    summary="Cashier's daily close: takings by method, receipts issued and voided, reconciliation",
)
@api_view(["GET"])
def cashier_close(request):
    query = s.CashierCloseQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    project = report_projects(request.user, params["project"])[0]
    cashier = None
    if params.get("cashier"):
        cashier = User.objects.filter(pk=params["cashier"]).first()
        if cashier is None:
            raise serializers.ValidationError({"cashier": [_("No such user.")]})
    report = reports.close_report(
        project=project, day=params.get("date") or timezone.localdate(), cashier=cashier
    )
    return Response(s.CashierCloseSerializer(report).data)
