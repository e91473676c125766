"""The developer's owner roster (业主清册) as imported, row by row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.scoping import ScopedQuerySet
from wuye.estate.choices import (
    IdType,
)
from wuye.estate.models.places import Project, Unit

AREA = {"max_digits": 10, "decimal_places": 2}


def _resident_units(user):
    from wuye.core.access import resident_unit_ids

    return resident_unit_ids(user)


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
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
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
