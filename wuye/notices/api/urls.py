"""The notices API (issue 13), included under /api/v1/ by config/api.py."""

from rest_framework.routers import SimpleRouter

from wuye.notices.api.views import NoticeViewSet

router = SimpleRouter()
router.register("notices", NoticeViewSet, basename="notice")

urlpatterns: list = [*router.urls]
