"""Serializers of the shift log and the custody view (explicit input per action)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.core.masking import shown_mobile
from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.models import Project, Unit
from wuye.frontdesk.choices import ShiftEntryKind
from wuye.frontdesk.models import ShiftEntry, ShiftHandover
from wuye.frontdesk.selectors_shift_custody import KIND_LABELS, is_flagged

MAX_ID = 2**63 - 1


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    """Outputs carry the value as a plain string, with a `*_label` beside it."""


class OutputSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField


def _kind_field():
    values = list(ShiftEntryKind.values)
    listed = ", ".join(f"`{v}`" for v in values)
    schema = {"allOf": [{"type": "string", "enum": values}], "description": f"One of {listed}."}
    field_class = extend_schema_field(schema)(type("ShiftEntryKindField", (serializers.ChoiceField,), {}))
    return field_class(choices=ShiftEntryKind.choices)


# --- shift log entries ------------------------------------------------------------------------------


class ShiftEntrySerializer(OutputSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True, default="")
    contact = serializers.SerializerMethodField(help_text="Masked for roles without personal-data access.")
    created_by_name = serializers.CharField(source="created_by.__str__", read_only=True)
    closed_by_name = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()
    handover_count = serializers.IntegerField(
        read_only=True, default=0, help_text="How many hand-overs have carried the entry."
    )

    class Meta:
        model = ShiftEntry
        fields = [
            "id",
            "project",
            "kind",
            "kind_label",
            "text",
            "unit",
            "unit_code",
            "from_name",
            "contact",
            "created_at",
            "created_by",
            "created_by_name",
            "is_open",
            "closed_at",
            "closed_by",
            "closed_by_name",
            "outcome",
            "handover_count",
        ]
        read_only_fields = fields

    def get_contact(self, entry) -> str:
        request = self.context.get("request")
        return shown_mobile(getattr(request, "user", None), entry.project_id, entry.contact)

    def get_closed_by_name(self, entry) -> str:
        return str(entry.closed_by) if entry.closed_by_id else ""

    def get_is_open(self, entry) -> bool:
        return entry.closed_at is None


class ShiftEntryCreateSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    kind = _kind_field()
    text = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The message, or the point to follow up."
    )
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), required=False, allow_null=True, default=None)
    from_name = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="Who left the message (required for a message).",
    )
    contact = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


class ShiftEntryCloseSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=200, help_text="What came of it.")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


# --- hand-overs ---------------------------------------------------------------------------------------


class ShiftHandoverSerializer(OutputSerializer):
    handed_by_name = serializers.CharField(source="handed_by.__str__", read_only=True)
    acknowledged_by_name = serializers.SerializerMethodField()
    entry_count = serializers.IntegerField(
        read_only=True, default=0, help_text="Open entries handed over with it."
    )
    flagged = serializers.SerializerMethodField(
        help_text="Unacknowledged for longer than the project's `frontdesk.handover_ack_hours`."
    )

    class Meta:
        model = ShiftHandover
        fields = [
            "id",
            "project",
            "shift",
            "handed_at",
            "handed_by",
            "handed_by_name",
            "summary",
            "acknowledged_at",
            "acknowledged_by",
            "acknowledged_by_name",
            "entry_count",
            "flagged",
        ]
        read_only_fields = fields

    def get_acknowledged_by_name(self, handover) -> str:
        return str(handover.acknowledged_by) if handover.acknowledged_by_id else ""

    def get_flagged(self, handover) -> bool:
        return is_flagged(handover)


class ShiftHandoverDetailSerializer(ShiftHandoverSerializer):
    entries = serializers.SerializerMethodField()

    class Meta(ShiftHandoverSerializer.Meta):
        fields = [*ShiftHandoverSerializer.Meta.fields, "entries"]
        read_only_fields = fields

    @extend_schema_field(ShiftEntrySerializer(many=True))
    def get_entries(self, handover):
        entries = self.context.get("entries")
        if entries is None:
            entries = handover.entries.select_related("unit", "created_by", "closed_by").order_by(
                "created_at", "pk"
            )
        return ShiftEntrySerializer(entries, many=True, context=self.context).data


class ShiftHandoverCreateSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    shift = serializers.CharField(max_length=30, help_text="The shift handed over, e.g. 白班, 夜班.")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


class ShiftAcknowledgeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


# --- the custody view -------------------------------------------------------------------------------


class CustodyQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The desk's project.")
    kind = serializers.ChoiceField(
        choices=list(KIND_LABELS), required=False, help_text="Only rows of this kind."
    )
    overdue = serializers.BooleanField(required=False, default=False, help_text="Only overdue rows.")


class CustodyRowSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="`mail`, `storage`, `loan`, `key` or `pass`.")
    kind_label = serializers.CharField()
    id = serializers.IntegerField(help_text="The row's id in its register (mail item, stored item, …).")
    reference = serializers.CharField()
    person = serializers.CharField(help_text="Recipient, depositor, borrower, key holder or carrier.")
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    unit_code = serializers.CharField()
    since = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    due_label = serializers.CharField()
    overdue = serializers.BooleanField()
    note = serializers.CharField()


class CustodyCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    overdue = serializers.IntegerField()


class CustodySerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project.pk")
    at = serializers.DateTimeField()
    keys_shown = serializers.BooleanField(help_text="Keys are shown to those who may read the key register.")
    keys_in_store = serializers.IntegerField(allow_null=True, help_text="Keys in the locked cabinet.")
    counts = serializers.DictField(child=CustodyCountSerializer())
    overdue_count = serializers.IntegerField()
    rows = serializers.SerializerMethodField(help_text="Overdue first, then by what falls due next.")

    @extend_schema_field(CustodyRowSerializer(many=True))
    def get_rows(self, result):
        """The rows as CustodyRowSerializer documents them, built directly: thousands of rows through
        a serializer each cost more than the queries (bench/frontdesk_custody.py)."""
        rows = self.context.get("rows")
        moment = serializers.DateTimeField().to_representation
        labels: dict[str, tuple[str, str]] = {}
        data = []
        for row in result.rows if rows is None else rows:
            if row.kind not in labels:
                labels[row.kind] = (row.kind_label, row.due_label)
            kind_label, due_label = labels[row.kind]
            data.append(
                {
                    "kind": row.kind,
                    "kind_label": kind_label,
                    "id": row.id,
                    "reference": row.reference,
                    "person": row.person,
                    "unit": row.unit_id,
                    "unit_code": row.unit_code,
                    "since": moment(row.since) if row.since is not None else None,
                    "due_at": moment(row.due_at) if row.due_at is not None else None,
                    "due_label": due_label,
                    "overdue": row.overdue,
                    "note": row.note,
                }
            )
        return data
