"""Serializers of the desk's temporary storage and lending (explicit input per action). Mobiles and
ID numbers are masked for roles without personal-data access."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.choices import PaymentMethod
from wuye.core.masking import mask_id_number, mask_mobile, personal_data_visible
from wuye.core.money import MONEY
from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.choices import IdType
from wuye.estate.models import Project, Unit
from wuye.frontdesk.choices import ReturnOutcome, StorageCategory
from wuye.frontdesk.models import LendableItem, Loan, StorageCheck, StoredItem
from wuye.frontdesk.selectors_storage_lending import is_loan_overdue, is_stored_overdue


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

    def unmasked(self, project_id: int) -> bool:
        cache = self.context.setdefault("_unmasked_projects", {})
        if project_id not in cache:
            request = self.context.get("request")
            cache[project_id] = personal_data_visible(getattr(request, "user", None), project_id)
        return cache[project_id]


def _text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, **kwargs)


def _optional_text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


AT = {
    "required": False,
    "allow_null": True,
    "default": None,
    "help_text": "Default: now (paper records: the real time).",
}


# --- storage ---------------------------------------------------------------------------------------


class StoredItemSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True, default="")
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    depositor_mobile = serializers.SerializerMethodField()
    picker_id_number = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = StoredItem
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "depositor",
            "depositor_mobile",
            "category",
            "category_label",
            "description",
            "quantity",
            "condition",
            "deposited_at",
            "expected_pickup_at",
            "received_by",
            "status",
            "status_label",
            "overdue",
            "picked_up_at",
            "picker_name",
            "picker_id_type",
            "picker_id_number",
            "condition_at_pickup",
            "handed_by",
            "contacted_at",
            "contact_note",
        ]
        read_only_fields = fields

    def get_depositor_mobile(self, obj) -> str:
        return obj.depositor_mobile if self.unmasked(obj.project_id) else mask_mobile(obj.depositor_mobile)

    def get_picker_id_number(self, obj) -> str:
        return obj.picker_id_number if self.unmasked(obj.project_id) else mask_id_number(obj.picker_id_number)

    def get_overdue(self, obj) -> bool:
        return is_stored_overdue(obj)


class StoredItemCreateSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), required=False, allow_null=True, default=None)
    depositor = _text(100, help_text="Who leaves the item.")
    depositor_mobile = _optional_text(20)
    category = _choice(
        "StorageCategoryField",
        StorageCategory,
        help_text="The project's refused categories (setting frontdesk.refused_storage) answer 400.",
    )
    description = _text(200, help_text="The item.")
    quantity = serializers.IntegerField(min_value=1, default=1)
    condition = _text(200, help_text="Its condition as it is left.")
    expected_pickup_at = serializers.DateTimeField(help_text="When it will be picked up (later than now).")
    at = serializers.DateTimeField(**AT)


class StoredItemPickupSerializer(serializers.Serializer):
    picker_name = _text(100)
    stated_item = _text(200, help_text="The item as the customer names it (must match the record).")
    stated_deposited_on = serializers.DateField(help_text="The day the customer says it was left.")
    id_type = _choice("StoragePickerIdTypeField", IdType)
    id_number = _text(40, help_text="A resident ID is validated (length, birth date, check digit).")
    condition_at_pickup = _text(200)
    condition_checked = serializers.BooleanField(help_text="Checked together with the customer.")
    at = serializers.DateTimeField(**AT)


class StoredItemContactedSerializer(serializers.Serializer):
    note = _text(200, help_text="How the customer was contacted and what was said.")
    at = serializers.DateTimeField(**AT)


class StorageCheckSerializer(OutputSerializer):
    difference = serializers.SerializerMethodField()

    class Meta:
        model = StorageCheck
        fields = [
            "id",
            "project",
            "day",
            "checked_at",
            "checked_by",
            "items_found",
            "items_expected",
            "difference",
            "note",
        ]
        read_only_fields = fields

    def get_difference(self, obj) -> int:
        return obj.items_found - obj.items_expected


class StorageCheckCreateSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    items_found = serializers.IntegerField(min_value=0, help_text="Items found on the shelf.")
    note = _optional_text(200, help_text="Required when the count differs from the record.")
    at = serializers.DateTimeField(**AT)


# --- lending -----------------------------------------------------------------------------------------


class LoanSerializer(OutputSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    project = serializers.IntegerField(source="item.project_id", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True, default="")
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    borrower_mobile = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Loan
        fields = [
            "id",
            "project",
            "item",
            "item_code",
            "item_name",
            "borrower",
            "borrower_mobile",
            "unit",
            "unit_code",
            "lent_at",
            "lent_by",
            "condition_out",
            "due_back_at",
            "overdue",
            "returned_at",
            "returned_to",
            "outcome",
            "outcome_label",
            "condition_in",
            "compensation",
            "charge",
            "walk_in_payment",
        ]
        read_only_fields = fields

    def get_borrower_mobile(self, obj) -> str:
        return obj.borrower_mobile if self.unmasked(obj.item.project_id) else mask_mobile(obj.borrower_mobile)

    def get_overdue(self, obj) -> bool:
        return is_loan_overdue(obj)


class LendableItemSerializer(OutputSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = LendableItem
        fields = ["id", "project", "code", "name", "original_price", "state", "state_label", "condition"]
        read_only_fields = fields


class LendableItemCreateSerializer(serializers.Serializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    code = _text(20, help_text="The item's number, unique in the project.")
    name = _text(100)
    original_price = serializers.DecimalField(
        **MONEY, min_value=0, help_text="What a lost or damaged item costs."
    )
    condition = _optional_text(200)


class LendSerializer(serializers.Serializer):
    borrower = _text(100)
    borrower_mobile = _optional_text(20)
    unit = ScopedPrimaryKeyField(
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The borrower's unit; a borrower without one pays any compensation on the spot.",
    )
    condition_out = _text(200, help_text="The condition checked at lending.")
    due_back_at = serializers.DateTimeField(help_text="Later than now.")
    at = serializers.DateTimeField(**AT)


class ItemConditionSerializer(serializers.Serializer):
    condition = _optional_text(200)


class ItemRetireSerializer(serializers.Serializer):
    reason = _text(200)


class LoanReturnSerializer(serializers.Serializer):
    outcome = _choice("LoanReturnOutcomeField", ReturnOutcome)
    condition_in = _optional_text(200, help_text="Required unless the item is lost.")
    payment_method = _choice(
        "LoanCompensationMethodField",
        PaymentMethod,
        default=PaymentMethod.CASH,
        help_text="A borrower without a unit pays a damaged or lost item's original price on the spot.",
    )
    payment_reference = _optional_text(100, help_text="The payer's transaction reference (non-cash).")
    at = serializers.DateTimeField(**AT)
