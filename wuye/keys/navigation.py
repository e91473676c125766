"""Key custody's entries in the console sidebar (registered from the app's ready())."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS: tuple[NavItem, ...] = (
    NavItem("keys", _("Key register"), "console:keys", perm="keys.view", weight=55),
    NavItem("keys", _("Overdue keys"), "console:keys-overdue", perm="keys.view", weight=56),
)
