"""The estate registry's entries in the console sidebar (registered from EstateConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS = (
    NavItem("estate", _("Units"), "console:unit-list", weight=50),
    NavItem("estate", _("My units"), "console:unit-list", staff=False, resident=True, weight=50),
    NavItem("estate", _("Owners"), "console:owner-list", perm="people.view", weight=51),
    NavItem("estate", _("Roster import"), "console:roster-import", perm="roster.import", weight=52),
)
