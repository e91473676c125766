"""Template helpers for accounts: a role code shown as its name (`cs_assistant` → 客服助理)."""

from django import template

from wuye.accounts.choices import Role

register = template.Library()


@register.filter
def role_label(code) -> str:
    """The Role enum's label for a role code; an unknown code is shown as it is."""
    try:
        return Role(code).label
    except ValueError:
        return str(code)
