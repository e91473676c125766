"""Console pages of parking, included in the `console` namespace by config/console.py."""

from django.urls import path

from wuye.parking import views

urlpatterns = [
    path("parking/", views.space_list, name="parking-spaces"),
    path("parking/spaces/new/", views.space_new, name="parking-space-new"),
    path("parking/rentals/", views.rental_list, name="parking-rentals"),
    path("parking/rentals/new/", views.rent, name="parking-rent"),
    path(
        "parking/rentals/<int:pk>/collect-cash/",
        views.rental_collect_cash,
        name="parking-rental-collect-cash",
    ),
    path("parking/rentals/vehicles/new/", views.vehicle_new, name="parking-vehicle-new"),
    path("parking/cards/", views.card_list, name="parking-cards"),
    path("parking/cards/issue/", views.card_issue, name="parking-card-issue"),
    path("parking/cards/<int:pk>/return/", views.card_return, name="parking-card-return"),
    path("parking/gate/", views.gate, name="parking-gate"),
    path("parking/gate/open/", views.session_open, name="parking-session-open"),
    path("parking/gate/<int:pk>/", views.session_detail, name="parking-session"),
    path("parking/gate/<int:pk>/close/", views.session_close, name="parking-session-close"),
    path("parking/weekly/", views.weekly, name="parking-weekly"),
]
