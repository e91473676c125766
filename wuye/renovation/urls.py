"""The renovation console pages (issue 12), included by config/console.py."""

from django.urls import path

from wuye.renovation import views

urlpatterns: list = [
    path("renovations/", views.renovation_list, name="renovations"),
    path("renovations/new/", views.renovation_new, name="renovation-new"),
    path("renovations/board/", views.renovation_board, name="renovation-board"),
    path("renovations/<int:pk>/", views.renovation_detail, name="renovation"),
    path("renovations/<int:pk>/board-patrol/", views.board_patrol, name="renovation-board-patrol"),
    path("renovations/<int:pk>/permit.pdf", views.permit_pdf, name="renovation-permit-pdf"),
    path(
        "renovations/<int:pk>/entry-confirmation.pdf",
        views.entry_confirmation_pdf,
        name="renovation-entry-pdf",
    ),
    path("renovations/<int:pk>/refund-memo.pdf", views.refund_memo_pdf, name="renovation-refund-memo-pdf"),
    path(
        "renovations/<int:pk>/violations/<int:vid>/notice.pdf",
        views.violation_notice_pdf,
        name="renovation-violation-notice-pdf",
    ),
    path("renovations/<int:pk>/do/<slug:action>/", views.renovation_action, name="renovation-action"),
]
