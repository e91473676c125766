"""The handover API (issue 11), included under /api/v1/ by config/api.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from wuye.handover.api import reports, views

router = SimpleRouter()
router.register("handover-batches", views.HandoverBatchViewSet, basename="handover-batch")
router.register("handovers", views.HandoverViewSet, basename="handover")
router.register("handover-defects", views.DefectViewSet, basename="handover-defect")

urlpatterns = [
    path("reports/handover-daily/", reports.handover_daily, name="api-report-handover-daily"),
    path("reports/handover-summary/", reports.handover_summary, name="api-report-handover-summary"),
    *router.urls,
]
