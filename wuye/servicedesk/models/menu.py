"""The published price list of paid services (seed 002)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.models import TimeStampedModel
from wuye.core.money import MONEY
from wuye.core.scoping import ScopedQuerySet
from wuye.servicedesk.choices import (
    Department,
)

USER = settings.AUTH_USER_MODEL


class ServiceMenuItem(TimeStampedModel):
    """特约服务 / 有偿服务收费标准: the published price list of paid services (seed 002)."""

    class Group(models.TextChoices):
        HOTLINE = "hotline", _("24-hour hotline")
        ROUTINE = "routine", _("Routine errands")
        REPAIR = "repair", _("Repairs")
        CLEANING = "cleaning", _("Home cleaning")
        LAUNDRY = "laundry", _("Laundry")
        CATERING = "catering", _("Catering")
        AGENCY = "agency", _("Agency")
        MOVING = "moving", _("Moving")
        PEST = "pest", _("Pest control")

    class Pricing(models.TextChoices):
        FREE = "free", _("Free")
        FIXED = "fixed", _("Fixed price")
        RANGE = "range", _("Price range")
        NEGOTIABLE = "negotiable", _("Negotiable")
        PERCENT = "percent", _("Percentage")

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="service_menu")
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    name = models.CharField(_("service"), max_length=100)
    pricing = models.CharField(_("pricing"), max_length=12, choices=Pricing.choices)
    price_min = models.DecimalField(_("price (from)"), **MONEY, null=True, blank=True)
    price_max = models.DecimalField(_("price (to)"), **MONEY, null=True, blank=True)
    unit_label = models.CharField(_("per"), max_length=20, blank=True)
    labour_only = models.BooleanField(_("labour only (materials extra)"), default=False)
    price_text = models.CharField(_("published price"), max_length=100)
    department = models.CharField(
        _("department"),
        max_length=20,
        choices=Department.choices,
        blank=True,
        help_text=_("Who does the work; a ticket for this service is routed there."),
    )
    sort_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "sort_order", "id"]
        verbose_name = _("service menu item")
        verbose_name_plural = _("service menu")
        constraints = [
            models.UniqueConstraint(fields=["project", "group", "name"], name="uniq_service_menu_item"),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_min__gte=0), name="service_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.price_text}"
