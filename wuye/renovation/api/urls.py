"""The renovation API (issue 12), included under /api/v1/ by config/api.py."""

from rest_framework.routers import SimpleRouter

from wuye.renovation.api.views import RenovationViewSet

router = SimpleRouter()
router.register("renovations", RenovationViewSet, basename="renovation")

urlpatterns: list = [*router.urls]
