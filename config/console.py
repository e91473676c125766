"""URLs of the staff console (namespace `console`)."""

from django.urls import include, path

from wuye.accounts import views as accounts
from wuye.core import views as core
from wuye.estate import views as estate

urlpatterns = [
    path("", core.home, name="home"),
    path("project/switch/", accounts.switch_project, name="switch-project"),
    path("calendar/", core.calendar_page, name="calendar"),
    path("units/", estate.unit_list, name="unit-list"),
    path("units/<int:pk>/", estate.unit_detail, name="unit-detail"),
    path("owners/", estate.owner_list, name="owner-list"),
    path("owners/<int:pk>/", estate.owner_detail, name="owner-detail"),
    path("roster-import/", estate.roster_import_page, name="roster-import"),
    path("", include("wuye.servicedesk.urls")),
    path("", include("wuye.reports.urls")),
    path("", include("wuye.billing.urls")),
    path("", include("wuye.parking.urls")),
    path("", include("wuye.keys.urls")),
    path("", include("wuye.handover.urls")),
    path("", include("wuye.occupancy.urls")),
    path("", include("wuye.census.urls")),
    path("", include("wuye.renovation.urls")),
    path("", include("wuye.frontdesk.urls")),
    path("", include("wuye.notices.urls")),
]
