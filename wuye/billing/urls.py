"""Console pages of billing, included in the `console` namespace by config/console.py."""

from django.urls import path

from wuye.billing import views

urlpatterns = [
    path("billing/", views.billing_home, name="billing-home"),
    path("billing/desk/", views.desk, name="billing-desk"),
    path("billing/units/<int:pk>/", views.unit_account, name="billing-unit"),
    path("billing/receipts/<int:pk>/", views.receipt_detail, name="billing-receipt"),
    path("billing/receipts/<int:pk>/pdf/", views.receipt_print, name="billing-receipt-pdf"),
    path("billing/receipts/<int:pk>/void/", views.receipt_void, name="billing-receipt-void"),
    path("billing/charge-runs/", views.charge_runs, name="billing-charge-runs"),
    path("billing/charge-runs/commit/", views.charge_run_commit, name="billing-charge-run-commit"),
    path("billing/deposits/", views.deposit_list, name="billing-deposits"),
    path("billing/deposits/<int:pk>/", views.deposit_detail, name="billing-deposit"),
    path("billing/deposits/<int:pk>/refund/", views.deposit_refund, name="billing-deposit-refund"),
    path("billing/deposits/<int:pk>/decide/", views.deposit_decide, name="billing-deposit-decide"),
    path("billing/deposits/<int:pk>/memo/", views.deposit_memo, name="billing-deposit-memo"),
    path("billing/meters/", views.meter_readings, name="billing-meters"),
    path("billing/meters/install/", views.meter_install, name="billing-meter-install"),
    path("billing/meters/<int:pk>/replace/", views.meter_replace, name="billing-meter-replace"),
    path("billing/arrears/", views.arrears, name="billing-arrears"),
    path("billing/close/", views.cashier_close, name="billing-close"),
    path("billing/notices/", views.payment_notices, name="billing-notices"),
    path("billing/dunning/", views.dunning, name="billing-dunning"),
]
