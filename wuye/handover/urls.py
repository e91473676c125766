"""The handover console pages (issue 11), included by config/console.py."""

from django.urls import path

from wuye.handover import views

urlpatterns = [
    path("handover/", views.batch_list, name="handover-batches"),
    path("handover/batches/<int:pk>/", views.batch_detail, name="handover-batch"),
    path("handover/batches/<int:pk>/assign/", views.checklist_assign, name="handover-checklist-assign"),
    path("handover/batches/<int:pk>/reschedule/", views.batch_reschedule, name="handover-reschedule"),
    path("handover/batches/<int:pk>/daily/", views.daily_report, name="handover-daily"),
    path("handover/batches/<int:pk>/summary/", views.summary, name="handover-summary"),
    path("handover/batches/<int:batch_pk>/start/", views.handover_start, name="handover-start"),
    path("handover/checklist/<int:pk>/done/", views.checklist_done, name="handover-checklist-done"),
    path("handover/units/<int:pk>/", views.handover_detail, name="handover"),
    path("handover/units/<int:pk>/step/", views.handover_step, name="handover-step"),
    path("handover/units/<int:pk>/finish/", views.handover_finish, name="handover-finish"),
    path("handover/units/<int:pk>/not-taken/", views.handover_not_taken, name="handover-not-taken"),
    path("handover/units/<int:pk>/defects/", views.defect_new, name="handover-defect-new"),
    path("handover/units/<int:pk>/form.pdf", views.handover_form_pdf, name="handover-form-pdf"),
    path("handover/units/<int:pk>/receipt.pdf", views.document_receipt_pdf, name="handover-receipt-pdf"),
    path("handover/defects/", views.defect_list, name="handover-defects"),
    path("handover/defects/<int:pk>/close/", views.defect_close, name="handover-defect-close"),
]
