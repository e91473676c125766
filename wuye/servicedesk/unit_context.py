"""The service desk's block of a unit's context: its open tickets (registered from apps.ready())."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from wuye.core import access
from wuye.servicedesk.choices import OPEN_STATUSES, Category, Status

SHOWN = 10


def open_tickets_block(user, unit, now) -> dict | None:
    """Tickets of the unit not yet closed or cancelled, newest first (ticket.view in the project)."""
    if not access.has_perm(user, "ticket.view", unit.project_id):
        return None
    from wuye.servicedesk.models import Ticket

    tickets = (
        Ticket.objects.visible_to(user)
        .filter(unit=unit, status__in=OPEN_STATUSES)
        .order_by("-received_at", "-id")
    )
    rows = list(tickets[: SHOWN + 1])
    count = len(rows) if len(rows) <= SHOWN else tickets.count()
    return {
        "count": count,
        "items": [
            {
                "id": ticket.pk,
                "number": ticket.number,
                "category": ticket.category,
                "category_label": ticket.get_category_display(),
                "status": ticket.status,
                "status_label": ticket.get_status_display(),
                "received_at": ticket.received_at,
                "url": reverse("console:ticket-detail", args=[ticket.pk]),
                "api_url": reverse("ticket-detail", args=[ticket.pk]),
            }
            for ticket in rows[:SHOWN]
        ],
    }


class OpenTicketContextSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    category_label = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    received_at = serializers.DateTimeField()
    url = serializers.CharField(help_text="The ticket's console page.")
    api_url = serializers.CharField(help_text="The ticket in this API.")


class OpenTicketsContextSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="All open tickets of the unit; items holds the newest ten.")
    items = OpenTicketContextSerializer(many=True)


def register() -> None:
    from wuye.estate import unit_context

    unit_context.register("open_tickets", open_tickets_block, serializer=OpenTicketsContextSerializer)
