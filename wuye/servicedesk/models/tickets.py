"""Tickets (报事), their timeline, deadlines, extensions, complaint incidents and replies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.money import MONEY
from wuye.core.scoping import ScopedQuerySet
from wuye.servicedesk.choices import (
    Category,
    Channel,
    Department,
    EscalationLevel,
    EventKind,
    Severity,
    Status,
    Validity,
)
from wuye.servicedesk.models.menu import ServiceMenuItem

USER = settings.AUTH_USER_MODEL


class ComplaintIncident(models.Model):
    """Complaints about the same event; at five distinct customers the incident becomes major."""

    project = models.ForeignKey(
        "estate.Project", on_delete=models.PROTECT, related_name="complaint_incidents"
    )
    title = models.CharField(_("event"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    raised_to_major_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("complaint incident")
        verbose_name_plural = _("complaint incidents")

    def __str__(self) -> str:
        return self.title


class TicketQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        from wuye.core.access import resident_unit_ids

        return Q(unit_id__in=resident_unit_ids(user))

    def open(self):
        return self.exclude(status__in=[Status.CLOSED, Status.CANCELLED])


class Ticket(models.Model):
    """报事 / 信息 / 工单: every request, from first contact to close."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="tickets")
    number = models.CharField(_("number"), max_length=30)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    unit = models.ForeignKey(
        "estate.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("unit"),
    )
    public_area = models.ForeignKey(
        "estate.PublicArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("public area"),
    )
    content = models.TextField(_("content"))
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    caller_number = models.CharField(_("caller number"), max_length=30, blank=True)
    customer_key = models.CharField(max_length=60, blank=True, help_text="who complained: unit or phone")

    received_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="tickets_received")
    received_at = models.DateTimeField(_("received at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    first_contact = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="tickets_responsible",
        verbose_name=_("first-contact person"),
        help_text=_("Accountable until closure."),
    )
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    promised_at = models.DateTimeField(_("promised reply time"), null=True, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)

    department = models.CharField(_("department"), max_length=20, choices=Department.choices, blank=True)
    assignee = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets_assigned",
        verbose_name=_("handler"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    customer_accepted_at = models.DateTimeField(null=True, blank=True)
    return_visited_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    answer = models.TextField(_("answer / result"), blank=True)
    rework_count = models.PositiveSmallIntegerField(_("rework count"), default=0)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    needs_return_visit = models.BooleanField(default=False)

    # complaints: the supervisor's handling opinion (seed 000 §7.6, 《客户投诉、意见记录表》)
    handling_opinion = models.TextField(_("supervisor's handling opinion"), blank=True)
    opinion_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    opinion_at = models.DateTimeField(null=True, blank=True)

    # complaints
    validity = models.CharField(_("validity"), max_length=10, choices=Validity.choices, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    proposed_severity = models.CharField(
        _("proposed severity"), max_length=10, choices=Severity.choices, blank=True
    )
    classified_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    classified_at = models.DateTimeField(null=True, blank=True)
    incident = models.ForeignKey(
        ComplaintIncident, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )

    # repairs and paid services
    service_item = models.ForeignKey(
        ServiceMenuItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("priced service"),
    )
    is_paid = models.BooleanField(_("paid service"), default=False)
    labour_hours = models.DecimalField(
        _("time spent (hours)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    materials = models.TextField(_("materials used"), blank=True)
    materials_fee = models.DecimalField(_("materials fee"), **MONEY, default=0)
    labour_fee = models.DecimalField(_("labour fee"), **MONEY, default=0)
    fee = models.DecimalField(_("fee receivable"), **MONEY, default=0)
    quoted_fee = models.DecimalField(
        _("quoted price"),
        **MONEY,
        null=True,
        blank=True,
        help_text=_("The price told to the customer before the work (published menu price or agreed quote)."),
    )
    fee_change_reason = models.TextField(_("why the fee differs from the quote"), blank=True)
    fee_charged_at = models.DateTimeField(
        null=True, blank=True, help_text="set when billing turns the fee into a charge"
    )
    in_warranty = models.BooleanField(null=True, blank=True)
    contractor_name = models.CharField(_("construction company"), max_length=100, blank=True)
    contractor_notified_at = models.DateTimeField(null=True, blank=True)
    contractor_notice = models.TextField(_("written notice"), blank=True)

    objects = TicketQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="uniq_ticket_number"),
            models.CheckConstraint(condition=Q(fee__gte=0), name="ticket_fee_not_negative"),
        ]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="ticket_received_desc_idx"),
            models.Index(fields=["project", "received_at"]),
            models.Index(fields=["project", "status"]),
            models.Index(fields=["project", "category", "received_at"]),
            models.Index(fields=["project", "completed_at"]),
            models.Index(fields=["first_contact", "status"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["project", "department", "status"]),
            models.Index(fields=["incident"]),
        ]

    def __str__(self) -> str:
        return self.number


class TicketEvent(models.Model):
    """The ticket's timeline: every transition, escalation, hand-over and extension."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    at = models.DateTimeField(_("event time"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["ticket", "at"])]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.to_status}"


class TicketDeadline(models.Model):
    """One timed step of a ticket: due, met or late. Computed from per-project settings."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="deadlines")
    step = models.CharField(max_length=30)
    due_at = models.DateTimeField()
    original_due_at = models.DateTimeField()
    met_at = models.DateTimeField(null=True, blank=True)
    # the rule the due time came from, kept as it was when armed: "1 days", "2 working_days",
    # "promised" (the customer's agreed time), "appointment", "same_day"
    amount = models.PositiveIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    late_notified_at = models.DateTimeField(null=True, blank=True)
    cancelled = models.BooleanField(default=False, help_text="no longer applies (e.g. ticket cancelled)")

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["ticket", "step"], name="uniq_ticket_step")]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(met_at__isnull=True, cancelled=False),
                name="deadline_open_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.step} {self.due_at}"


class DeadlineExtension(models.Model):
    """An approved extension (spec 02: minor complaint — supervisor; important — management)."""

    deadline = models.ForeignKey(TicketDeadline, on_delete=models.PROTECT, related_name="extensions")
    previous_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField()
    reason = models.TextField()
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approver_role = models.CharField(max_length=30)
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["approved_at"]

    def __str__(self) -> str:
        return f"{self.deadline_id} → {self.new_due_at}"


class CustomerReplyQuerySet(ScopedQuerySet):
    project_lookup = "ticket__project_id"


class CustomerReply(models.Model):
    """A reply to the customer (《客户建议/意见受理回复表》): who, when, by what channel, what was said.

    Seed 000 §7: a major complaint gets a clear reply within 2 days; the result is replied the same
    day the department reports back. Seed 000 §6: requests are replied within 1 day."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        IN_PERSON = "in_person", _("In person")
        REPLY_FORM = "reply_form", _("Written reply form")
        SMS = "sms", _("SMS / WeChat message")
        PORTAL = "portal", _("Owner portal")

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim reply (what will be done, when)")
        RESULT = "result", _("Result of the handling")

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="replies")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    content = models.TextField(_("what was said"))
    replied_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("replied by")
    )
    at = models.DateTimeField(_("reply time"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CustomerReplyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("reply to customer")
        verbose_name_plural = _("replies to customers")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
