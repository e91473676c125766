"""The service menu, calls and visits log, customer visits, desk duty, deadline settings, butlers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.models import Building, Project, PublicArea, Unit
from wuye.servicedesk import deadlines
from wuye.servicedesk.api.serializers.fields import (
    StaffUserField,
    TicketArrangementSerializer,
    ValueChoiceField,
    event_at_field,
    user_name,
)
from wuye.servicedesk.choices import (
    Category,
    Satisfaction,
    VisitMethod,
)
from wuye.servicedesk.models import (
    ContactLog,
    CustomerVisit,
    DeskDuty,
    ServiceMenuItem,
)

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


class MakeTicketSerializer(TicketArrangementSerializer):
    """Turn a logged call or visit into a ticket; content, caller, unit and time come from the log."""

    category = serializers.ChoiceField(choices=Category.choices)
    public_area = ScopedPrimaryKeyField(
        queryset=PublicArea.objects.all(), required=False, allow_null=True, default=None
    )
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
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


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "example": "16:30"}
)
class ClockTimeField(serializers.TimeField):
    """A time of day as HH:MM (HH:MM:SS accepted), not OpenAPI's `time` (which has seconds and an offset)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)


class DeadlineSettingsSerializer(serializers.Serializer):
    """A project's service-desk timing: deadline rules per step and the time of the daily list of
    unreturned repairs (seed 000 §13: before the early shift leaves at 17:00)."""

    rules = DeadlineRuleSerializer(many=True)
    unreturned_digest_time = ClockTimeField()


class ButlerAreaSerializer(serializers.Serializer):
    """片区管家: the assistant who looks after a building (null: none)."""

    building = ScopedPrimaryKeyField(queryset=Building.objects.all(), label=_("building"))
    user = StaffUserField(label=_("area butler"), allow_null=True)
    user_name = serializers.SerializerMethodField()

    def get_user_name(self, row) -> str:
        user = row.get("user") if isinstance(row, dict) else row.user
        return user_name(user) if user else ""
