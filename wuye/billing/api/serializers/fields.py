"""Fields and bases shared by the billing serializers."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.core.money import MONEY  # noqa: F401  (re-exported to the billing serializers)
from wuye.estate.api.serializers import ScopedPrimaryKeyField

QTY = {"max_digits": 14, "decimal_places": 2}
RATE = {"max_digits": 14, "decimal_places": 4}

_ENUM_FIELD_CLASSES: dict[tuple, type] = {}  # one field class per choice set (its schema is per class)


def enum_field(choices, *, allow_blank: bool = False, exclude=(), **kwargs) -> serializers.ChoiceField:
    """A choice input whose enum is written inline in the schema.

    Names such as `method` and `kind` carry other choice sets elsewhere in the API. drf-spectacular
    hoists every property-level enum into a component named after the field and warns when names
    collide (ENUM_NAME_OVERRIDES lives in settings); an enum inside an `allOf` with a description
    beside it stays where it is, still documented and validated by clients."""
    pairs = [(value, label) for value, label in choices.choices if value not in exclude]
    values = [value for value, _label in pairs] + ([""] if allow_blank else [])
    key = (choices, allow_blank, tuple(exclude))  # the class itself: two choice sets may share a name
    field_class = _ENUM_FIELD_CLASSES.get(key)
    if field_class is None:
        listed = ", ".join(f"`{v}`" for v in values if v)
        schema = {"allOf": [{"type": "string", "enum": values}], "description": f"One of {listed}."}
        field_class = extend_schema_field(schema)(
            type(f"{choices.__name__}Field", (serializers.ChoiceField,), {})
        )
        _ENUM_FIELD_CLASSES[key] = field_class
    if allow_blank:
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", "")
    return field_class(choices=pairs, allow_blank=allow_blank, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    """Outputs carry the value as a plain string, with a `*_label` beside it."""


@extend_schema_field(OpenApiTypes.INT)
class ScopedKeyField(ScopedPrimaryKeyField):
    """A foreign key limited to the user's scope; out-of-scope rows 'do not exist' (400)."""


def name_of(user) -> str:
    return str(user) if user is not None else ""


class OutputSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField
