"""The occupancy console pages (issue 11), included by config/console.py."""

from django.urls import path

from wuye.occupancy import views

urlpatterns = [
    path("occupancy/move-ins/", views.move_in_list, name="occupancy-move-ins"),
    path("occupancy/move-ins/new/", views.move_in_new, name="occupancy-move-in-new"),
    path("occupancy/move-ins/<int:pk>/", views.move_in_detail, name="occupancy-move-in"),
    path(
        "occupancy/move-ins/<int:pk>/care-done/", views.move_in_care_done, name="occupancy-move-in-care-done"
    ),
    path(
        "occupancy/move-ins/<int:pk>/notice.pdf",
        views.move_in_notice_pdf,
        name="occupancy-move-in-notice-pdf",
    ),
    path("occupancy/exits/", views.exit_list, name="occupancy-exits"),
    path("occupancy/exits/<int:pk>/form.pdf", views.exit_form_pdf, name="occupancy-exit-form-pdf"),
    path("occupancy/leases/<int:pk>/exit/", views.lease_exit, name="occupancy-lease-exit"),
    path("occupancy/transfers/", views.transfer_list, name="occupancy-transfers"),
    path(
        "occupancy/transfers/<int:pk>/form.pdf", views.transfer_form_pdf, name="occupancy-transfer-form-pdf"
    ),
    path("occupancy/units/<int:pk>/transfer/", views.unit_transfer, name="occupancy-unit-transfer"),
]
