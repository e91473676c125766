"""Serializers of the key register and its movements (explicit input per action)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.accounts.models import User
from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.choices import IdType
from wuye.estate.models import Owner, Unit
from wuye.keys.choices import KeySource, KeyState
from wuye.keys.models import Key, KeyMovement, KeyRelease
from wuye.keys.selectors import is_overdue


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


@extend_schema_field(OpenApiTypes.INT)
class StaffField(serializers.PrimaryKeyRelatedField):
    """A staff user by id (the services check they work in the key's project)."""

    def get_queryset(self):
        return User.objects.filter(is_active=True)


class KeyMovementSerializer(OutputSerializer):
    by_name = serializers.CharField(source="by.__str__", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = KeyMovement
        fields = [
            "id",
            "kind",
            "kind_label",
            "at",
            "by",
            "by_name",
            "from_state",
            "to_state",
            "to_user",
            "to_owner",
            "to_name",
            "signed_name",
            "signed",
            "identity_checked",
            "identity_document",
            "due_back_at",
            "visitor_name",
            "note",
            "release",
        ]
        read_only_fields = fields


class KeyReleaseSerializer(OutputSerializer):
    class Meta:
        model = KeyRelease
        fields = [
            "id",
            "status",
            "reason",
            "to_name",
            "to_id_type",
            "requested_by",
            "requested_at",
            "manager_approved_by",
            "manager_approved_at",
            "leadership_approved_by",
            "leadership_approved_at",
            "rejected_by",
            "rejected_at",
            "comment",
            "released_at",
        ]
        read_only_fields = fields


class KeySerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Key
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "number",
            "source",
            "source_label",
            "storage_location",
            "state",
            "state_label",
            "entrusted_by",
            "consent_recorded",
            "holder_user",
            "holder_name",
            "out_since",
            "due_back_at",
            "overdue",
            "note",
            "registered_at",
            "registered_by",
        ]
        read_only_fields = fields

    def get_overdue(self, key) -> bool:
        return is_overdue(key)


class KeyDetailSerializer(KeySerializer):
    movements = KeyMovementSerializer(many=True, read_only=True)
    releases = KeyReleaseSerializer(many=True, read_only=True)

    class Meta(KeySerializer.Meta):
        fields = [*KeySerializer.Meta.fields, "movements", "releases"]
        read_only_fields = fields


class KeyCreateSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all())
    source = _choice("KeySourceField", KeySource)
    storage_location = serializers.CharField(max_length=60, help_text="The locked cabinet and hook.")
    number = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        default="",
        help_text="Empty: the next number (K0001…).",
    )
    entrusted_by = ScopedPrimaryKeyField(
        queryset=Owner.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="For owner-entrusted and rectification keys: the owner who gives the key.",
    )
    consent = serializers.BooleanField(
        default=False, help_text="The owner's consent to keep the key (entrusted and rectification keys)."
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SignatureMixin(serializers.Serializer):
    signed_name = serializers.CharField(max_length=100, help_text="The name the recipient signed with.")
    signed = serializers.BooleanField(help_text="The recipient signed the register.")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


class KeyIssueSerializer(SignatureMixin):
    to_owner = ScopedPrimaryKeyField(queryset=Owner.objects.all())
    identity_checked = serializers.BooleanField()
    identity_document = _choice("KeyIdentityDocumentField", IdType)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class KeyBorrowSerializer(SignatureMixin):
    kind = serializers.ChoiceField(
        choices=[("loan", "Internal loan"), ("viewing", "Viewing (the key stays with staff)")],
        default="loan",
        help_text="`loan`: internal borrowing with a due-back time; `viewing`: a staff member takes the "
        "key to open the door for a visitor (due back in 2 hours; the visitor never holds it).",
    )
    borrower = StaffField(help_text="The staff member who takes the key (loan: the borrower).")
    due_back_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    visitor_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    signed_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signed = serializers.BooleanField(default=False)

    def validate(self, attrs):
        if attrs["kind"] == "loan" and attrs["due_back_at"] is None:
            raise serializers.ValidationError({"due_back_at": [_("A loan needs its due-back time.")]})
        if attrs["kind"] == "viewing" and not attrs["visitor_name"].strip():
            raise serializers.ValidationError({"visitor_name": [_("Say who views the unit.")]})
        return attrs


class KeyReturnSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class KeyReleaseRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
    to_name = serializers.CharField(max_length=100)
    to_id_type = _choice("KeyReleaseIdTypeField", IdType, default=IdType.RESIDENT_ID)
    to_id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class KeyReleaseDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class KeyReleaseCompleteSerializer(SignatureMixin):
    identity_checked = serializers.BooleanField()


MAX_ID = 2**63 - 1


class KeyReceiptQuerySerializer(serializers.Serializer):
    movement = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="The movement (id from the key's `movements`); default: the key's latest movement "
        "that is signed for.",
    )


class KeyRegisterPdfQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The project's register.")
    state = _choice("KeyRegisterStateField", KeyState, required=False, help_text="Only keys in this state.")
