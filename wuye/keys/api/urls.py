"""The keys API (issue 11), included under /api/v1/ by config/api.py."""

from rest_framework.routers import SimpleRouter

from wuye.keys.api.views import KeyViewSet

router = SimpleRouter()
router.register("keys", KeyViewSet, basename="key")

urlpatterns: list = [*router.urls]
