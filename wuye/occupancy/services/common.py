"""What the occupancy services share: the staff a notice goes to, a refusal naming what is missing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wuye.accounts.selectors import project_staff  # noqa: F401  (re-exported)
from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.notifications.services import (
    notify_after_commit,  # noqa: F401  (re-exported)
)

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
