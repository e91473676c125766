"""Small pieces the ticket services share: notifications after commit, the handler check, money input."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.errors import BusinessRuleError
from wuye.core.money import to_money
from wuye.notifications.services import notify
from wuye.servicedesk.choices import (
    DEPARTMENT_ROLES,
)
from wuye.servicedesk.models import (
    Ticket,
)

if TYPE_CHECKING:
    pass


def _url(ticket) -> str:
    return f"/tickets/{ticket.pk}/"


def _notify_many(users, *, kind, ticket, title, body="", key):
    def send():
        for user in users:
            notify(
                recipient=user,
                kind=kind,
                title=title,
                body=body,
                ticket=ticket,
                url=_url(ticket),
                dedupe_key=f"{key}:{ticket.pk}",
            )

    transaction.on_commit(send)


def _check_handler(ticket: Ticket, user) -> None:
    roles = access.roles_in(user, ticket.project_id)
    if user.is_superuser or access.is_company_wide(user):
        return
    if not roles & DEPARTMENT_ROLES.get(ticket.department, set()):
        raise BusinessRuleError(
            "not_in_department", _("You do not work in the department this order is dispatched to.")
        )


def _money(value, field: str) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    amount = to_money(value)
    if amount < 0:
        raise ValidationError({field: [_("The amount cannot be negative.")]})
    return amount
