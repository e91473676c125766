"""Serializers of the handover API: explicit input per write, output rows for reads."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.api.serializers.fields import OutputSerializer, ScopedKeyField, enum_field, name_of
from wuye.billing.choices import PaymentMethod
from wuye.core.money import MONEY
from wuye.core.validators import check_plausible_date
from wuye.estate.models import Building, Project, Unit
from wuye.handover.choices import FORM_STEPS, Step
from wuye.handover.models import (
    ChecklistAssignment,
    ChecklistItem,
    Defect,
    Handover,
    HandoverBatch,
    HandoverStep,
)
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


class ChecklistAssignmentSerializer(OutputSerializer):
    """A change of a checklist item's owner: from whom to whom (null: nobody), by whom, when."""

    previous_owner_name = serializers.SerializerMethodField()
    owner_name = serializers.SerializerMethodField()
    assigned_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistAssignment
        fields = [
            "id",
            "previous_owner",
            "previous_owner_name",
            "owner",
            "owner_name",
            "assigned_by",
            "assigned_by_name",
            "assigned_at",
        ]
        read_only_fields = fields

    def get_previous_owner_name(self, row) -> str:
        return name_of(row.previous_owner)

    def get_owner_name(self, row) -> str:
        return name_of(row.owner)

    def get_assigned_by_name(self, row) -> str:
        return name_of(row.assigned_by)


class ChecklistItemSerializer(OutputSerializer):
    task_label = serializers.CharField(source="get_task_display", read_only=True)
    owner_name = serializers.SerializerMethodField()
    state = serializers.CharField(source="current_state", read_only=True)
    state_label = serializers.CharField(source="current_state_label", read_only=True)
    assignments = ChecklistAssignmentSerializer(
        many=True, read_only=True, help_text="who made whom responsible when, oldest first"
    )

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
            "assignments",
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


# --- reports: 交房日报表 and 房屋交接汇总报表 (the console pages' figures, from the same selectors) --


def _plausible(value, field: str):
    try:
        check_plausible_date(value, field=field)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.message_dict[field]) from exc
    return value


class HandoverDailyQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1, help_text="Project id.")
    date = serializers.DateField(required=False, help_text="The day, YYYY-MM-DD; default: today.")
    batch = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Only this batch of the project (default: the batches whose handover date has "
        "come by the day, and any that handed over a unit that day).",
    )

    def validate_date(self, value):
        return _plausible(value, "date")


class HandoverSummaryQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1, help_text="Project id.")
    batch = serializers.IntegerField(min_value=1, help_text="A handover batch of the project.")


class DailyHandoverRowSerializer(serializers.Serializer):
    """One unit handed over on the day (a row of the page and of the Excel)."""

    handover = serializers.IntegerField(source="pk")
    unit = serializers.IntegerField(source="unit_id")
    unit_code = serializers.CharField(source="unit.code")
    owner = serializers.IntegerField(source="owner_id", allow_null=True)
    owner_name = serializers.SerializerMethodField()
    finished_at = serializers.DateTimeField()
    fees_start = serializers.DateField(allow_null=True)
    fees_end = serializers.DateField(allow_null=True)
    fees_amount = serializers.DecimalField(**MONEY, allow_null=True, help_text="fees prepaid (yuan)")
    key_count = serializers.IntegerField(allow_null=True, help_text="keys handed over")
    defect_count = serializers.IntegerField(help_text="defects recorded for the unit so far")

    def get_owner_name(self, handover) -> str:
        return handover.owner.name if handover.owner else ""


class BatchDailyReportSerializer(serializers.Serializer):
    """A batch's daily report: the day's handovers and the batch's running totals."""

    batch = serializers.IntegerField(source="batch.pk")
    batch_name = serializers.CharField(source="batch.name")
    handover_date = serializers.DateField(source="batch.handover_date")
    handed_over_today = serializers.IntegerField()
    handed_over_to_date = serializers.IntegerField(
        help_text="units of the batch handed over by the day's end"
    )
    total_units = serializers.IntegerField(help_text="units of the batch")
    remaining = serializers.IntegerField(help_text="total_units − handed_over_to_date")
    not_taken = serializers.IntegerField(help_text="units recorded as not taken (with a reason)")
    defects_found = serializers.IntegerField(help_text="defects recorded on the day")
    handovers = DailyHandoverRowSerializer(many=True)


class HandoverDailyReportSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project.pk")
    project_name = serializers.CharField(source="project.name")
    date = serializers.DateField(source="day")
    handed_over_today = serializers.IntegerField(help_text="units handed over on the day, all batches")
    defects_found = serializers.IntegerField(help_text="defects recorded on the day, all batches")
    batches = BatchDailyReportSerializer(many=True)


_NULLABLE_DATE = serializers.DateField(allow_null=True, help_text="null: not handed over")


class SummaryRowSerializer(serializers.Serializer):
    """A unit of the batch: handed over (owner, day, fees) or not taken with the reason."""

    unit = serializers.IntegerField(source="unit.pk")
    unit_code = serializers.CharField(source="unit.code")
    building = serializers.IntegerField(source="unit.building_id")
    building_label = serializers.SerializerMethodField()
    taken = serializers.BooleanField(help_text="true: handed over")
    handover = serializers.SerializerMethodField(help_text="the unit's handover form; null: none opened")
    owner = serializers.SerializerMethodField()
    owner_name = serializers.SerializerMethodField()
    handover_date = serializers.SerializerMethodField()
    fees_start = serializers.SerializerMethodField()
    fees_end = serializers.SerializerMethodField()
    reason = serializers.CharField(help_text="why not taken (empty when handed over)")

    def _taken(self, row):
        return row.handover if row.taken else None

    def get_building_label(self, row) -> str:
        return str(row.unit.building)

    def get_handover(self, row) -> int | None:
        return row.handover.pk if row.handover is not None else None

    def get_owner(self, row) -> int | None:
        handover = self._taken(row)
        return handover.owner_id if handover is not None else None

    def get_owner_name(self, row) -> str:
        handover = self._taken(row)
        return handover.owner.name if handover is not None and handover.owner else ""

    @extend_schema_field(_NULLABLE_DATE)
    def get_handover_date(self, row):
        handover = self._taken(row)
        return handover.handover_date if handover is not None else None

    @extend_schema_field(_NULLABLE_DATE)
    def get_fees_start(self, row):
        handover = self._taken(row)
        return handover.fees_start if handover is not None else None

    @extend_schema_field(_NULLABLE_DATE)
    def get_fees_end(self, row):
        handover = self._taken(row)
        return handover.fees_end if handover is not None else None


class HandoverSummarySerializer(serializers.Serializer):
    project = serializers.IntegerField(source="batch.project_id")
    project_name = serializers.CharField(source="batch.project.name")
    batch = serializers.IntegerField(source="batch.pk")
    batch_name = serializers.CharField(source="batch.name")
    handover_date = serializers.DateField(source="batch.handover_date")
    handed_over = serializers.SerializerMethodField()
    not_taken = serializers.SerializerMethodField(help_text="units not handed over (reason on the row)")
    rows = SummaryRowSerializer(many=True)

    def get_handed_over(self, summary) -> int:
        return len(summary.handed_over)

    def get_not_taken(self, summary) -> int:
        return len(summary.not_taken)
