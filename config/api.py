"""The /api/v1/ router: every module registers its resources here."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wuye.accounts.api import views as accounts
from wuye.core.api import views as core
from wuye.estate.api import views as estate

router = DefaultRouter()
router.register("projects", estate.ProjectViewSet, basename="project")
router.register("buildings", estate.BuildingViewSet, basename="building")
router.register("units", estate.UnitViewSet, basename="unit")
router.register("public-areas", estate.PublicAreaViewSet, basename="public-area")
router.register("owners", estate.OwnerViewSet, basename="owner")
router.register("tenants", estate.TenantViewSet, basename="tenant")
router.register("ownerships", estate.OwnershipViewSet, basename="ownership")
router.register("leases", estate.LeaseViewSet, basename="lease")
router.register("users", accounts.UserViewSet, basename="user")
router.register("assignments", accounts.AssignmentViewSet, basename="assignment")
router.register("calendar-days", core.CalendarDayViewSet, basename="calendar-day")

urlpatterns = [
    path("auth/token/", accounts.obtain_token, name="api-token"),
    path("auth/logout/", accounts.logout, name="api-logout"),
    path("me/", accounts.me, name="api-me"),
    path("calendar/check/", core.calendar_check, name="api-calendar-check"),
    path("", include(router.urls)),
    path("", include("wuye.servicedesk.api.urls")),
    path("", include("wuye.reports.api.urls")),
    path("", include("wuye.billing.api.urls")),
    path("parking/", include("wuye.parking.api.urls")),
    path("", include("wuye.keys.api.urls")),
    path("", include("wuye.handover.api.urls")),
    path("", include("wuye.occupancy.api.urls")),
    path("", include("wuye.census.api.urls")),
    path("", include("wuye.renovation.api.urls")),
    path("", include("wuye.frontdesk.api.urls")),
    path("", include("wuye.notices.api.urls")),
]
