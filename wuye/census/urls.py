"""The census console pages (issue 11), included by config/console.py."""

from django.urls import path

from wuye.census import views

urlpatterns = [
    path("census/", views.report, name="census-report"),
    path("census/mine/", views.my_censuses, name="census-mine"),
    path("census/reports/", views.report_list, name="census-reports"),
    path("census/open/", views.month_open, name="census-open"),
    path("census/sign-off/", views.sign_off, name="census-sign-off"),
    path("census/<int:pk>/assign/", views.assign, name="census-assign"),
    path("census/<int:pk>/confirm/", views.confirm, name="census-confirm"),
]
