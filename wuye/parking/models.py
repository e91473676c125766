"""Parking (spec 03, seed 000 §17): spaces, vehicles, monthly rentals, IC cards, temporary stays."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.money import MONEY
from wuye.core.scoping import ScopedQuerySet

USER = settings.AUTH_USER_MODEL


class ParkingSpace(models.Model):
    class Area(models.TextChoices):
        GROUND = "ground", _("Ground")
        UNDERGROUND = "underground", _("Underground")

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="parking_spaces")
    number = models.CharField(_("space number"), max_length=20)
    area = models.CharField(_("area"), max_length=12, choices=Area.choices)
    owner = models.ForeignKey(
        "estate.Owner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parking_spaces",
        verbose_name=_("owner (bought)"),
        help_text=_("Empty: a public space of the project."),
    )
    let_contract_on_file = models.BooleanField(
        _("copy of the owner's letting contract on file"),
        default=False,
        help_text=_("An owner letting their space to another resident."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="uniq_parking_space")]

    def __str__(self) -> str:
        return self.number


class Vehicle(models.Model):
    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="vehicles")
    plate = models.CharField(_("plate"), max_length=10)
    model = models.CharField(_("car model"), max_length=50, blank=True)
    licence_owner = models.CharField(_("owner on the vehicle licence (行驶证)"), max_length=100)
    owner = models.ForeignKey(
        "estate.Owner", on_delete=models.PROTECT, null=True, blank=True, related_name="vehicles"
    )
    tenant = models.ForeignKey(
        "estate.Tenant", on_delete=models.PROTECT, null=True, blank=True, related_name="vehicles"
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "plate"]
        constraints = [models.UniqueConstraint(fields=["project", "plate"], name="uniq_vehicle_plate")]

    def __str__(self) -> str:
        return self.plate


class Rental(models.Model):
    """月租: a space rented by the month. Overlapping rentals of one space are refused — by the
    service under a lock, and on PostgreSQL also by an exclusion constraint (migration 0002)."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="parking_rentals")
    space = models.ForeignKey(ParkingSpace, on_delete=models.PROTECT, related_name="rentals")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="rentals")
    unit = models.ForeignKey(
        "estate.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The renter's unit; its account is charged."),
    )
    renter_name = models.CharField(_("renter"), max_length=100)
    renter_mobile = models.CharField(_("mobile"), max_length=20)
    is_resident = models.BooleanField(_("owner or tenant of the project"), default=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    monthly_rent = models.DecimalField(_("monthly rent"), **MONEY)
    identity_checked = models.BooleanField(_("identity checked"), default=False)
    licence_checked = models.BooleanField(_("vehicle licence checked (plate matches)"), default=False)
    checked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    # Non-residents have no unit account: their rent for the whole period is paid in cash up front
    # at the cashier and counted in the cashier's daily close.
    rent_total = models.DecimalField(_("rent for the period"), **MONEY, default=0)
    cash_paid_at = models.DateTimeField(_("rent paid in cash at"), null=True, blank=True)
    cash_collected_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="rental_end_after_start"
            ),
            models.CheckConstraint(condition=Q(monthly_rent__gte=0), name="rental_rent_not_negative"),
        ]
        indexes = [models.Index(fields=["space", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.space} {self.vehicle} {self.start_date}–{self.end_date}"


class Card(models.Model):
    """IC card for a monthly rental; its ¥50 deposit is held in the billing deposit ledger."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="parking_cards")
    number = models.CharField(_("card number"), max_length=30)
    rental = models.ForeignKey(Rental, on_delete=models.PROTECT, related_name="cards")
    deposit = models.OneToOneField("billing.Deposit", on_delete=models.PROTECT, related_name="parking_card")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(null=True, blank=True)
    lost_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                condition=Q(returned_at__isnull=True, lost_at__isnull=True),
                name="uniq_card_in_use",
            )
        ]

    def __str__(self) -> str:
        return self.number


class Session(models.Model):
    """临时停放: one stay; closing it charges the quoted fee (cash at the gate, or the unit's account)."""

    class Settlement(models.TextChoices):
        CASH = "cash", _("Cash at the gate")
        ACCOUNT = "account", _("Charged to the unit's account")
        FREE = "free", _("No fee")

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="parking_sessions")
    plate = models.CharField(_("plate"), max_length=10)
    entered_at = models.DateTimeField(_("entered at"))
    exited_at = models.DateTimeField(_("exited at"), null=True, blank=True)
    amount = models.DecimalField(_("fee"), **MONEY, null=True, blank=True)
    breakdown = models.JSONField(default=dict, blank=True)
    settlement = models.CharField(max_length=10, choices=Settlement.choices, blank=True)
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    charge = models.OneToOneField(
        "billing.Charge", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-entered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "plate"],
                condition=Q(exited_at__isnull=True),
                name="one_open_session_per_plate",
            ),
            models.CheckConstraint(
                condition=Q(exited_at__isnull=True) | Q(exited_at__gte=models.F("entered_at")),
                name="session_exit_after_entry",
            ),
        ]
        indexes = [models.Index(fields=["project", "entered_at"])]

    def __str__(self) -> str:
        return f"{self.plate} {self.entered_at:%Y-%m-%d %H:%M}"
