"""Template helpers of the parking console: the parking tabs (the sidebar entries are in
wuye/parking/navigation.py)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wuye.core import access

register = template.Library()

#: (url name, label, permission) of the parking pages, in tab order
PAGES = (
    ("console:parking-spaces", _("Spaces"), "parking.view"),
    ("console:parking-rentals", _("Monthly rentals"), "parking.view"),
    ("console:parking-cards", _("IC cards"), "parking.view"),
    ("console:parking-gate", _("Gate"), "parking.gate"),
    ("console:parking-weekly", _("Monday list"), "parking.view"),
)


def parking_pages(user, project) -> list[tuple[str, str]]:
    if project is None or not user.is_authenticated or user.is_resident:
        return []
    return [(reverse(name), label) for name, label, perm in PAGES if access.has_perm(user, perm, project.pk)]


@register.inclusion_tag("parking/_tabs.html", takes_context=True)
def parking_tabs(context):
    request = context["request"]
    pages = parking_pages(request.user, context.get("current_project"))
    # the longest matching prefix is the current tab (/parking/ would match every page)
    current = max((url for url, _label in pages if request.path.startswith(url)), key=len, default="")
    return {"pages": [(url, label, url == current) for url, label in pages]}
