"""The handover reports in the API: the daily handover report (交房日报表) and the handover summary
(房屋交接汇总报表), the figures of the console pages and their Excel, from the same selectors."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from wuye.core import access
from wuye.core.api.mixins import deny_residents
from wuye.estate.models import Project
from wuye.handover import selectors
from wuye.handover.api import serializers as s
from wuye.handover.models import HandoverBatch

VIEW_PERM = "handover.view"


def project_in_scope(user, project_id: int) -> Project:
    """The project named by the query: 404 outside the user's scope, 403 without handover.view."""
    deny_residents(user)
    project = Project.objects.visible_to(user).filter(pk=project_id).first()
    if project is None:
        raise Http404("project")
    access.require_perm(user, VIEW_PERM, project.pk)
    return project


def batch_of(project: Project, batch_id: int) -> HandoverBatch:
    """A batch of the project (another project's batch does not exist here: 404)."""
    batch = HandoverBatch.objects.filter(project=project, pk=batch_id).select_related("project").first()
    if batch is None:
        raise Http404("batch")
    return batch


@extend_schema(
    parameters=[s.HandoverDailyQuerySerializer],
    responses=s.HandoverDailyReportSerializer,
    summary="交房日报表: the units handed over on a day with owners, fees and keys, and each batch's totals",
)
@api_view(["GET"])
def handover_daily(request):
    """Needs handover.view in the project. One report per batch: the batch named by `batch`, or the
    project's batches whose handover date has come by the day (and any that handed a unit over
    that day). The console's daily report page and its Excel show the same figures."""
    query = s.HandoverDailyQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    project = project_in_scope(request.user, params["project"])
    batch = batch_of(project, params["batch"]) if params.get("batch") else None
    report = selectors.project_daily_report(project, params.get("date") or timezone.localdate(), batch=batch)
    return Response(s.HandoverDailyReportSerializer(report).data)


@extend_schema(
    parameters=[s.HandoverSummaryQuerySerializer],
    responses=s.HandoverSummarySerializer,
    summary="房屋交接汇总报表: every unit of a batch, handed over or not taken with the reason",
)
@api_view(["GET"])
def handover_summary(request):
    """Needs handover.view in the project; the batch must be one of the project's (else 404). The
    console's summary page and its Excel show the same rows."""
    query = s.HandoverSummaryQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    project = project_in_scope(request.user, query.validated_data["project"])
    batch = batch_of(project, query.validated_data["batch"])
    return Response(s.HandoverSummarySerializer(selectors.summary(batch)).data)
