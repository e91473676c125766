"""The handover API (issue 11), included under /api/v1/ by config/api.py."""

from rest_framework.routers import SimpleRouter

from wuye.handover.api import views

router = SimpleRouter()
router.register("handover-batches", views.HandoverBatchViewSet, basename="handover-batch")
router.register("handovers", views.HandoverViewSet, basename="handover")
router.register("handover-defects", views.DefectViewSet, basename="handover-defect")

urlpatterns = router.urls
