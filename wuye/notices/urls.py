"""The notices console pages (issue 13), included by config/console.py."""

from django.urls import path

from wuye.notices import views

urlpatterns: list = [
    path("notices/", views.notice_list, name="notices"),
    path("notices/new/", views.notice_new, name="notice-new"),
    path("notices/take-down/", views.notice_take_down_list, name="notices-take-down"),
    path("notices/<int:pk>/", views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice-edit"),
    path("notices/<int:pk>/notice.pdf", views.notice_pdf_view, name="notice-pdf"),
    path("notices/<int:pk>/<slug:action>/", views.notice_action, name="notice-action"),
]
