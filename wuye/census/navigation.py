"""Occupancy census's entries in the console sidebar (registered from the app's ready())."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS: tuple[NavItem, ...] = (
    NavItem("reports", _("Monthly occupancy report"), "console:census-report", perm="census.view", weight=65),
)
