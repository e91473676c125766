"""The monthly occupancy census (上楼普查) per building and the monthly occupancy report
(《月度物业动态信息表》) per project, seed 000 §22."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.census.choices import CensusStatus, ReportStatus
from wuye.core.history import HistoricalRecords
from wuye.core.scoping import ScopedQuerySet

USER = settings.AUTH_USER_MODEL


class OccupancyReport(models.Model):
    """月度物业动态信息表: one per project and month, due by the 3rd of the next month; the project
    manager signs it off, then copies go to security and the cashier. `figures` is the report as
    signed (counts by status per building at month end and the month's changes): a status change
    entered later for that month does not alter a signed report."""

    project = models.ForeignKey(
        "estate.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    due_on = models.DateField(_("due on"))
    signed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("signed by")
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    distributed_at = models.DateTimeField(_("distributed at"), null=True, blank=True)
    distributed_to = models.JSONField(_("copies sent to"), default=list, blank=True)
    figures = models.JSONField(_("figures as signed"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "-month"]
        verbose_name = _("monthly occupancy report")
        verbose_name_plural = _("monthly occupancy reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="uniq_occupancy_report_month")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.month:%Y-%m}"


class BuildingCensus(models.Model):
    """上楼普查: the building's assigned customer-service assistant confirms its units' statuses by
    the 30th. `counts` are the figures by status the assistant confirmed, as they stood then."""

    report = models.ForeignKey(
        OccupancyReport, on_delete=models.PROTECT, related_name="censuses", verbose_name=_("report")
    )
    project = models.ForeignKey(
        "estate.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    building = models.ForeignKey(
        "estate.Building", on_delete=models.PROTECT, related_name="censuses", verbose_name=_("building")
    )
    month = models.DateField(_("month"))
    assistant = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="censuses",
        verbose_name=_("assigned assistant"),
    )
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=CensusStatus.choices, default=CensusStatus.OPEN
    )
    confirmed_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    counts = models.JSONField(_("confirmed counts by status"), default=dict, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "-month", "building__number"]
        verbose_name = _("building census")
        verbose_name_plural = _("building censuses")
        constraints = [
            models.UniqueConstraint(fields=["building", "month"], name="uniq_building_census_month")
        ]

    def __str__(self) -> str:
        return f"{self.building_id} {self.month:%Y-%m}"
