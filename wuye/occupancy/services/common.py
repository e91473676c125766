"""What the occupancy services share: the staff a notice goes to, a refusal naming what is missing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wuye.accounts.models import RoleAssignment
from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.notifications.services import notify

#: 入住知会单 (seed 000 §3 step 3): security, engineering, cleaning (customer service) and the cashier
NOTICE_ROLES = frozenset(
    {
        Role.SECURITY_LEAD,
        Role.SECURITY,
        Role.ENGINEERING_LEAD,
        Role.ENGINEER,
        Role.CS_SUPERVISOR,
        Role.CASHIER,
    }
)


def project_staff(project_id: int, roles) -> list:
    """Active users holding any of `roles` in the project, in id order."""
    ids = (
        RoleAssignment.objects.active()
        .filter(Q(project_id=project_id, role__in=set(roles)))
        .values("user_id")
    )
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def notify_after_commit(users, *, kind: str, title: str, body: str, key: str, url: str = "") -> None:
    """Put one message per user in the outbox once the procedure is committed (never for a rollback)."""

    def send():
        for user in users:
            notify(recipient=user, kind=kind, title=title, body=body, dedupe_key=key, url=url)

    transaction.on_commit(send)


def describe_missing(missing: dict[str, list[str]]) -> str:
    """What is missing in words (each item's message), never the internal field codes."""
    return "; ".join(str(message) for messages in missing.values() for message in messages)


def refuse_if_missing(code: str, missing: dict[str, list[str]]) -> None:
    """One refusal naming everything missing, each under its own code (the API's `fields`)."""
    if missing:
        raise BusinessRuleError(
            code,
            _("Not yet possible; outstanding: %(items)s.") % {"items": describe_missing(missing)},
            missing,
        )


#: the person fields a move-in's tenant form and a transfer's new-owner form pass to estate's services
PERSON_INFO_FIELDS = (
    "name",
    "id_type",
    "id_number",
    "mobile",
    "emergency_contact",
    "emergency_mobile",
    "birthday",
    "company",
)
