"""Date and date-time inputs that look the same whatever the browser's language.

`<input type=date>` shows 11/30/2026 on an English browser and 2026/11/30 on a Chinese one, and a
paper record typed from the 收费单 then lands on the wrong day. These fields show and accept one
format: YYYY-MM-DD and YYYY-MM-DD HH:MM (the ISO "T" between date and time is accepted too, since
that is what a datetime-local input and older bookmarks post). console.js adds a picker button and
turns 20261130 into 2026-11-30 as one types; without JS the text input with its pattern works alone.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
DATETIME_PATTERN = r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}"


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "YYYY-MM-DD",
            "pattern": DATE_PATTERN,
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "size": "11",
            "data-date-input": "date",
            "data-picker-label": _("Choose on a calendar"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "YYYY-MM-DD HH:MM",
            "pattern": DATETIME_PATTERN,
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "16",
            "size": "17",
            "data-date-input": "datetime",
            "data-picker-label": _("Choose on a calendar"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATETIME_FORMAT)


class DateField(forms.DateField):
    """A date typed as YYYY-MM-DD, nothing else (no 11/30/2026, no 2026/11/30)."""

    widget = DateInput
    default_error_messages = {"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2026-11-30.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DATE_FORMAT])
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not re.fullmatch(DATE_PATTERN, value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class DateTimeField(forms.DateTimeField):
    """A local (Asia/Shanghai) time typed as YYYY-MM-DD HH:MM; no seconds, no offset, no other order."""

    widget = DateTimeInput
    default_error_messages = {"invalid": _("Enter the time as YYYY-MM-DD HH:MM, e.g. 2026-11-30 09:30.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DATETIME_FORMAT, "%Y-%m-%dT%H:%M"])
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not re.fullmatch(DATETIME_PATTERN, value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


MONTH_FORMAT = "%Y-%m"
MONTH_PATTERN = r"\d{4}-\d{2}"


class MonthInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "YYYY-MM",
            "pattern": MONTH_PATTERN,
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "7",
            "size": "8",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=MONTH_FORMAT)


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (its first day), never the browser's own month picker format."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter the month as YYYY-MM, e.g. 2026-11.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [MONTH_FORMAT])
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not re.fullmatch(MONTH_PATTERN, value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
