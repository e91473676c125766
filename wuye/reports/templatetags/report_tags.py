from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pct(value, places: int = 1) -> str:
    """0.8571 → 85.7%; None → —."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) * 100:.{int(places)}f}%"


@register.filter
def figures_in_order(item, kpis) -> list:
    """A row's (or trend point's) figures in the order of the KPI columns."""
    return [item.figures[kpi.key] for kpi in kpis]
