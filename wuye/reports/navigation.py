"""The reports' entries in the console sidebar (registered from ReportsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS = (
    NavItem("reports", _("Three rates"), "console:three-rates", perm="report.view", weight=60),
    # the month-end repair-fee statistics: whoever may open it (repair_fees.may_view)
    NavItem(
        "reports",
        _("Repair fees"),
        "console:repair-fees",
        any_perm=("report.view", "billing.report"),
        weight=61,
    ),
)
