"""API routes of this module, included under /api/v1/ by config/api.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from wuye.notifications.api import views as notifications
from wuye.servicedesk.api import views

router = SimpleRouter()
router.register("tickets", views.TicketViewSet, basename="ticket")
router.register("service-menu", views.ServiceMenuItemViewSet, basename="service-menu-item")
router.register("contact-logs", views.ContactLogViewSet, basename="contact-log")
router.register("customer-visits", views.CustomerVisitViewSet, basename="customer-visit")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("desk-duty", views.DeskDutyViewSet, basename="desk-duty")

urlpatterns = [
    *router.urls,
    path(
        "projects/<int:project_id>/deadline-settings/",
        views.DeadlineSettingsView.as_view(),
        name="deadline-settings",
    ),
    path("projects/<int:project_id>/butler-areas/", views.ButlerAreaView.as_view(), name="butler-areas"),
]
