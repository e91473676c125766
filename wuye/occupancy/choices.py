"""Statuses of the occupancy procedures and the moves each may make (checked in services)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OccupantKind(models.TextChoices):
    """Who moves in (seed 000 §3): the owner, or a tenant with the owner's letter and the lease."""

    OWNER = "owner", _("Owner")
    TENANT = "tenant", _("Tenant")


class CareStatus(models.TextChoices):
    """The VIP care task of a move-in (flowers and a card, seed 000 §3)."""

    NONE = "none", _("Not needed")
    OPEN = "open", _("To do")
    DONE = "done", _("Done")


CARE_TRANSITIONS: dict[str, frozenset[str]] = {
    CareStatus.NONE: frozenset(),
    CareStatus.OPEN: frozenset({CareStatus.DONE}),
    CareStatus.DONE: frozenset(),
}


class OwnerConsent(models.TextChoices):
    """The owner's answer to a tenant's exit (seed 000 §20 step 3)."""

    NOT_ASKED = "not_asked", _("Not asked yet")
    AGREED = "agreed", _("Agreed")
    REFUSED = "refused", _("Refused")


class ExitStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# A waiting exit completes once nothing is outstanding, or is withdrawn; a completed one is final.
EXIT_TRANSITIONS: dict[str, frozenset[str]] = {
    ExitStatus.WAITING: frozenset({ExitStatus.WAITING, ExitStatus.COMPLETED, ExitStatus.CANCELLED}),
    ExitStatus.COMPLETED: frozenset(),
    ExitStatus.CANCELLED: frozenset(),
}
