"""Template helpers of the parking console: the top bar's link and the parking tabs."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wuye.accounts import access

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


@register.simple_tag(takes_context=True)
def parking_nav_link(context):
    """The top bar's one link to parking, for staff with parking.view in the current project."""
    request = context.get("request")
    project = context.get("current_project")
    if request is None or project is None or request.user.is_resident:
        return ""
    if not access.has_perm(request.user, "parking.view", project.pk):
        return ""
    if request.path.startswith("/parking/"):
        return format_html('<a href="{}" class="active">{}</a>', reverse("console:parking-spaces"), _("Parking"))
    return format_html('<a href="{}">{}</a>', reverse("console:parking-spaces"), _("Parking"))


@register.inclusion_tag("parking/_tabs.html", takes_context=True)
def parking_tabs(context):
    request = context["request"]
    pages = parking_pages(request.user, context.get("current_project"))
    # the longest matching prefix is the current tab (/parking/ would match every page)
    current = max((url for url, _label in pages if request.path.startswith(url)), key=len, default="")
    return {"pages": [(url, label, url == current) for url, label in pages]}
