"""Handover's entries in the console sidebar (registered from the app's ready())."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS: tuple[NavItem, ...] = (
    NavItem(
        "estate",
        _("Handover batches"),
        "console:handover-batches",
        perm="handover.view",
        weight=52,
        active_prefixes=("/handover/batches/", "/handover/units/"),
    ),
    NavItem("estate", _("Handover defects"), "console:handover-defects", perm="handover.view", weight=53),
)
