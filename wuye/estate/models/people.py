"""Owners and tenants, their ownerships and leases, and the log of every view of an owner's archive."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.models import TimeStampedModel
from wuye.core.scoping import ScopedQuerySet
from wuye.estate.choices import (
    IdType,
)
from wuye.estate.models.places import Project, Unit

AREA = {"max_digits": 10, "decimal_places": 2}


def _resident_units(user):
    from wuye.core.access import resident_unit_ids

    return resident_unit_ids(user)


class Person(TimeStampedModel):
    """Identity fields shared by owners and tenants."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("login account"),
    )
    name = models.CharField(_("name"), max_length=100)
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=50, blank=True)
    emergency_mobile = models.CharField(_("emergency contact mobile"), max_length=20, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    company = models.CharField(_("company"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True
        ordering = ["project_id", "name", "id"]
        constraints = [
            # One person per identity in a project; "%(class)s" names it per model (uniq_owner_identity).
            models.UniqueConstraint(
                fields=["project", "id_type", "id_number"],
                condition=~Q(id_number=""),
                name="uniq_%(class)s_identity",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OwnerQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        """Their own owner records, and the co-owners of the units they own (共有产权人) — never
        the owners of a unit they only rent (a tenant does not read the landlord's record)."""
        owned = Ownership.objects.active().filter(owner__user=user).values("unit_id")
        return Q(user=user) | Q(
            id__in=Ownership.objects.active().filter(unit_id__in=owned).values("owner_id")
        )


class Owner(Person):
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="owners", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owner_records",
        verbose_name=_("login account"),
    )
    is_vip = models.BooleanField(_("VIP"), default=False)
    archive_note = models.CharField(_("archive note"), max_length=200, blank=True)
    #: the day (the latest) the owner's unit passed to a new owner (过户, seed 000 §21); set by the transfer
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)

    objects = OwnerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Person.Meta):
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        indexes = [models.Index(fields=["project", "name"])]


class TenantQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        """Their own tenant record only: not a co-tenant's, and an owner does not read the
        tenants of the unit through this list (the lease says who rents it)."""
        return Q(user=user)


class Tenant(Person):
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="tenants", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenant_records",
        verbose_name=_("login account"),
    )

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Person.Meta):
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")


class UnitLinkQuerySet(ScopedQuerySet):
    project_lookup = "unit__project_id"

    def active(self):
        return self.filter(end_date__isnull=True)

    def resident_q(self, user):
        return Q(unit_id__in=_resident_units(user))


class UnitLink(TimeStampedModel):
    """What ownerships and leases share: a person's link to a unit from a start date until it ends.

    Ended, never overwritten; `objects.active()` are the links without an end date. The fields stay
    on each model, in the order of its table.
    """

    objects = UnitLinkQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["unit_id", "start_date", "id"]


class Ownership(UnitLink):
    """产权关系: owner ↔ unit from a start date to an end date. Ended, never overwritten."""

    owner = models.ForeignKey(
        Owner, on_delete=models.PROTECT, related_name="ownerships", verbose_name=_("owner")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="ownerships", verbose_name=_("unit")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=200, blank=True)
    title_certificate_no = models.CharField(_("title certificate number"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta(UnitLink.Meta):
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "unit"], condition=Q(end_date__isnull=True), name="uniq_active_ownership"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="ownership_end_after_start",
            ),
        ]


class Lease(UnitLink):
    """租赁: a tenant in a unit, with the documents the move-in procedure requires (seed 000 §3)."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="leases", verbose_name=_("tenant")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="leases", verbose_name=_("unit"))
    start_date = models.DateField(_("lease start"))
    contract_end_date = models.DateField(_("lease contract end"), null=True, blank=True)
    end_date = models.DateField(_("moved out on"), null=True, blank=True)
    owner_consent_on_file = models.BooleanField(_("owner's written consent on file"), default=False)
    lease_agreement_on_file = models.BooleanField(_("lease agreement on file"), default=False)
    safety_letter_signed = models.BooleanField(_("safety responsibility letter signed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta(UnitLink.Meta):
        verbose_name = _("lease")
        verbose_name_plural = _("leases")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "unit"], condition=Q(end_date__isnull=True), name="uniq_active_lease"
            ),
        ]


class OwnerAccessLogQuerySet(ScopedQuerySet):
    project_lookup = "owner__project_id"


class OwnerAccessLog(models.Model):
    """Every view of an owner's record: who, when, which owner, and whether it was unmasked."""

    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="access_logs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("viewed at"), auto_now_add=True)
    channel = models.CharField(_("channel"), max_length=10)  # "web" or "api"
    unmasked = models.BooleanField(_("personal data shown"), default=False)

    objects = OwnerAccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("owner record access")
        verbose_name_plural = _("owner record accesses")

    def __str__(self) -> str:
        return f"{self.user_id} viewed owner {self.owner_id} at {self.at:%Y-%m-%d %H:%M}"
