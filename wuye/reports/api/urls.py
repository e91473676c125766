"""API routes of this module, included under /api/v1/ by config/api.py."""

from django.urls import path

from wuye.reports.api import views

urlpatterns = [
    path("reports/three-rates/", views.three_rates, name="api-report-three-rates"),
    path("reports/repair-fees/", views.repair_fees_report, name="api-report-repair-fees"),
]
