"""Fee items and their versioned tariffs; meters and their readings (spec 03)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.billing.choices import ChargeBasis, FeeKind, MeterType
from wuye.billing.models.base import QTY, RATE, USER, UnitScopedQuerySet
from wuye.core.history import HistoricalRecords
from wuye.core.scoping import ScopedQuerySet


class FeeItem(models.Model):
    """收费项目: what the public fee notice lists, with its kind and unit of charge."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="fee_items")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=FeeKind.choices)
    basis = models.CharField(_("unit of charge"), max_length=12, choices=ChargeBasis.choices)
    meter_type = models.CharField(_("meter"), max_length=12, choices=MeterType.choices, blank=True)
    billed_in_runs = models.BooleanField(
        _("billed by the periodic charge run"),
        default=True,
        help_text=_("Area-based and fixed monthly items; meter and per-item fees are charged as they arise."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="uniq_fee_item_code")]

    def __str__(self) -> str:
        return self.name


class TariffQuerySet(ScopedQuerySet):
    project_lookup = "fee_item__project_id"


class Tariff(models.Model):
    """A rate from a date on. Versioned: a change is a new row effective from its date."""

    fee_item = models.ForeignKey(FeeItem, on_delete=models.PROTECT, related_name="tariffs")
    unit_use = models.CharField(
        _("for unit use"), max_length=20, blank=True, help_text=_("Empty: every use.")
    )
    effective_from = models.DateField(_("effective from"))
    rate = models.DecimalField(_("rate (yuan)"), **RATE)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TariffQuerySet.as_manager()

    class Meta:
        ordering = ["fee_item_id", "unit_use", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["fee_item", "unit_use", "effective_from"], name="uniq_tariff_version"
            ),
            models.CheckConstraint(condition=Q(rate__gte=0), name="tariff_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.fee_item_id} {self.unit_use or '*'} {self.effective_from}: {self.rate}"


class MeterQuerySet(UnitScopedQuerySet):
    project_lookup = "unit__project_id"


class Meter(models.Model):
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, related_name="meters")
    meter_type = models.CharField(_("type"), max_length=12, choices=MeterType.choices)
    serial = models.CharField(_("serial number"), max_length=50, blank=True)
    installed_on = models.DateField(_("installed on"))
    initial_reading = models.DecimalField(_("initial reading"), **QTY, default=0)
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)
    final_reading = models.DecimalField(_("final reading"), **QTY, null=True, blank=True)

    objects = MeterQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "meter_type"],
                condition=Q(replaced_on__isnull=True),
                name="one_active_meter_per_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.meter_type} {self.serial}"


class MeterReadingQuerySet(ScopedQuerySet):
    project_lookup = "meter__unit__project_id"

    def resident_q(self, user):
        from wuye.core.access import resident_unit_ids

        return Q(meter__unit_id__in=resident_unit_ids(user))


class MeterReading(models.Model):
    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="readings")
    read_on = models.DateField(_("read on"))
    reading = models.DecimalField(_("reading"), **QTY)
    previous_reading = models.DecimalField(_("previous reading"), **QTY)
    consumption = models.DecimalField(_("consumption"), **QTY)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = MeterReadingQuerySet.as_manager()

    class Meta:
        ordering = ["meter_id", "read_on"]
        constraints = [
            models.UniqueConstraint(fields=["meter", "read_on"], name="uniq_meter_reading_day"),
            models.CheckConstraint(condition=Q(consumption__gte=0), name="reading_never_backwards"),
        ]

    def __str__(self) -> str:
        return f"{self.meter_id} {self.read_on}: {self.reading}"
