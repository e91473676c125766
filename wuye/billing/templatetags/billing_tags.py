"""Template helpers of the billing console: the billing tabs, money formatting (the sidebar entries are in
wuye/billing/navigation.py)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wuye.core import access

register = template.Library()

#: (url name, label, permission) of the billing pages, in tab order
PAGES = (
    ("console:billing-desk", _("Cashier desk"), "billing.take_payment"),
    ("console:billing-charge-runs", _("Charge runs"), "billing.view"),
    ("console:billing-deposits", _("Deposits"), "billing.view"),
    ("console:billing-meters", _("Meter readings"), "billing.read_meters"),
    ("console:billing-arrears", _("Arrears"), "billing.report"),
    ("console:billing-close", _("Daily close"), "billing.report"),
    ("console:billing-notices", _("Payment notices"), "billing.report"),
    ("console:billing-dunning", _("Dunning list"), "billing.report"),
)


def billing_pages(user, project) -> list[tuple[str, str]]:
    """(url, label) of the billing pages the user may open in the project."""
    if project is None or not user.is_authenticated or user.is_resident:
        return []
    return [(reverse(name), label) for name, label, perm in PAGES if access.has_perm(user, perm, project.pk)]


@register.inclusion_tag("billing/_tabs.html", takes_context=True)
def billing_tabs(context):
    request = context["request"]
    pages = billing_pages(request.user, context.get("current_project"))
    return {"pages": [(url, label, request.path.startswith(url)) for url, label in pages]}


@register.filter
def money(value) -> str:
    """1234.5 → 1,234.50; None or '' → —."""
    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(value):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
