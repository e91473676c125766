"""The occupancy procedures (issue 11, spec 01, seed 000 §3, §20, §21): move-in, tenant exit and
ownership transfer. Each row is the record of one procedure; the unit's status, ownerships and
leases themselves live in estate and change only through its services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.money import MONEY
from wuye.core.scoping import ScopedQuerySet
from wuye.estate.choices import OccupancyStatus
from wuye.occupancy.choices import CareStatus, ExitStatus, OccupantKind, OwnerConsent

USER = settings.AUTH_USER_MODEL


class MoveIn(models.Model):
    """入住 (客户入住记录表): who moved into which unit when, with the documents on file."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, related_name="move_ins")
    kind = models.CharField(_("occupant"), max_length=10, choices=OccupantKind.choices)
    moved_in_on = models.DateField(_("moved in on"))
    owner = models.ForeignKey(
        "estate.Owner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    tenant = models.ForeignKey(
        "estate.Tenant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tenant"),
    )
    lease = models.OneToOneField(
        "estate.Lease", on_delete=models.PROTECT, null=True, blank=True, related_name="move_in"
    )
    as_office = models.BooleanField(_("used as an office"), default=False)
    identity_checked = models.BooleanField(_("identity checked"), default=False)
    commitment_letter_on_file = models.BooleanField(_("owner's commitment letter on file"), default=False)
    lease_agreement_on_file = models.BooleanField(_("lease agreement on file"), default=False)
    tenant_form_completed = models.BooleanField(_("tenant information form completed"), default=False)
    safety_letter_signed = models.BooleanField(_("safety responsibility letter signed"), default=False)
    status_after = models.CharField(_("status after move-in"), max_length=20)
    care = models.CharField(_("VIP care"), max_length=10, choices=CareStatus.choices, default=CareStatus.NONE)
    care_done_at = models.DateTimeField(_("care done at"), null=True, blank=True)
    care_done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    departments_notified = models.PositiveIntegerField(_("notices sent"), default=0)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()  # staff records: residents see none
    history = HistoricalRecords()

    class Meta:
        ordering = ["-moved_in_on", "-id"]
        verbose_name = _("move-in")
        verbose_name_plural = _("move-ins")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.moved_in_on}"

    def get_status_after_display(self) -> str:
        """The unit's status after the move-in, by its label (estate's occupancy statuses)."""
        if self.status_after in OccupancyStatus.values:
            return str(OccupancyStatus(self.status_after).label)
        return self.status_after


class TenantExit(models.Model):
    """房屋退租: a tenant's exit, waiting until the dues are settled up to the moving date, the
    final meters read and the owner agrees; then the lease ends and a release pass is allowed."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, related_name="tenant_exits")
    lease = models.ForeignKey("estate.Lease", on_delete=models.PROTECT, related_name="exits")
    moving_date = models.DateField(_("moving date"))
    owner_consent = models.CharField(
        _("owner's consent"), max_length=10, choices=OwnerConsent.choices, default=OwnerConsent.NOT_ASKED
    )
    items_to_stay = models.CharField(_("items that must stay"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExitStatus.choices, default=ExitStatus.WAITING
    )
    # what was outstanding at the last check: {code: [message, ...]}
    outstanding = models.JSONField(_("outstanding"), default=dict, blank=True)
    release_pass_allowed = models.BooleanField(_("release pass allowed"), default=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()  # staff records: residents see none
    history = HistoricalRecords()

    class Meta:
        ordering = ["-moving_date", "-id"]
        verbose_name = _("tenant exit")
        verbose_name_plural = _("tenant exits")
        constraints = [
            models.UniqueConstraint(
                fields=["lease"], condition=~Q(status="cancelled"), name="one_open_exit_per_lease"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lease_id} {self.moving_date} {self.status}"


class OwnershipTransfer(models.Model):
    """房屋转让 (过户): the unit passes from its owners to a new owner on the transfer date."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, related_name="transfers")
    transfer_date = models.DateField(_("transfer date"))
    title_certificate_no = models.CharField(_("new title certificate number"), max_length=50)
    new_owner = models.ForeignKey(
        "estate.Owner", on_delete=models.PROTECT, related_name="+", verbose_name=_("new owner")
    )
    new_ownership = models.OneToOneField("estate.Ownership", on_delete=models.PROTECT, related_name="+")
    ended_ownerships = models.ManyToManyField("estate.Ownership", related_name="+", blank=True)
    old_owner_names = models.CharField(_("previous owners"), max_length=300)
    monthly_fee = models.DecimalField(_("monthly property fee"), **MONEY)
    prepaid = models.DecimalField(_("prepaid"), **MONEY)
    fire_safety_letter_signed = models.BooleanField(_("security and fire responsibility letter signed"))
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()  # staff records: residents see none
    history = HistoricalRecords()

    class Meta:
        ordering = ["-transfer_date", "-id"]
        verbose_name = _("ownership transfer")
        verbose_name_plural = _("ownership transfers")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.transfer_date}"
