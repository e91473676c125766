"""Tickets as the API shows them: deadlines, timeline, replies."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.core import access
from wuye.servicedesk import selectors
from wuye.servicedesk.api.serializers.fields import ValueChoiceField, user_name
from wuye.servicedesk.models import (
    CustomerReply,
    Ticket,
    TicketEvent,
)

# --- tickets: output -----------------------------------------------------------------------------


class DeadlineSerializer(serializers.Serializer):
    step = serializers.CharField()
    label = serializers.CharField()
    due_at = serializers.DateTimeField()
    met_at = serializers.DateTimeField(allow_null=True)
    state = serializers.ChoiceField(choices=["pending", "met", "late"])
    amount = serializers.IntegerField(
        allow_null=True, help_text="the rule's amount, e.g. 2 (null: a fixed time)"
    )
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

    def to_representation(self, ticket):
        data = super().to_representation(ticket)
        request = self.context.get("request")
        if request is not None:  # phones masked for roles without personal-data access (issue 10)
            cache = self.context.setdefault("_personal_projects", {})
            if ticket.project_id not in cache and not request.user.is_resident:
                cache[ticket.project_id] = access.has_perm(
                    request.user, "people.view_personal", ticket.project_id
                )
            data.update(selectors.shown_contact(request.user, ticket, personal=cache.get(ticket.project_id)))
        return data

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
            return [
                {**row, "note": row["note"] if row["kind"] == "reply" else "", "data": {}}
                for row in TicketEventSerializer(events, many=True, context=self.context).data
            ]
        return TicketEventSerializer(events, many=True, context=self.context).data

    @extend_schema_field(CustomerReplyOutSerializer(many=True))
    def get_replies(self, ticket):
        return CustomerReplyOutSerializer(ticket.replies.all(), many=True, context=self.context).data
