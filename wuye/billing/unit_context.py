"""Billing's block of a unit's context: what the unit owes (registered from apps.ready())."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from wuye.core import access


def arrears_block(user, unit, now) -> dict | None:
    """Outstanding and overdue amounts of the unit (billing.view in the project)."""
    if not access.has_perm(user, "billing.view", unit.project_id):
        return None
    from wuye.billing.selectors import unit_arrears

    data = unit_arrears(unit=unit, as_of=timezone.localdate(now))
    data["url"] = reverse("console:billing-unit", args=[unit.pk])
    return data


class ArrearsContextSerializer(serializers.Serializer):
    outstanding = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Billed and not yet paid."
    )
    overdue = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="The part past its due date."
    )
    oldest_due_date = serializers.DateField(allow_null=True, help_text="Of the overdue part; null when none.")
    open_charges = serializers.IntegerField()
    url = serializers.CharField(help_text="The unit's account in the console.")


def register() -> None:
    from wuye.estate import unit_context

    unit_context.register("arrears", arrears_block, serializer=ArrearsContextSerializer)
