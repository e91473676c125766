"""Projects, buildings, units and public areas, and the occupancy-status history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.models import TimeStampedModel
from wuye.core.scoping import ScopedQuerySet
from wuye.estate.choices import (
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
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("project")
    )
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

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="units", verbose_name=_("project")
    )
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="units", verbose_name=_("building")
    )
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
                condition=Q(building_area__isnull=True) | Q(building_area__gte=0),
                name="unit_area_not_negative",
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

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("unit")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=OccupancyStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=OccupancyStatus.choices)
    source = models.CharField(_("source"), max_length=20, choices=StatusChangeSource.choices)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("effective at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
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
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_areas",
        verbose_name=_("building"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PublicAreaKind.choices, default=PublicAreaKind.OTHER
    )
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
