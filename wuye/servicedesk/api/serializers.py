"""Service-desk API: explicit input serializers per action, output serializers per resource.

Inputs only parse and shape; every rule (permissions, transitions, event times, deadlines) is
checked by the service the view calls.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.accounts.choices import UserKind
from wuye.accounts.models import User
from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.models import Building, Project, PublicArea, Unit
from wuye.servicedesk import deadlines, selectors
from wuye.servicedesk.choices import (
    Category,
    Department,
    EscalationLevel,
    Satisfaction,
    Severity,
    Validity,
    VisitMethod,
)
from wuye.servicedesk.models import (
    ComplaintIncident,
    ContactLog,
    CustomerReply,
    CustomerVisit,
    DeskDuty,
    ServiceMenuItem,
    Ticket,
    TicketEvent,
)

# --- shared --------------------------------------------------------------------------------------


def service_menu_for(user):
    """The price list a user may see: staff by project assignment, owners and tenants the active
    items of the projects their units belong to (the menu is published to customers)."""
    if user.is_authenticated and user.is_resident:
        return ServiceMenuItem.objects.filter(project__in=Project.objects.visible_to(user), is_active=True)
    return ServiceMenuItem.objects.visible_to(user)


@extend_schema_field(OpenApiTypes.STR)
class ValueChoiceField(serializers.ChoiceField):
    """A choice shown in the schema as a plain string (with a `*_label` beside it in outputs).

    The service-desk choice sets appear under several field names and in several components;
    without ENUM_NAME_OVERRIDES entries that makes drf-spectacular warn about enum naming, so
    outputs carry the value and input serializers carry the enums."""


@extend_schema_field(OpenApiTypes.INT)
class ServiceMenuItemField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return service_menu_for(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class StaffUserField(serializers.PrimaryKeyRelatedField):
    """An active staff account; whether it fits the ticket's project and department is the service's call."""

    def get_queryset(self):
        return User.objects.filter(is_active=True, kind=UserKind.STAFF)


def event_at_field():
    return serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        label=_("event time"),
        help_text=_(
            "When it happened, for records entered later; never in the future nor before the previous step."
        ),
    )


def user_name(user) -> str:
    return str(user) if user is not None else ""


# --- tickets: output -----------------------------------------------------------------------------


class DeadlineSerializer(serializers.Serializer):
    step = serializers.CharField()
    label = serializers.CharField()
    due_at = serializers.DateTimeField()
    met_at = serializers.DateTimeField(allow_null=True)
    state = serializers.ChoiceField(choices=["pending", "met", "late"])
    amount = serializers.IntegerField(allow_null=True, help_text="the rule's amount, e.g. 2 (null: a fixed time)")
    unit = serializers.CharField(
        help_text="days, working_days, hours, working_hours, minutes, seconds, same_day, promised, appointment"
    )
    rule = serializers.CharField(help_text="how the due time was counted, for display (e.g. “2天”)")


class TicketEventSerializer(serializers.ModelSerializer):
    serializer_choice_field = ValueChoiceField
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = TicketEvent
        fields = [
            "id",
            "kind",
            "kind_label",
            "from_status",
            "to_status",
            "at",
            "recorded_at",
            "actor",
            "actor_name",
            "note",
            "data",
        ]

    def get_actor_name(self, event) -> str:
        return user_name(event.actor)


class TicketSerializer(serializers.ModelSerializer):
    """A ticket with its deadlines, evaluated at `as_of` (query parameter; default now)."""

    serializer_choice_field = ValueChoiceField
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    department_label = serializers.CharField(source="get_department_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    escalation_level = serializers.IntegerField(read_only=True)
    unit_code = serializers.SerializerMethodField()
    public_area_name = serializers.SerializerMethodField()
    received_by_name = serializers.SerializerMethodField()
    first_contact_name = serializers.SerializerMethodField()
    assignee_name = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()
    next_due_at = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "id",
            "number",
            "project",
            "category",
            "category_label",
            "channel",
            "channel_label",
            "unit",
            "unit_code",
            "public_area",
            "public_area_name",
            "content",
            "contact_name",
            "contact_phone",
            "caller_number",
            "received_by",
            "received_by_name",
            "received_at",
            "first_contact",
            "first_contact_name",
            "appointment_at",
            "promised_at",
            "urgent",
            "department",
            "department_label",
            "assignee",
            "assignee_name",
            "status",
            "status_label",
            "dispatched_at",
            "accepted_at",
            "started_at",
            "completed_at",
            "customer_accepted_at",
            "return_visited_at",
            "closed_at",
            "cancelled_at",
            "cancel_reason",
            "answer",
            "rework_count",
            "escalation_level",
            "needs_return_visit",
            "validity",
            "severity",
            "proposed_severity",
            "incident",
            "handling_opinion",
            "opinion_by",
            "opinion_at",
            "service_item",
            "is_paid",
            "quoted_fee",
            "fee_change_reason",
            "labour_hours",
            "materials",
            "materials_fee",
            "labour_fee",
            "fee",
            "in_warranty",
            "is_overdue",
            "next_due_at",
            "deadlines",
        ]
        read_only_fields = fields

    def _as_of(self):
        return self.context.get("as_of") or timezone.now()

    def _rows(self, ticket):
        # deadline_rows reads the prefetched deadlines; keep one evaluation per ticket
        cache = self.context.setdefault("_deadline_rows", {})
        if ticket.pk not in cache:
            cache[ticket.pk] = selectors.deadline_rows(ticket, as_of=self._as_of())
        return cache[ticket.pk]

    def get_unit_code(self, ticket) -> str:
        return ticket.unit.code if ticket.unit_id else ""

    def get_public_area_name(self, ticket) -> str:
        return ticket.public_area.name if ticket.public_area_id else ""

    def get_received_by_name(self, ticket) -> str:
        return user_name(ticket.received_by)

    def get_first_contact_name(self, ticket) -> str:
        return user_name(ticket.first_contact)

    def get_assignee_name(self, ticket) -> str:
        return user_name(ticket.assignee)

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, ticket):
        return DeadlineSerializer(self._rows(ticket), many=True).data

    def get_is_overdue(self, ticket) -> bool:
        annotated = getattr(ticket, "is_overdue", None)
        if annotated is not None:
            return bool(annotated)
        return ticket.status not in ("closed", "cancelled") and any(
            r["state"] == "late" and r["met_at"] is None for r in self._rows(ticket)
        )

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_next_due_at(self, ticket):
        value = getattr(ticket, "next_due_at", None)
        return serializers.DateTimeField().to_representation(value) if value else None


class CustomerReplyOutSerializer(serializers.ModelSerializer):
    serializer_choice_field = ValueChoiceField
    replied_by_name = serializers.SerializerMethodField()

    class Meta:
        model = CustomerReply
        fields = ["id", "kind", "channel", "content", "replied_by", "replied_by_name", "at", "recorded_at"]
        read_only_fields = fields

    def get_replied_by_name(self, reply) -> str:
        return user_name(reply.replied_by)


# What an owner or tenant sees of their own ticket's timeline: the steps, not the staff's notes,
# escalations or classifications.
RESIDENT_EVENT_KINDS = {"intake", "transition", "rework", "reopen", "reply"}


class TicketDetailSerializer(TicketSerializer):
    timeline = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "timeline", "replies"]
        read_only_fields = fields

    @extend_schema_field(TicketEventSerializer(many=True))
    def get_timeline(self, ticket):
        events = list(ticket.events.all())
        request = self.context.get("request")
        if request is not None and request.user.is_resident:
            events = [e for e in events if e.kind in RESIDENT_EVENT_KINDS]
            # what was said to the customer is theirs to read; staff notes are not
            return [{**row, "note": row["note"] if row["kind"] == "reply" else "", "data": {}}
                    for row in TicketEventSerializer(events, many=True, context=self.context).data]
        return TicketEventSerializer(events, many=True, context=self.context).data

    @extend_schema_field(CustomerReplyOutSerializer(many=True))
    def get_replies(self, ticket):
        return CustomerReplyOutSerializer(ticket.replies.all(), many=True, context=self.context).data


# --- tickets: input ------------------------------------------------------------------------------


class ResidentTicketCreateSerializer(serializers.Serializer):
    """What an owner or tenant reports through the portal: for one of their own units."""

    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), label=_("unit"))
    category = serializers.ChoiceField(choices=Category.choices, label=_("category"))
    content = serializers.CharField(label=_("content"))
    public_area = ScopedPrimaryKeyField(
        queryset=PublicArea.objects.all(), required=False, allow_null=True, default=None
    )
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    appointment_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    urgent = serializers.BooleanField(required=False, default=False)
    service_item = ServiceMenuItemField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        attrs["project"] = attrs["unit"].project
        return attrs


class TicketCreateSerializer(serializers.Serializer):
    """Staff intake (报事). `project` may be left out when the unit or public area names it."""

    project = ScopedPrimaryKeyField(
        queryset=Project.objects.all(), required=False, allow_null=True, default=None
    )
    category = serializers.ChoiceField(choices=Category.choices, label=_("category"))
    content = serializers.CharField(label=_("content"))
    channel = serializers.ChoiceField(choices=Ticket._meta.get_field("channel").choices, default="phone")
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), required=False, allow_null=True, default=None)
    public_area = ScopedPrimaryKeyField(
        queryset=PublicArea.objects.all(), required=False, allow_null=True, default=None
    )
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    caller_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    appointment_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    promised_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    urgent = serializers.BooleanField(required=False, default=False)
    department = serializers.ChoiceField(
        choices=Department.choices, required=False, allow_blank=True, default=""
    )
    service_item = ServiceMenuItemField(required=False, allow_null=True, default=None)
    answer = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("A consultation answered on the spot is closed at once."),
    )
    at = event_at_field()

    def validate(self, attrs):
        if attrs["project"] is None:
            place = attrs["unit"] or attrs["public_area"]
            if place is None:
                raise serializers.ValidationError(
                    {"project": [_("Choose the project, a unit or a public area.")]}
                )
            attrs["project"] = place.project
        return attrs


class DispatchSerializer(serializers.Serializer):
    department = serializers.ChoiceField(choices=Department.choices, label=_("department"))
    assignee = StaffUserField(required=False, allow_null=True, default=None, label=_("handler"))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    at = event_at_field()


class EventTimeSerializer(serializers.Serializer):
    at = event_at_field()


class StartSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    at = event_at_field()


class CompleteSerializer(serializers.Serializer):
    result = serializers.CharField(label=_("result"))
    labour_hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    materials = serializers.CharField(required=False, allow_blank=True, default="")
    materials_fee = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    labour_fee = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Left out on a quoted or fixed-price menu service: the quoted price."),
    )
    fee_change_reason = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text=_("Required when the fee differs from the price quoted to the customer before the work."),
    )
    at = event_at_field()


class CustomerAcceptSerializer(serializers.Serializer):
    accepted = serializers.BooleanField(label=_("accepted by the customer"))
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    at = event_at_field()


class ReturnVisitSerializer(serializers.Serializer):
    solved = serializers.BooleanField(label=_("solved"))
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, label=_("satisfaction"))
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    method = serializers.ChoiceField(choices=VisitMethod.choices, default=VisitMethod.PHONE)
    at = event_at_field()


class EscalateSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("reason"))
    level = serializers.ChoiceField(
        choices=[c for c in EscalationLevel.choices if c[0] != EscalationLevel.NONE],
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Left out: one level up."),
    )
    at = event_at_field()


class ExtendDeadlineSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=[(k, v) for k, v in deadlines.STEP_LABELS.items()], label=_("step")
    )
    new_due_at = serializers.DateTimeField(label=_("new deadline"))
    reason = serializers.CharField(label=_("reason"))
    at = event_at_field()


class ClassifySerializer(serializers.Serializer):
    validity = serializers.ChoiceField(choices=Validity.choices, label=_("validity"))
    severity = serializers.ChoiceField(
        choices=Severity.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required for a valid complaint."),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    at = event_at_field()


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("reason"))
    at = event_at_field()


class CloseSerializer(serializers.Serializer):
    answer = serializers.CharField(required=False, allow_blank=True, default="")
    at = event_at_field()


class HandoverSerializer(serializers.Serializer):
    to_user = StaffUserField(label=_("hand over to"))
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    at = event_at_field()


class IncidentSerializer(serializers.Serializer):
    """Group the complaint with others about the same event: an existing incident, or a new one by title."""

    incident = ScopedPrimaryKeyField(
        queryset=ComplaintIncident.objects.all(), required=False, allow_null=True, default=None
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    at = event_at_field()

    def validate(self, attrs):
        if attrs["incident"] is None and not attrs["title"].strip():
            raise serializers.ValidationError({"incident": [_("Choose an incident or name a new one.")]})
        return attrs


# --- service menu --------------------------------------------------------------------------------


class ServiceMenuItemSerializer(serializers.ModelSerializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())

    class Meta:
        model = ServiceMenuItem
        fields = [
            "id",
            "project",
            "group",
            "name",
            "pricing",
            "price_min",
            "price_max",
            "unit_label",
            "labour_only",
            "price_text",
            "department",
            "sort_order",
            "is_active",
        ]
        extra_kwargs = {"price_min": {"min_value": 0}, "price_max": {"min_value": 0}}
        validators = []  # (project, group, name) uniqueness is checked by the model in the service


# --- contact log ---------------------------------------------------------------------------------


class ContactLogSerializer(serializers.ModelSerializer):
    serializer_choice_field = ValueChoiceField
    unit_code = serializers.SerializerMethodField()
    received_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ContactLog
        fields = [
            "id",
            "project",
            "kind",
            "at",
            "caller_number",
            "name",
            "unit",
            "unit_code",
            "content",
            "received_by",
            "received_by_name",
            "ticket",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_unit_code(self, log) -> str:
        return log.unit.code if log.unit_id else ""

    def get_received_by_name(self, log) -> str:
        return user_name(log.received_by)


class ContactLogCreateSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    kind = serializers.ChoiceField(choices=ContactLog.Kind.choices)
    content = serializers.CharField()
    caller_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), required=False, allow_null=True, default=None)
    at = event_at_field()


class MakeTicketSerializer(serializers.Serializer):
    """Turn a logged call or visit into a ticket; content, caller, unit and time come from the log."""

    category = serializers.ChoiceField(choices=Category.choices)
    public_area = ScopedPrimaryKeyField(
        queryset=PublicArea.objects.all(), required=False, allow_null=True, default=None
    )
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    appointment_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    promised_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    urgent = serializers.BooleanField(required=False, default=False)
    department = serializers.ChoiceField(
        choices=Department.choices, required=False, allow_blank=True, default=""
    )
    service_item = ServiceMenuItemField(required=False, allow_null=True, default=None)
    answer = serializers.CharField(required=False, allow_blank=True, default="")


# --- customer visits -----------------------------------------------------------------------------


class CustomerVisitSerializer(serializers.ModelSerializer):
    serializer_choice_field = ValueChoiceField
    unit_code = serializers.SerializerMethodField()
    visited_by_name = serializers.SerializerMethodField()

    class Meta:
        model = CustomerVisit
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "customer_name",
            "visited_by",
            "visited_by_name",
            "at",
            "method",
            "declined",
            "key_customer",
            "satisfaction",
            "opinion",
            "tickets",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_unit_code(self, visit) -> str:
        return visit.unit.code if visit.unit_id else ""

    def get_visited_by_name(self, visit) -> str:
        return user_name(visit.visited_by)


class CustomerVisitCreateSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    method = serializers.ChoiceField(choices=VisitMethod.choices)
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), required=False, allow_null=True, default=None)
    customer_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    at = event_at_field()
    declined = serializers.BooleanField(required=False, default=False)
    key_customer = serializers.BooleanField(required=False, default=False)
    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices, required=False, allow_blank=True, default=""
    )
    opinion = serializers.CharField(required=False, allow_blank=True, default="")
    opinion_category = ValueChoiceField(
        choices=Category.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("A ticket category (as `category` of a ticket): the opinion becomes a ticket of it."),
    )


class AsOfSerializer(serializers.Serializer):
    """The `as_of` query parameter: the moment deadlines and overdue are evaluated at (default now)."""

    as_of = serializers.DateTimeField(required=False, allow_null=True, default=None)


# --- replies, opinions, quotes (seed 000 §6, §7, §13) -------------------------------------------


class ReplySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=CustomerReply.Kind.choices, label=_("kind"),
        help_text="interim: what will be done and when; result: the outcome, after the work is completed",
    )
    channel = serializers.ChoiceField(choices=CustomerReply.Channel.choices, label=_("channel"))
    content = serializers.CharField(label=_("what was said"))
    at = event_at_field()


class OpinionSerializer(serializers.Serializer):
    opinion = serializers.CharField(label=_("handling opinion"))
    at = event_at_field()


class QuoteSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, label=_("quoted price"))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    at = event_at_field()


# --- desk duty and deadline settings ---------------------------------------------------------------


class DeskDutySerializer(serializers.ModelSerializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    user = StaffUserField(label=_("assistant"))
    user_name = serializers.SerializerMethodField()

    class Meta:
        model = DeskDuty
        fields = ["id", "project", "day", "user", "user_name", "set_by", "set_at"]
        read_only_fields = ["id", "set_by", "set_at", "user_name"]

    def get_user_name(self, duty) -> str:
        return user_name(duty.user)


class DeadlineRuleSerializer(serializers.Serializer):
    step = serializers.CharField()
    label = serializers.CharField(read_only=True)
    amount = serializers.IntegerField(min_value=0)
    unit = serializers.ChoiceField(choices=[(u, u) for u in deadlines.UNITS])
    default_amount = serializers.IntegerField(read_only=True)
    default_unit = serializers.CharField(read_only=True)


class DeadlineSettingsSerializer(serializers.Serializer):
    """A project's service-desk timing: deadline rules per step and the time of the daily list of
    unreturned repairs (seed 000 §13: before the early shift leaves at 17:00)."""

    rules = DeadlineRuleSerializer(many=True)
    unreturned_digest_time = serializers.TimeField(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"])


class ButlerAreaSerializer(serializers.Serializer):
    """片区管家: the assistant who looks after a building (null: none)."""

    building = ScopedPrimaryKeyField(queryset=Building.objects.all(), label=_("building"))
    user = StaffUserField(label=_("area butler"), allow_null=True)
    user_name = serializers.SerializerMethodField()

    def get_user_name(self, row) -> str:
        user = row.get("user") if isinstance(row, dict) else row.user
        return user_name(user) if user else ""
