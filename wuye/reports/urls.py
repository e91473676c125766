"""Console pages of this module, included in the `console` namespace by config/console.py."""

from django.urls import path

from wuye.reports import views

urlpatterns = [
    path("reports/three-rates/", views.three_rates, name="three-rates"),
    path("reports/repair-fees/", views.repair_fees_report, name="repair-fees"),
]
