"""Serializers of the visitor and mail registers: explicit inputs per action; ID numbers and mobiles
masked for roles that do not need them (people.view_personal, as on the owner record)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.accounts.models import User
from wuye.core.masking import mask_id_number, mask_mobile, personal_data_visible
from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.choices import IdType
from wuye.estate.models import Project, Unit
from wuye.frontdesk.choices import HostConfirmation, MailKind, MailStatus, SubscriptionKind
from wuye.frontdesk.models import MailItem, OrdinaryMailLog, Subscription, Visitor
from wuye.frontdesk.selectors_visitors_mail import days_waiting

MAX_ID = 2**63 - 1


def _choice(name: str, choices, **kwargs) -> serializers.ChoiceField:
    """A choice input documented inline under its own name (no enum-name collisions)."""
    values = list(choices.values)
    listed = ", ".join(f"`{v}`" for v in values)
    schema = {"allOf": [{"type": "string", "enum": values}], "description": f"One of {listed}."}
    field_class = extend_schema_field(schema)(type(name, (serializers.ChoiceField,), {}))
    return field_class(choices=choices.choices, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    """Outputs carry the value as a plain string, with a `*_label` beside it."""


class OutputSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField


def _unmasked(context: dict, project_id: int) -> bool:
    cache = context.setdefault("_unmasked_projects", {})
    if project_id not in cache:
        cache[project_id] = personal_data_visible(context["request"].user, project_id)
    return cache[project_id]


@extend_schema_field(OpenApiTypes.INT)
class StaffField(serializers.PrimaryKeyRelatedField):
    """A staff user by id (the service checks they work in the project)."""

    def get_queryset(self):
        return User.objects.filter(is_active=True)


# --- visitors ----------------------------------------------------------------------------------------


class VisitorSerializer(OutputSerializer):
    host_unit_code = serializers.CharField(source="host_unit.code", read_only=True, default="")
    id_type_label = serializers.CharField(source="get_id_type_display", read_only=True)
    host_confirmation_label = serializers.CharField(source="get_host_confirmation_display", read_only=True)
    id_number = serializers.SerializerMethodField(help_text="Masked for roles without personal-data access.")
    mobile = serializers.SerializerMethodField(help_text="Masked for roles without personal-data access.")
    inside = serializers.SerializerMethodField()

    class Meta:
        model = Visitor
        fields = [
            "id",
            "project",
            "name",
            "id_type",
            "id_type_label",
            "id_number",
            "mobile",
            "people",
            "host_unit",
            "host_unit_code",
            "host_name",
            "host_confirmation",
            "host_confirmation_label",
            "host_confirmed_at",
            "purpose",
            "plate",
            "in_at",
            "out_at",
            "inside",
            "registered_by",
            "out_recorded_by",
        ]
        read_only_fields = fields

    def get_id_number(self, visitor) -> str:
        if _unmasked(self.context, visitor.project_id):
            return visitor.id_number
        return mask_id_number(visitor.id_number)

    def get_mobile(self, visitor) -> str:
        if _unmasked(self.context, visitor.project_id):
            return visitor.mobile
        return mask_mobile(visitor.mobile)

    def get_inside(self, visitor) -> bool:
        return visitor.out_at is None


class VisitorCreateSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    name = serializers.CharField(max_length=100)
    id_type = _choice("VisitorIdTypeField", IdType, default=IdType.RESIDENT_ID)
    id_number = serializers.CharField(max_length=40, allow_blank=True, default="")
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    people = serializers.IntegerField(min_value=1, max_value=999, default=1)
    host_unit = ScopedPrimaryKeyField(
        queryset=Unit.objects.all(), required=False, allow_null=True, default=None
    )
    host_name = serializers.CharField(max_length=100)
    host_confirmation = _choice(
        "VisitorHostConfirmationField",
        HostConfirmation,
        help_text="How the person visited confirmed; without it the visitor is not let in.",
    )
    host_confirmed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    plate = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    in_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Default: now."
    )


class VisitorLeaveSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


# --- mail --------------------------------------------------------------------------------------------


class MailItemSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True, default="")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    collector_id_number = serializers.SerializerMethodField(
        help_text="Masked for roles without personal-data access."
    )
    days_waiting = serializers.SerializerMethodField()

    class Meta:
        model = MailItem
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "for_management",
            "kind",
            "kind_label",
            "recipient",
            "sender",
            "tracking_number",
            "pieces",
            "status",
            "status_label",
            "received_at",
            "received_by",
            "days_waiting",
            "notified_at",
            "notify_note",
            "collected_at",
            "collector_name",
            "collector_is_recipient",
            "collector_id_type",
            "collector_id_number",
            "signed",
            "handed_over_by",
            "returned_at",
            "note",
        ]
        read_only_fields = fields

    def get_collector_id_number(self, item) -> str:
        if _unmasked(self.context, item.project_id):
            return item.collector_id_number
        return mask_id_number(item.collector_id_number)

    def get_days_waiting(self, item) -> int | None:
        return days_waiting(item) if item.status == MailStatus.WAITING else None


class MailReceiveSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    kind = _choice("MailKindField", MailKind)
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), required=False, allow_null=True, default=None)
    for_management = serializers.BooleanField(default=False, help_text="Mail for the management office.")
    recipient = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    sender = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    tracking_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    pieces = serializers.IntegerField(min_value=1, max_value=999, default=1)
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MailNotifySerializer(serializers.Serializer):
    how = serializers.CharField(max_length=100, help_text="How the recipient was told: phone, message…")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


class MailCollectSerializer(serializers.Serializer):
    collector_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="Default: the recipient."
    )
    signed = serializers.BooleanField(help_text="The collector signed the register.")
    collector_is_recipient = serializers.BooleanField(default=True)
    collector_id_type = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the collector is not the recipient: one of the ID types.",
    )
    collector_id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MailReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ProjectQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class RoundQuerySerializer(ProjectQuerySerializer):
    day = serializers.DateField(required=False, help_text="Default: today.")


# --- ordinary mail -----------------------------------------------------------------------------------


class OrdinaryMailLogSerializer(OutputSerializer):
    unit_codes = serializers.SerializerMethodField()

    class Meta:
        model = OrdinaryMailLog
        fields = ["id", "project", "day", "count", "units", "unit_codes", "note", "delivered_by", "logged_at"]
        read_only_fields = fields

    def get_unit_codes(self, log) -> list[str]:
        return [unit.code for unit in log.units.all()]


class OrdinaryMailLogCreateSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    day = serializers.DateField()
    count = serializers.IntegerField(min_value=1, max_value=100_000)
    units = ScopedPrimaryKeyField(queryset=Unit.objects.all(), many=True, required=False, default=list)
    delivered_by = StaffField(required=False, allow_null=True, default=None, help_text="Default: you.")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# --- subscriptions -----------------------------------------------------------------------------------


class SubscriptionSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    building = serializers.CharField(source="unit.building.number", read_only=True)
    floor = serializers.IntegerField(source="unit.floor", read_only=True)
    room = serializers.CharField(source="unit.room", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "building",
            "floor",
            "room",
            "kind",
            "kind_label",
            "title",
            "copies",
            "starts_on",
            "ends_on",
            "registered_by",
        ]
        read_only_fields = fields


class SubscriptionCreateSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all())
    kind = _choice("SubscriptionKindField", SubscriptionKind)
    title = serializers.CharField(max_length=100)
    copies = serializers.IntegerField(min_value=1, max_value=999, default=1)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class SubscriptionUpdateSerializer(serializers.Serializer):
    kind = _choice("SubscriptionUpdateKindField", SubscriptionKind, required=False)
    title = serializers.CharField(max_length=100, required=False)
    copies = serializers.IntegerField(min_value=1, max_value=999, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)
