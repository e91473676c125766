"""API routes of billing, included under /api/v1/ by config/api.py.

A unit's account and settlement hang under /units/<id>/ as extra routes, so the estate
UnitViewSet stays as it is."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from wuye.billing.api import accounts, notices, payments, views

router = SimpleRouter()
router.register("fee-items", views.FeeItemViewSet, basename="fee-item")
router.register("meters", views.MeterViewSet, basename="meter")
router.register("meter-readings", views.MeterReadingViewSet, basename="meter-reading")
router.register("charge-runs", views.ChargeRunViewSet, basename="charge-run")
router.register("charges", views.ChargeViewSet, basename="charge")
router.register("payments", payments.PaymentViewSet, basename="payment")
router.register("receipts", payments.ReceiptViewSet, basename="receipt")
router.register("deposits", payments.DepositViewSet, basename="deposit")

urlpatterns = [
    path("units/<int:pk>/account/", accounts.unit_account, name="api-unit-account"),
    path("units/<int:pk>/settlement/", accounts.unit_settlement, name="api-unit-settlement"),
    path("bank-imports/", payments.BankImportView.as_view(), name="api-bank-import"),
    path("reports/arrears-ageing/", accounts.arrears_ageing, name="api-report-arrears-ageing"),
    path("reports/cashier-close/", accounts.cashier_close, name="api-report-cashier-close"),
    path("reports/dunning-list/", notices.dunning_list, name="api-report-dunning-list"),
    path("payment-notices/", notices.payment_notices, name="api-payment-notices"),
    *router.urls,
]
