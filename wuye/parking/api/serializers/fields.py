"""Fields and helpers shared by the parking serializers."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.core.masking import personal_data_visible
from wuye.parking.selectors import cash_receipt_number

#: wide enough that a mistyped plate reaches the plate check (and its message), not a length error
PLATE_INPUT = {"max_length": 32, "help_text": "Mainland plate; spaces, dots and dashes are ignored."}


def inline_choice_field(name: str, choices: list[tuple[str, str]], **kwargs) -> serializers.ChoiceField:
    """A choice input offering a subset of a model's choices, its enum written inline in the schema
    (hoisted enums named after the field, such as `method`, would collide with billing's)."""
    values = [value for value, _label in choices]
    schema = {
        "allOf": [{"type": "string", "enum": values}],
        "description": "One of " + ", ".join(f"`{v}`" for v in values) + ".",
    }
    field_class = extend_schema_field(schema)(type(name, (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


def personal_data_unmasked(context: dict, project_id: int) -> bool:
    """Does the requesting user's role in the project need personal data (people.view_personal)?"""
    cache = context.setdefault("_unmasked_projects", {})
    if project_id not in cache:
        cache[project_id] = personal_data_visible(context["request"].user, project_id)
    return cache[project_id]


# How a rental's rent or a stay's fee is paid: charged to a unit's account (`unit_code`) or in cash
# against a receipt (`receipt`, `receipt_number`, annotated by the `*_with_receipt` selectors). The
# serializer declares the three method fields itself, each with its own help text. No docstring:
# drf-spectacular would publish it as the description of every serializer built on the mixin.
class PaymentFieldsMixin:
    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_receipt(self, obj):
        return getattr(obj, "cash_receipt", None)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_receipt_number(self, obj):
        return cash_receipt_number(obj)

    def get_unit_code(self, obj) -> str:
        return obj.unit.code if obj.unit_id else ""
