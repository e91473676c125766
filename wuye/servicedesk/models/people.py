"""Who serves the customer: desk duty, area butlers; return visits, calls log, customer visits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.scoping import ScopedQuerySet
from wuye.servicedesk.choices import (
    Satisfaction,
    VisitMethod,
)
from wuye.servicedesk.models.tickets import Ticket

USER = settings.AUTH_USER_MODEL


class DeskDuty(models.Model):
    """The customer-service assistant on duty at the desk for a day: first contact for residents'
    portal requests in buildings without an area butler (seed 000 §8: an assistant, not a supervisor)."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    user = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="desk_duties", verbose_name=_("assistant")
    )
    set_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("desk duty")
        verbose_name_plural = _("desk duty")
        constraints = [models.UniqueConstraint(fields=["project", "day"], name="one_desk_duty_per_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.user}"


class ReturnVisitQuerySet(ScopedQuerySet):
    project_lookup = "ticket__project_id"


class ReturnVisit(models.Model):
    """回访: due one working day after completion; unsolved or dissatisfied reopens the ticket."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="return_visits")
    due_at = models.DateTimeField()
    assigned_to = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="return_visits_due")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    method = models.CharField(max_length=20, choices=VisitMethod.choices, blank=True)
    solved = models.BooleanField(null=True)
    satisfaction = models.CharField(max_length=20, choices=Satisfaction.choices, blank=True)
    comment = models.TextField(blank=True)

    objects = ReturnVisitQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["assigned_to", "done_at"]), models.Index(fields=["done_at"])]

    def __str__(self) -> str:
        return f"{self.ticket_id} visit due {self.due_at}"


class ContactLog(models.Model):
    """来电来访记录: every call and visit, with the caller's number; may become a ticket."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        VISIT = "visit", _("Visit")

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="contact_logs")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("time"))
    caller_number = models.CharField(_("caller number"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=50, blank=True)
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    content = models.TextField(_("content"))
    received_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    ticket = models.OneToOneField(
        Ticket, on_delete=models.PROTECT, null=True, blank=True, related_name="contact_log"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["project", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class CustomerVisit(models.Model):
    """客户走访: a proactive visit; opinions raised become tickets."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="customer_visits")
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    customer_name = models.CharField(_("customer"), max_length=50, blank=True)
    visited_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="customer_visits")
    at = models.DateTimeField(_("time"))
    method = models.CharField(_("method"), max_length=20, choices=VisitMethod.choices)
    declined = models.BooleanField(_("customer declined"), default=False)
    key_customer = models.BooleanField(_("key customer"), default=False)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    opinion = models.TextField(_("opinions"), blank=True)
    tickets = models.ManyToManyField(Ticket, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["project", "at"]), models.Index(fields=["visited_by", "at"])]

    def __str__(self) -> str:
        return f"{self.customer_name} {self.at:%Y-%m-%d}"


class ButlerArea(models.Model):
    """片区管家: the buildings an assistant looks after (quarterly visit of all households)."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="butler_areas")
    building = models.ForeignKey("estate.Building", on_delete=models.PROTECT, related_name="butlers")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["building"], name="one_butler_per_building")]

    def __str__(self) -> str:
        return f"{self.user} · {self.building}"
