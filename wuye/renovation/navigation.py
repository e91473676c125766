"""Renovation's entries in the console sidebar (registered from the app's ready())."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS: tuple[NavItem, ...] = (
    NavItem("renovation", _("Renovation register"), "console:renovations", perm="renovation.view", weight=47),
    NavItem(
        "renovation",
        _("New renovation application"),
        "console:renovation-new",
        perm="renovation.manage",
        weight=48,
    ),
    NavItem(
        "renovation", _("Renovation board"), "console:renovation-board", perm="renovation.view", weight=49
    ),
)
