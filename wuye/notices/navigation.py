"""Notices' entries in the console sidebar (registered from the app's ready())."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS: tuple[NavItem, ...] = (
    NavItem(
        "notices",
        _("Notice register"),
        "console:notices",
        perm="notices.view",
        weight=10,
        active_prefixes=("/notices/",),
    ),
    NavItem("notices", _("Draft a notice"), "console:notice-new", perm="notices.draft", weight=20),
    NavItem(
        "notices", _("Notices to take down"), "console:notices-take-down", perm="notices.view", weight=30
    ),
)
