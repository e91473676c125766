"""API routes of parking, included under /api/v1/parking/ by config/api.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from wuye.parking.api import views

router = SimpleRouter()
router.register("spaces", views.ParkingSpaceViewSet, basename="parking-space")
router.register("vehicles", views.VehicleViewSet, basename="parking-vehicle")
router.register("rentals", views.RentalViewSet, basename="parking-rental")
router.register("cards", views.CardViewSet, basename="parking-card")
router.register("sessions", views.SessionViewSet, basename="parking-session")

urlpatterns = [
    path("fee-quote/", views.fee_quote, name="api-parking-fee-quote"),
    *router.urls,
]
