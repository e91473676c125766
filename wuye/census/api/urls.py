"""The census API (issue 11), included under /api/v1/ by config/api.py. The reports app serves
other paths under reports/ (three-rates, repair-fees); these are the occupancy report's."""

from django.urls import path

from wuye.census.api import views

urlpatterns = [
    path("reports/occupancy/", views.occupancy_report, name="api-occupancy-report"),
    path(
        "reports/occupancy/sign-off/",
        views.occupancy_report_sign_off,
        name="api-occupancy-report-sign-off",
    ),
    path("occupancy-census/<int:pk>/confirm/", views.census_confirm, name="occupancy-census-confirm"),
]
