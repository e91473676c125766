"""Inputs of intake and of each ticket action (one serializer per action)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.models import Project, PublicArea, Unit
from wuye.servicedesk import deadlines
from wuye.servicedesk.api.serializers.fields import (
    ServiceMenuItemField,
    StaffUserField,
    TicketArrangementSerializer,
    event_at_field,
)
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
    CustomerReply,
    Ticket,
)

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


class TicketCreateSerializer(TicketArrangementSerializer):
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
        required=False,
        allow_blank=True,
        default="",
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


# --- replies, opinions, quotes (seed 000 §6, §7, §13) -------------------------------------------


class ReplySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=CustomerReply.Kind.choices,
        label=_("kind"),
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
