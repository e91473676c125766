"""Serializers of the handover API: explicit input per write, output rows for reads."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.api.serializers.fields import OutputSerializer, ScopedKeyField, enum_field, name_of
from wuye.billing.choices import PaymentMethod
from wuye.core.money import MONEY
from wuye.estate.models import Building, Project, Unit
from wuye.handover.choices import FORM_STEPS, Step
from wuye.handover.models import ChecklistItem, Defect, Handover, HandoverBatch, HandoverStep
from wuye.servicedesk.api.serializers.fields import StaffUserField


class HandoverBatchSerializer(OutputSerializer):
    class Meta:
        model = HandoverBatch
        fields = ["id", "project", "name", "handover_date", "buildings", "notes", "created_at"]
        read_only_fields = fields


class HandoverBatchCreateSerializer(serializers.Serializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    name = serializers.CharField(max_length=100)
    handover_date = serializers.DateField()
    buildings = serializers.ListField(child=ScopedKeyField(queryset=Building.objects.all()), required=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ChecklistItemSerializer(OutputSerializer):
    task_label = serializers.CharField(source="get_task_display", read_only=True)
    owner_name = serializers.SerializerMethodField()
    state = serializers.CharField(source="current_state", read_only=True)
    state_label = serializers.CharField(source="current_state_label", read_only=True)

    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "task",
            "task_label",
            "days_before",
            "due_date",
            "owner",
            "owner_name",
            "done_at",
            "note",
            "state",
            "state_label",
        ]
        read_only_fields = fields

    def get_owner_name(self, item) -> str:
        return name_of(item.owner)


@extend_schema_field(OpenApiTypes.INT)
class BatchChecklistItemField(serializers.PrimaryKeyRelatedField):
    """An item of the batch named in the URL (another batch's item 'does not exist': 400)."""

    def get_queryset(self):
        return self.context["batch"].checklist.all()


class ChecklistItemDoneSerializer(serializers.Serializer):
    item = BatchChecklistItemField()
    at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When it was done, for records entered later.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class ChecklistItemAssignSerializer(serializers.Serializer):
    item = BatchChecklistItemField()
    owner = StaffUserField(allow_null=True, help_text="A staff member of the project; null: nobody.")


class BatchRescheduleSerializer(serializers.Serializer):
    handover_date = serializers.DateField()
    reason = serializers.CharField(max_length=100)


class HandoverStepSerializer(OutputSerializer):
    class Meta:
        model = HandoverStep
        fields = ["step", "at", "done_by", "detail"]
        read_only_fields = fields


class HandoverSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    next_step = serializers.CharField(read_only=True, allow_null=True)
    steps = HandoverStepSerializer(many=True, read_only=True)
    fees_amount = serializers.DecimalField(**MONEY, read_only=True, allow_null=True)

    class Meta:
        model = Handover
        fields = [
            "id",
            "project",
            "batch",
            "unit",
            "unit_code",
            "status",
            "status_label",
            "last_step",
            "next_step",
            "owner",
            "handover_date",
            "fees_start",
            "fees_end",
            "fees_amount",
            "fees_detail",
            "payment",
            "key_count",
            "rectification_key_number",
            "not_taken_reason",
            "finished_at",
            "steps",
        ]
        read_only_fields = fields


class HandoverCreateSerializer(serializers.Serializer):
    batch = ScopedKeyField(queryset=HandoverBatch.objects.all())
    unit = ScopedKeyField(queryset=Unit.objects.all())


class CompleteStepSerializer(serializers.Serializer):
    """`step` and `at`, then the fields of that step (the others are ignored)."""

    step = enum_field(Step, exclude=[s for s in Step.values if s not in FORM_STEPS])
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    # 1 roster
    name = serializers.CharField(required=False, max_length=100, allow_blank=True)
    id_number = serializers.CharField(required=False, max_length=40, allow_blank=True)
    contract_number = serializers.CharField(required=False, max_length=50, allow_blank=True)
    # 2 documents
    id_copied = serializers.BooleanField(required=False)
    documents = serializers.CharField(required=False, max_length=300, allow_blank=True)
    # 3 archive
    mobile = serializers.CharField(required=False, max_length=20, allow_blank=True)
    emergency_contact = serializers.CharField(required=False, max_length=50, allow_blank=True)
    emergency_mobile = serializers.CharField(required=False, max_length=20, allow_blank=True)
    birthday = serializers.DateField(required=False, allow_null=True)
    # 4 safety letter
    signed = serializers.BooleanField(required=False)
    # 6 payment
    method = enum_field(PaymentMethod, exclude=[PaymentMethod.DEPOSIT], required=False)
    reference = serializers.CharField(required=False, max_length=100, allow_blank=True)
    # 7 keys
    key_count = serializers.IntegerField(required=False, min_value=0, max_value=99)
    handbooks = serializers.BooleanField(required=False)
    rectification_key_number = serializers.CharField(required=False, max_length=30, allow_blank=True)
    owner_consent = serializers.BooleanField(required=False)
    key_storage_location = serializers.CharField(required=False, max_length=50, allow_blank=True)
    # 8 document receipt
    receipt_signed = serializers.BooleanField(required=False)


class FinishSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class HandoverNotTakenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class HandoverDefectSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    building_name = serializers.CharField(source="building.__str__", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Defect
        fields = [
            "id",
            "project",
            "handover",
            "unit",
            "unit_code",
            "building",
            "building_name",
            "item",
            "location",
            "responsible_party",
            "within_warranty",
            "due_date",
            "rectification_key_number",
            "owner_consent",
            "result",
            "owner_signed_off",
            "closed_at",
            "is_open",
            "created_at",
        ]
        read_only_fields = fields


class HandoverDefectCreateSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=200)
    location = serializers.CharField(max_length=100)
    responsible_party = serializers.CharField(max_length=100)
    within_warranty = serializers.BooleanField(required=False, default=True)
    due_date = serializers.DateField()
    rectification_key_number = serializers.CharField(
        required=False, max_length=30, allow_blank=True, default=""
    )
    owner_consent = serializers.BooleanField(required=False, default=False)
    key_storage_location = serializers.CharField(required=False, max_length=50, allow_blank=True, default="")


class HandoverDefectCloseSerializer(serializers.Serializer):
    result = serializers.CharField()
    owner_signed_off = serializers.BooleanField()
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
