"""The reports' entries in the console sidebar (registered from ReportsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS = (NavItem("reports", _("Three rates"), "console:three-rates", perm="report.view", weight=60),)
