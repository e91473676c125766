"""Billing's entries in the console sidebar (registered from BillingConfig.ready).

Meter readings sit with engineering: engineers read the meters, the cashier bills them.
"""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS = (
    NavItem(
        "billing",
        _("Cashier desk"),
        "console:billing-desk",
        perm="billing.take_payment",
        weight=30,
        active_prefixes=("/billing/units/", "/billing/receipts/"),
    ),
    NavItem("billing", _("Charge runs"), "console:billing-charge-runs", perm="billing.view", weight=31),
    NavItem("billing", _("Deposits"), "console:billing-deposits", perm="billing.view", weight=32),
    NavItem("billing", _("Arrears"), "console:billing-arrears", perm="billing.report", weight=33),
    NavItem("billing", _("Daily close"), "console:billing-close", perm="billing.report", weight=34),
    NavItem("billing", _("Payment notices"), "console:billing-notices", perm="billing.report", weight=35),
    NavItem("billing", _("Dunning list"), "console:billing-dunning", perm="billing.report", weight=36),
    NavItem(
        "engineering", _("Meter readings"), "console:billing-meters", perm="billing.read_meters", weight=25
    ),
)
