"""The keys console pages (issue 11), included by config/console.py."""

from django.urls import path

from wuye.keys import views

urlpatterns: list = [
    path("keys/", views.key_list, name="keys"),
    path("keys/register/", views.key_register, name="key-register"),
    path("keys/overdue/", views.key_overdue, name="keys-overdue"),
    path("keys/register.pdf", views.key_register_pdf, name="keys-register-pdf"),
    path("keys/<int:pk>/", views.key_detail, name="key-detail"),
    path(
        "keys/<int:pk>/movements/<int:movement_id>/receipt.pdf",
        views.key_receipt_pdf,
        name="key-receipt-pdf",
    ),
    path("keys/<int:pk>/return/", views.key_action, {"action": "return"}, name="key-return"),
    path("keys/<int:pk>/<slug:action>/", views.key_action, name="key-action"),
]
