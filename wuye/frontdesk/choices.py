"""Front desk and gate (seed 000 §4, §14; seed 001, 003; spec 05): release passes and their moves,
carriers, mail kinds, storage categories, lending outcomes, shift hand-overs."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- release passes (放行条) ----------------------------------------------------------------------


class PassKind(models.TextChoices):
    MOVING_OUT = "moving_out", _("Moving out")
    TEMPORARY = "temporary", _("Temporary carrying")


class CarrierKind(models.TextChoices):
    OWNER = "owner", _("The owner")
    TENANT = "tenant", _("A tenant")
    FAMILY = "family", _("A family member")
    CHILD = "child", _("A child")
    NANNY = "nanny", _("Nanny or housekeeper")
    WORKER = "worker", _("A worker")
    EMPLOYEE = "employee", _("A company employee")


class ConsentParty(models.TextChoices):
    OWNER = "owner", _("The owner")
    COMPANY = "company", _("The company's responsible person")


class ConsentAnswer(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    REFUSED = "refused", _("Refused")
    UNREACHABLE = "unreachable", _("Could not be reached")


class PassStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    APPROVED = "approved", _("Issued, valid on its day")
    USED = "used", _("Released at the gate")
    EXPIRED = "expired", _("Expired unused")
    CANCELLED = "cancelled", pgettext_lazy("release pass", "Cancelled")


P = PassStatus
PASS_TRANSITIONS: dict[str, frozenset[str]] = {
    P.DRAFT: frozenset({P.APPROVED, P.CANCELLED}),
    P.APPROVED: frozenset({P.USED, P.EXPIRED, P.CANCELLED}),
    P.USED: frozenset(),
    P.EXPIRED: frozenset(),
    P.CANCELLED: frozenset(),
}
#: every issued pass ends in one of these (spec 05: passes are never lost)
PASS_FINAL = frozenset({P.USED, P.EXPIRED, P.CANCELLED})


# --- visitors, mail ---------------------------------------------------------------------------------


class HostConfirmation(models.TextChoices):
    PHONE = "phone", _("By phone")
    INTERCOM = "intercom", _("By intercom")
    IN_PERSON = "in_person", _("Host came to the desk")


class MailKind(models.TextChoices):
    REGISTERED = "registered", _("Registered letter")
    PARCEL = "parcel", _("Parcel")
    EXPRESS = "express", _("Express / EMS")
    REMITTANCE = "remittance", _("Remittance or parcel slip")
    MAGAZINE = "magazine", _("Magazine")
    OTHER = "other", _("Other important mail")


class MailStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for collection")
    COLLECTED = "collected", _("Collected")
    RETURNED = "returned", _("Returned to sender")


MAIL_TRANSITIONS: dict[str, frozenset[str]] = {
    MailStatus.WAITING: frozenset({MailStatus.COLLECTED, MailStatus.RETURNED}),
    MailStatus.COLLECTED: frozenset(),
    MailStatus.RETURNED: frozenset(),
}


class SubscriptionKind(models.TextChoices):
    NEWSPAPER = "newspaper", _("Newspaper")
    MAGAZINE = "magazine", _("Magazine")


# --- storage and lending ------------------------------------------------------------------------------


class StorageCategory(models.TextChoices):
    """What people leave at the desk. The refused ones are a project setting
    (frontdesk.refused_storage), by default the list of seed 000 §14."""

    LUGGAGE = "luggage", _("Luggage and bags")
    PARCEL = "parcel", _("Parcels and boxes")
    DOCUMENTS = "documents", _("Ordinary documents")
    CLOTHING = "clothing", _("Clothing")
    KEYS = "keys", _("Keys handed for someone")
    OTHER = "other", _("Other")
    PERISHABLE = "perishable", _("Perishable food")
    IMPORTANT_DOCUMENTS = "important_documents", _("Important documents")
    CASH = "cash", _("Cash")
    VOUCHERS = "vouchers", _("Vouchers and coupons")
    PRECISION = "precision", _("Precision instruments")
    FRAGILE = "fragile", _("Fragile glassware")
    VALUABLES = "valuables", _("Valuables")
    DANGEROUS = "dangerous", _("Dangerous goods")


DEFAULT_REFUSED_STORAGE = (
    StorageCategory.PERISHABLE,
    StorageCategory.IMPORTANT_DOCUMENTS,
    StorageCategory.CASH,
    StorageCategory.VOUCHERS,
    StorageCategory.PRECISION,
    StorageCategory.FRAGILE,
    StorageCategory.VALUABLES,
    StorageCategory.DANGEROUS,
)


class StorageStatus(models.TextChoices):
    STORED = "stored", _("Stored")
    PICKED_UP = "picked_up", _("Picked up")


class LendableState(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LENT = "lent", _("Lent")
    REPAIR = "repair", _("Being repaired")
    LOST = "lost", _("Lost")
    RETIRED = "retired", _("Retired")


LENDABLE_TRANSITIONS: dict[str, frozenset[str]] = {
    LendableState.AVAILABLE: frozenset({LendableState.LENT, LendableState.RETIRED, LendableState.REPAIR}),
    LendableState.LENT: frozenset({LendableState.AVAILABLE, LendableState.REPAIR, LendableState.LOST}),
    LendableState.REPAIR: frozenset({LendableState.AVAILABLE, LendableState.RETIRED}),
    LendableState.LOST: frozenset({LendableState.AVAILABLE, LendableState.RETIRED}),
    LendableState.RETIRED: frozenset(),
}


class ReturnOutcome(models.TextChoices):
    GOOD = "good", _("Returned in good condition")
    DAMAGED = "damaged", _("Returned damaged")
    LOST = "lost", _("Lost")


# --- the shift log -------------------------------------------------------------------------------------


class ShiftEntryKind(models.TextChoices):
    MESSAGE = "message", _("Message left by an owner or visitor")
    OPEN_POINT = "open_point", _("Open point to follow up")
    NOTE = "note", _("Note")
