"""Service desk tables: one Ticket for every intake (报事), its timeline, deadlines and visits."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wuye.core.models import TimeStampedModel
from wuye.core.money import MONEY
from wuye.core.scoping import ScopedQuerySet
from wuye.servicedesk.choices import (
    Category,
    Channel,
    Department,
    EscalationLevel,
    EventKind,
    Satisfaction,
    Severity,
    Status,
    Validity,
    VisitMethod,
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
        _("department"), max_length=20, choices=Department.choices, blank=True,
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


class ComplaintIncident(models.Model):
    """Complaints about the same event; at five distinct customers the incident becomes major."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="complaint_incidents")
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
        "estate.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets", verbose_name=_("unit")
    )
    public_area = models.ForeignKey(
        "estate.PublicArea", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
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
        USER, on_delete=models.PROTECT, related_name="tickets_responsible",
        verbose_name=_("first-contact person"), help_text=_("Accountable until closure."),
    )
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    promised_at = models.DateTimeField(_("promised reply time"), null=True, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)

    department = models.CharField(_("department"), max_length=20, choices=Department.choices, blank=True)
    assignee = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets_assigned",
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
    proposed_severity = models.CharField(_("proposed severity"), max_length=10, choices=Severity.choices, blank=True)
    classified_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    classified_at = models.DateTimeField(null=True, blank=True)
    incident = models.ForeignKey(
        ComplaintIncident, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )

    # repairs and paid services
    service_item = models.ForeignKey(
        ServiceMenuItem, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
        verbose_name=_("priced service"),
    )
    is_paid = models.BooleanField(_("paid service"), default=False)
    labour_hours = models.DecimalField(_("time spent (hours)"), max_digits=6, decimal_places=2, null=True, blank=True)
    materials = models.TextField(_("materials used"), blank=True)
    materials_fee = models.DecimalField(_("materials fee"), **MONEY, default=0)
    labour_fee = models.DecimalField(_("labour fee"), **MONEY, default=0)
    fee = models.DecimalField(_("fee receivable"), **MONEY, default=0)
    quoted_fee = models.DecimalField(
        _("quoted price"), **MONEY, null=True, blank=True,
        help_text=_("The price told to the customer before the work (published menu price or agreed quote)."),
    )
    fee_change_reason = models.TextField(_("why the fee differs from the quote"), blank=True)
    fee_charged_at = models.DateTimeField(null=True, blank=True, help_text="set when billing turns the fee into a charge")
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
                fields=["due_at"], condition=Q(met_at__isnull=True, cancelled=False), name="deadline_open_due_idx"
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
    replied_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("replied by"))
    at = models.DateTimeField(_("reply time"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CustomerReplyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("reply to customer")
        verbose_name_plural = _("replies to customers")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class DeskDuty(models.Model):
    """The customer-service assistant on duty at the desk for a day: first contact for residents'
    portal requests in buildings without an area butler (seed 000 §8: an assistant, not a supervisor)."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="desk_duties", verbose_name=_("assistant"))
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
    ticket = models.OneToOneField(Ticket, on_delete=models.PROTECT, null=True, blank=True, related_name="contact_log")
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
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
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
