"""Key custody (seed 000 §23, spec 01): the register (钥匙委托管理清册), every movement of a key,
and the requests to release a key outside the normal procedure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.scoping import ScopedQuerySet
from wuye.estate.choices import IdType
from wuye.keys.choices import KeySource, KeyState, MovementKind, ReleaseStatus

USER = settings.AUTH_USER_MODEL


class Key(models.Model):
    """One numbered key in the locked cabinet: its unit, where it came from, where it is now.
    The state changes only through wuye.keys.services (one service per movement)."""

    project = models.ForeignKey(
        "estate.Project", on_delete=models.PROTECT, related_name="keys", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "estate.Unit", on_delete=models.PROTECT, related_name="keys", verbose_name=_("unit")
    )
    number = models.CharField(_("key number"), max_length=30)
    source = models.CharField(_("source"), max_length=20, choices=KeySource.choices)
    storage_location = models.CharField(
        _("locked storage location"), max_length=60, help_text=_("Cabinet and hook, e.g. A-03.")
    )
    state = models.CharField(_("state"), max_length=20, choices=KeyState.choices, default=KeyState.IN_STORE)
    entrusted_by = models.ForeignKey(
        "estate.Owner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entrusted_keys",
        verbose_name=_("entrusted by"),
        help_text=_("Entrusted keys go back only to this person or the unit's verified owner."),
    )
    consent_recorded = models.BooleanField(_("owner's consent recorded"), default=False)
    # the current holder while the key is out of the cabinet
    holder_user = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("held by")
    )
    holder_name = models.CharField(_("held by (name)"), max_length=100, blank=True)
    out_since = models.DateTimeField(_("out since"), null=True, blank=True)
    due_back_at = models.DateTimeField(_("due back at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "number"]
        verbose_name = _("key")
        verbose_name_plural = _("keys")
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="uniq_key_number")]
        indexes = [models.Index(fields=["project", "state"]), models.Index(fields=["state", "due_back_at"])]

    def __str__(self) -> str:
        return self.number


class KeyMovementQuerySet(ScopedQuerySet):
    project_lookup = "key__project_id"


class KeyMovement(models.Model):
    """One movement of a key: who handed it, when, to whom, and the recipient's signature.
    Written by the services, never edited."""

    key = models.ForeignKey(Key, on_delete=models.PROTECT, related_name="movements", verbose_name=_("key"))
    kind = models.CharField(_("movement"), max_length=20, choices=MovementKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by (key keeper)")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=KeyState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=KeyState.choices)
    to_user = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to staff")
    )
    to_owner = models.ForeignKey(
        "estate.Owner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to owner"),
    )
    to_name = models.CharField(_("to (name)"), max_length=100, blank=True)
    signed_name = models.CharField(_("signed name"), max_length=100, blank=True)
    signed = models.BooleanField(_("signed"), default=False)
    identity_checked = models.BooleanField(_("identity checked"), default=False)
    identity_document = models.CharField(
        _("identity document"), max_length=20, choices=IdType.choices, blank=True
    )
    due_back_at = models.DateTimeField(_("due back at"), null=True, blank=True)
    visitor_name = models.CharField(_("visitor"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    release = models.ForeignKey(
        "keys.KeyRelease", on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )

    objects = KeyMovementQuerySet.as_manager()

    class Meta:
        ordering = ["key_id", "at", "id"]
        verbose_name = _("key movement")
        verbose_name_plural = _("key movements")
        indexes = [models.Index(fields=["key", "at"])]

    def __str__(self) -> str:
        return f"{self.key_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class KeyReleaseQuerySet(ScopedQuerySet):
    project_lookup = "key__project_id"


class KeyRelease(models.Model):
    """非正常手续领取: a key released outside the normal procedure. It needs the project manager's
    and company leadership's approvals, neither given by the person who asked (seed 000 §23)."""

    key = models.ForeignKey(Key, on_delete=models.PROTECT, related_name="releases", verbose_name=_("key"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.PENDING
    )
    reason = models.CharField(_("reason"), max_length=300)
    to_name = models.CharField(_("released to"), max_length=100)
    to_id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    to_id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    manager_approved_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by the project manager"),
    )
    manager_approved_at = models.DateTimeField(null=True, blank=True)
    leadership_approved_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by company leadership"),
    )
    leadership_approved_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rejected_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    objects = KeyReleaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("key release")
        verbose_name_plural = _("key releases")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_open_release_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_id} → {self.to_name}"
