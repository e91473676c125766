from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wuye.core.models import TimeStampedModel
from wuye.core.scoping import ScopedQuerySet
from wuye.estate.choices import (
    IdType,
    OccupancyStatus,
    ProjectKind,
    PublicAreaKind,
    StatusChangeSource,
    UnitUse,
)

AREA = {"max_digits": 10, "decimal_places": 2}


def _resident_units(user):
    from wuye.core.access import resident_unit_ids

    return resident_unit_ids(user)


class ProjectQuerySet(ScopedQuerySet):
    project_lookup = "id"

    def resident_q(self, user):
        return Q(id__in=Unit.objects.filter(id__in=_resident_units(user)).values("project_id"))


class Project(TimeStampedModel):
    """项目 / 小区 / 大厦. `settings` holds per-project overrides of deadlines, fees and targets."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    service_phone = models.CharField(_("service phone"), max_length=30, blank=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class BuildingQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        return Q(id__in=Unit.objects.filter(id__in=_resident_units(user)).values("building_id"))


class Building(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("project"))
    number = models.CharField(_("building number"), max_length=20)
    name = models.CharField(_("name"), max_length=50, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors above ground"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    objects = BuildingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "number"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="uniq_building_number")]

    def __str__(self) -> str:
        return self.name or f"{self.number}#"


class UnitQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        return Q(id__in=_resident_units(user))


class Unit(TimeStampedModel):
    """A house, flat, office or shop. `code` (e.g. 3-2-1201) is unique within the project."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="units", verbose_name=_("project"))
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="units", verbose_name=_("building"))
    entrance = models.CharField(_("entrance"), max_length=10, blank=True)
    floor = models.SmallIntegerField(_("floor"))
    room = models.CharField(_("room number"), max_length=20)
    code = models.CharField(_("unit code"), max_length=40)
    use = models.CharField(_("use"), max_length=20, choices=UnitUse.choices, default=UnitUse.RESIDENCE)
    building_area = models.DecimalField(_("building area (m²)"), **AREA, null=True, blank=True)
    inner_area = models.DecimalField(_("inner area (m²)"), **AREA, null=True, blank=True)
    warranty_end = models.DateField(_("warranty end"), null=True, blank=True)
    handover_date = models.DateField(
        _("handover date"), null=True, blank=True, help_text=_("Billing starts from this date.")
    )
    status = models.CharField(
        _("occupancy status"),
        max_length=20,
        choices=OccupancyStatus.choices,
        default=OccupancyStatus.NOT_HANDED_OVER,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "building__number", "entrance", "floor", "room"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="uniq_unit_code_per_project"),
            models.CheckConstraint(
                condition=Q(building_area__isnull=True) | Q(building_area__gte=0), name="unit_area_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["project", "status"]), models.Index(fields=["building", "floor"])]

    def __str__(self) -> str:
        return self.code


class UnitStatusChangeQuerySet(ScopedQuerySet):
    project_lookup = "unit__project_id"

    def resident_q(self, user):
        return Q(unit_id__in=_resident_units(user))


class UnitStatusChange(models.Model):
    """One row per occupancy-status change: who, when, from, to, why (monthly census lists these)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("unit"))
    from_status = models.CharField(_("from"), max_length=20, choices=OccupancyStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=OccupancyStatus.choices)
    source = models.CharField(_("source"), max_length=20, choices=StatusChangeSource.choices)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("effective at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("changed by")
    )

    objects = UnitStatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.from_status} → {self.to_status}"


class PublicAreaQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        return Q(project_id__in=Unit.objects.filter(id__in=_resident_units(user)).values("project_id"))


class PublicArea(TimeStampedModel):
    """公区: lobby, car park, greening, corridors — locations that tickets and inspections point at."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="public_areas", verbose_name=_("project")
    )
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, null=True, blank=True, related_name="public_areas",
        verbose_name=_("building"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=PublicAreaKind.choices, default=PublicAreaKind.OTHER)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PublicAreaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "name"]
        verbose_name = _("public area")
        verbose_name_plural = _("public areas")
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="uniq_public_area_name")]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """Identity fields shared by owners and tenants."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("login account"),
    )
    name = models.CharField(_("name"), max_length=100)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=50, blank=True)
    emergency_mobile = models.CharField(_("emergency contact mobile"), max_length=20, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    company = models.CharField(_("company"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class OwnerQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        units = _resident_units(user)
        return Q(user=user) | Q(id__in=Ownership.objects.active().filter(unit_id__in=units).values("owner_id"))


class Owner(Person):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="owners", verbose_name=_("project"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="owner_records",
        verbose_name=_("login account"),
    )
    is_vip = models.BooleanField(_("VIP"), default=False)
    archive_note = models.CharField(_("archive note"), max_length=200, blank=True)

    objects = OwnerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "name", "id"]
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "id_type", "id_number"], condition=~Q(id_number=""), name="uniq_owner_identity"
            )
        ]
        indexes = [models.Index(fields=["project", "name"])]


class TenantQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        units = _resident_units(user)
        return Q(user=user) | Q(id__in=Lease.objects.active().filter(unit_id__in=units).values("tenant_id"))


class Tenant(Person):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="tenants", verbose_name=_("project"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="tenant_records",
        verbose_name=_("login account"),
    )

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "name", "id"]
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "id_type", "id_number"], condition=~Q(id_number=""), name="uniq_tenant_identity"
            )
        ]


class UnitLinkQuerySet(ScopedQuerySet):
    project_lookup = "unit__project_id"

    def active(self):
        return self.filter(end_date__isnull=True)

    def resident_q(self, user):
        return Q(unit_id__in=_resident_units(user))


class Ownership(TimeStampedModel):
    """产权关系: owner ↔ unit from a start date to an end date. Ended, never overwritten."""

    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="ownerships", verbose_name=_("owner"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="ownerships", verbose_name=_("unit"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=200, blank=True)
    title_certificate_no = models.CharField(_("title certificate number"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = UnitLinkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit_id", "start_date", "id"]
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


class Lease(TimeStampedModel):
    """租赁: a tenant in a unit, with the documents the move-in procedure requires (seed 000 §3)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="leases", verbose_name=_("tenant"))
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

    objects = UnitLinkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit_id", "start_date", "id"]
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


class RosterQuerySet(ScopedQuerySet):
    pass


class RosterImport(models.Model):
    """One upload of the developer's owner roster (业主清册): accepted whole or rejected whole."""

    class Result(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="roster_imports")
    file_name = models.CharField(_("file name"), max_length=200)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    accepted_rows = models.PositiveIntegerField(_("rows imported"), default=0)
    errors = models.JSONField(_("rejected rows"), default=list, blank=True)

    objects = RosterQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.result})"


class RosterEntry(models.Model):
    """A buyer in the developer's roster; handover verifies the person against it."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="roster_entries")
    roster_import = models.ForeignKey(RosterImport, on_delete=models.PROTECT, related_name="entries")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="roster_entries")
    buyer_name = models.CharField(_("buyer name"), max_length=100)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = models.CharField(_("ID number"), max_length=40)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    contract_number = models.CharField(_("purchase contract number"), max_length=50)

    objects = RosterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit_id", "id"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        constraints = [
            models.UniqueConstraint(fields=["project", "contract_number"], name="uniq_roster_contract"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_number} {self.buyer_name}"
