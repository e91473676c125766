"""The occupancy API (issue 11), included under /api/v1/ by config/api.py (after the main router,
whose `units` and `leases` resources the two procedure routes extend)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from wuye.occupancy.api import views

router = SimpleRouter()
router.register("move-ins", views.MoveInViewSet, basename="move-in")
router.register("tenant-exits", views.TenantExitViewSet, basename="tenant-exit")
router.register("ownership-transfers", views.TransferViewSet, basename="ownership-transfer")

urlpatterns = [
    path("leases/<int:pk>/exit/", views.LeaseExitView.as_view(), name="lease-exit"),
    path("units/<int:pk>/transfer/", views.UnitTransferView.as_view(), name="unit-transfer"),
    *router.urls,
]
