"""Filters shared by every API list."""

import datetime as dt

import django_filters
from django import forms

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


class YesNoWidget(forms.Widget):
    """Reads `?x=1`, `?x=true`, `?x=yes` (and 0/false/no) the same: the console's links say `=1`."""

    def value_from_datadict(self, data, files, name):
        value = str(data.get(name, "")).strip().lower()
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        return None


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter: 1/true/yes filter in, 0/false/no filter out, anything else is no filter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesNoWidget)
        super().__init__(*args, **kwargs)


class UtcDateTimeFilter(django_filters.DateTimeFilter):
    """A date-time filter whose instant must exist in UTC, as the database stores it: a time at the
    calendar's ends (`9999-12-31T23:59:59-12:00`) answers 400 `value_out_of_range` on every database
    (SQLite overflowed converting it, PostgreSQL took it)."""

    def filter(self, qs, value):
        if value is not None:
            value.astimezone(dt.UTC)  # OverflowError → 400 value_out_of_range (core.api.errors)
        return super().filter(qs, value)
