"""Parking's entries in the console sidebar (registered from ParkingConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem

ITEMS = (
    NavItem("parking", _("Spaces"), "console:parking-spaces", perm="parking.view", weight=40),
    NavItem("parking", _("Monthly rentals"), "console:parking-rentals", perm="parking.view", weight=41),
    NavItem("parking", _("IC cards"), "console:parking-cards", perm="parking.view", weight=42),
    NavItem("parking", _("Gate"), "console:parking-gate", perm="parking.gate", weight=43),
    NavItem("parking", _("Monday list"), "console:parking-weekly", perm="parking.view", weight=44),
)
