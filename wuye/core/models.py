from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CalendarDay(models.Model):
    """The company's own statutory-calendar table (holidays and adjusted working weekends).

    It takes precedence over the chinese-calendar package, and covers years the package does
    not know yet (the package raises for them).
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (day off)")
        WORKDAY = "workday", _("Adjusted working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class Sequence(models.Model):
    """Gap-free counters (ticket numbers, receipt numbers): one row per key, locked to increment."""

    key = models.CharField(max_length=100, unique=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("sequence")

    def __str__(self) -> str:
        return f"{self.key}={self.last}"
