"""Serializers of notices: explicit output, and one input serializer per action."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.models import Project, Unit
from wuye.notices.choices import NoticeKind, NoticeStatus
from wuye.notices.models import Notice, NoticeDelivery


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    """Outputs carry the value as a plain string, with a `*_label` beside it."""


class OutputSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField


def _choice(name: str, choices, **kwargs) -> serializers.ChoiceField:
    """A choice input documented inline under its own name (no enum-name collisions)."""
    values = list(choices.values)
    listed = ", ".join(f"`{v}`" for v in values)
    schema = {"allOf": [{"type": "string", "enum": values}], "description": f"One of {listed}."}
    field_class = extend_schema_field(schema)(type(name, (serializers.ChoiceField,), {}))
    return field_class(choices=choices.choices, **kwargs)


class NoticeDeliverySerializer(OutputSerializer):
    by_name = serializers.CharField(source="by.__str__", read_only=True)

    class Meta:
        model = NoticeDelivery
        fields = ["id", "recipient_name", "delivered_at", "signed_name", "signed", "note", "by", "by_name"]
        read_only_fields = fields


@extend_schema_serializer(component_name="NoticeDocument")  # billing has a payment "Notice"
class NoticeSerializer(OutputSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True, default=None, allow_null=True)
    issued_on = serializers.DateField(read_only=True, allow_null=True)
    to_take_down = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = [
            "id",
            "project",
            "number",
            "year",
            "serial",
            "title",
            "body",
            "kind",
            "kind_label",
            "unit",
            "unit_code",
            "recipient_name",
            "issuing_department",
            "posting_places",
            "starts_on",
            "ends_on",
            "requires_signature",
            "status",
            "status_label",
            "issued_on",
            "drafted_by",
            "drafted_at",
            "submitted_by",
            "submitted_at",
            "proofread",
            "approved_by",
            "approved_at",
            "rejected_by",
            "rejected_at",
            "rejection_reason",
            "published_by",
            "published_at",
            "retired_by",
            "retired_at",
            "retirement_reason",
            "to_take_down",
            "taken_down_by",
            "taken_down_at",
            "archive_copy_by",
            "archive_copy_at",
            "archive_location",
        ]
        read_only_fields = fields

    def get_to_take_down(self, notice) -> bool:
        return (
            notice.status == NoticeStatus.RETIRED
            and notice.kind == NoticeKind.PUBLIC
            and notice.taken_down_at is None
        )


@extend_schema_serializer(component_name="NoticeDocumentDetail")
class NoticeDetailSerializer(NoticeSerializer):
    deliveries = NoticeDeliverySerializer(many=True, read_only=True)

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "deliveries"]
        read_only_fields = fields


class NoticeContentSerializer(serializers.Serializer):
    """The content of a draft (update: PUT all of it, PATCH any of it)."""

    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    kind = _choice("NoticeKindField", NoticeKind, default=NoticeKind.PUBLIC)
    unit = ScopedPrimaryKeyField(
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A notice to one customer: the customer's unit (same project).",
    )
    recipient_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    issuing_department = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default="", help_text="Empty: the project's setting."
    )
    posting_places = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        default=list,
        max_length=20,
        help_text="Public notices: some of the project's designated places (setting notices.posting_places).",
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    requires_signature = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Default: yes for a notice to one customer."
    )


class NoticeCreateSerializer(NoticeContentSerializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())


class NoticeSubmitSerializer(serializers.Serializer):
    proofread = serializers.BooleanField(help_text="The drafter checked the text for wrong characters.")


class NoticeDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(default=True, help_text="false: send the notice back.")
    reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="Why it is sent back."
    )


class NoticeRetireSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="Needed before the end date."
    )


class NoticeDeliverSerializer(serializers.Serializer):
    recipient_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signed_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signed = serializers.BooleanField(default=False)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class NoticeTakenDownSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


class NoticeArchiveSerializer(serializers.Serializer):
    location = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="Where the copy is filed."
    )
