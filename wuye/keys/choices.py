"""Key sources, states, movement kinds and the allowed state moves (seed 000 §23, spec 01)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KeySource(models.TextChoices):
    DEVELOPER = "developer", _("Handed over by the developer")
    NOT_TAKEN = "not_taken", _("Unit not yet taken by the owner")
    OWNER_ENTRUSTED = "owner_entrusted", _("Entrusted by the owner (vacant unit)")
    RECTIFICATION = "rectification", _("Kept for rectification (owner's consent)")


#: keys a person gave into custody: they go back only to that person or the unit's verified owner
ENTRUSTED_SOURCES = frozenset({KeySource.OWNER_ENTRUSTED, KeySource.RECTIFICATION})


class KeyState(models.TextChoices):
    IN_STORE = "in_store", _("In the locked cabinet")
    VIEWING = "viewing", _("Out for a viewing (with staff)")
    BORROWED = "borrowed", _("Borrowed by staff")
    ISSUED = "issued", _("Handed to the owner")
    RELEASED = "released", _("Released by approval")


S = KeyState
#: keys out of the cabinet that must come back (viewings and internal loans)
OUT_STATES = frozenset({S.VIEWING, S.BORROWED})
#: keys no longer in the company's custody
CLOSED_STATES = frozenset({S.ISSUED, S.RELEASED})

TRANSITIONS: dict[str, frozenset[str]] = {
    S.IN_STORE: frozenset({S.VIEWING, S.BORROWED, S.ISSUED, S.RELEASED}),
    S.VIEWING: frozenset({S.IN_STORE}),
    S.BORROWED: frozenset({S.IN_STORE}),
    S.ISSUED: frozenset(),
    S.RELEASED: frozenset(),
}


class MovementKind(models.TextChoices):
    REGISTERED = "registered", _("Registered into custody")
    ENTRUSTED = "entrusted", _("Entrusted into custody")
    ISSUED = "issued", _("Handed to the owner")
    VIEWING = "viewing", _("Taken out for a viewing")
    BORROWED = "borrowed", _("Lent to staff")
    RETURNED = "returned", _("Returned to the cabinet")
    RELEASED = "released", _("Released by approval")


M = MovementKind
#: movements a person signs for as the key changes hands: each has a printable key receipt (钥匙签收单)
RECEIPT_KINDS = frozenset({M.ENTRUSTED, M.ISSUED, M.VIEWING, M.BORROWED, M.RETURNED, M.RELEASED})
#: of those, the key comes into custody: the other party hands it to the keeper
INCOMING_KINDS = frozenset({M.ENTRUSTED, M.RETURNED})


class ReleaseStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approvals")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RELEASED = "released", _("Key released")


OPEN_RELEASE_STATUSES = frozenset({ReleaseStatus.PENDING, ReleaseStatus.APPROVED})
