"""Serializers of the release passes API: explicit input per action; outputs with labels, the
temporary-carrying flag and personal data masked for roles that do not need it."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.core.masking import shown_id_number, shown_mobile
from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.choices import IdType
from wuye.estate.models import Unit
from wuye.frontdesk.choices import CarrierKind, ConsentAnswer, PassKind, PassStatus
from wuye.frontdesk.models import ReleasePass, ReleasePassItem
from wuye.frontdesk.selectors_passes import consent_party_needed, consent_state

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


class ReleasePassItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReleasePassItem
        fields = ["id", "name", "quantity", "note"]
        read_only_fields = fields


class ReleasePassSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField

    unit_code = serializers.CharField(source="unit.code", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    carrier_kind_label = serializers.CharField(source="get_carrier_kind_display", read_only=True)
    carrier_id_number = serializers.SerializerMethodField()
    carrier_mobile = serializers.SerializerMethodField()
    consent_needed = serializers.SerializerMethodField()
    consent_state = serializers.SerializerMethodField()
    flagged = serializers.SerializerMethodField()
    temporary_count = serializers.SerializerMethodField()
    items = ReleasePassItemSerializer(many=True, read_only=True)
    approved_by_name = serializers.SerializerMethodField()
    released_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ReleasePass
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "number",
            "kind",
            "kind_label",
            "reason",
            "status",
            "status_label",
            "valid_on",
            "carrier_kind",
            "carrier_kind_label",
            "carrier_name",
            "carrier_id_type",
            "carrier_id_number",
            "carrier_mobile",
            "company",
            "items",
            "consent_needed",
            "consent_state",
            "consent_party",
            "consent_name",
            "consent_phone",
            "consent_called_at",
            "consent_answer",
            "consent_note",
            "carrier_signed",
            "owner_signed",
            "approved_by",
            "approved_by_name",
            "approved_at",
            "released_at",
            "released_by",
            "released_by_name",
            "gate_note",
            "cancelled_at",
            "cancel_reason",
            "expired_at",
            "flagged",
            "temporary_count",
            "created_at",
            "created_by",
        ]
        read_only_fields = fields

    def _viewer(self):
        request = self.context.get("request")
        return request.user if request is not None else None

    def get_carrier_id_number(self, obj) -> str:
        return shown_id_number(self._viewer(), obj.project_id, obj.carrier_id_number)

    def get_carrier_mobile(self, obj) -> str:
        return shown_mobile(self._viewer(), obj.project_id, obj.carrier_mobile)

    def get_consent_needed(self, obj) -> str:
        """`owner`, `company`, or "" (the owner carries their own goods)."""
        return consent_party_needed(obj.carrier_kind)

    def get_consent_state(self, obj) -> str:
        """`not_needed`, `missing`, `agreed`, `refused` or `unreachable`."""
        return consent_state(obj)

    def get_flagged(self, obj) -> bool:
        return bool(getattr(obj, "flagged", False))

    def get_temporary_count(self, obj) -> int:
        return int(getattr(obj, "temporary_count", 0))

    def get_approved_by_name(self, obj) -> str:
        return str(obj.approved_by) if obj.approved_by_id else ""

    def get_released_by_name(self, obj) -> str:
        return str(obj.released_by) if obj.released_by_id else ""


class ItemInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    quantity = serializers.IntegerField(min_value=1, max_value=100_000)
    note = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ReleasePassCreateSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all())
    kind = _choice("ReleasePassKindField", PassKind)
    carrier_kind = _choice("ReleasePassCarrierKindField", CarrierKind)
    carrier_name = serializers.CharField(max_length=100)
    carrier_id_type = serializers.ChoiceField(
        choices=[("", "—"), *IdType.choices], required=False, allow_blank=True, default=""
    )
    carrier_id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    carrier_mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    company = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="For a company employee."
    )
    items = ItemInputSerializer(many=True, allow_empty=False, max_length=20)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    valid_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Default: today."
    )


class ReleasePassConsentSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=30, help_text="The number called.")
    name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="Who answered."
    )
    answer = _choice("ReleasePassConsentAnswerField", ConsentAnswer)
    note = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="What was said."
    )
    called_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Default: now."
    )


class ReleasePassApproveSerializer(serializers.Serializer):
    carrier_signed = serializers.BooleanField(help_text="The carrier signed the pass.")
    owner_signed = serializers.BooleanField(
        default=False, help_text="The owner signed (not needed when the phone consent agreed)."
    )


class ReleasePassCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class ReleasePassReleaseSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=20, help_text="The pass's number, typed or scanned (QR).")
    items_checked = serializers.BooleanField(help_text="The guard checked the goods against the items.")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    project = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="Only needed when the number exists in several of the guard's projects.",
    )


class DailyQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    date = serializers.DateField(required=False, help_text="Default: today.")

    def validate(self, attrs):
        attrs.setdefault("date", timezone.localdate())
        return attrs


class DailyCountSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class DailyPassesSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project.pk")
    date = serializers.DateField(source="day")
    total = serializers.IntegerField()
    flagged = serializers.IntegerField()
    counts = serializers.SerializerMethodField()
    passes = ReleasePassSerializer(many=True)

    def get_counts(self, obj) -> list[dict]:
        return [{"status": s, "label": label, "count": n} for s, label, n in obj.summary()]


STATUS_CHOICES = PassStatus.choices
