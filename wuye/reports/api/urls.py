"""API routes of this module, included under /api/v1/ by config/api.py."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = [*router.urls]
