"""Move-in, exit and transfer's entries in the console sidebar (registered from the app's ready())."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS: tuple[NavItem, ...] = (
    NavItem("estate", _("Move-ins"), "console:occupancy-move-ins", perm="occupancy.view", weight=55),
    NavItem("estate", _("Tenant exits"), "console:occupancy-exits", perm="occupancy.view", weight=56),
    NavItem(
        "estate", _("Ownership transfers"), "console:occupancy-transfers", perm="occupancy.view", weight=57
    ),
)
