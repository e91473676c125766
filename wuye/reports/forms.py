from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wuye.core.widgets import DateField
from wuye.reports import periods
from wuye.servicedesk.choices import Department


class ThreeRatesFilterForm(forms.Form):
    """The console's filter: week or month around a date, or an explicit range; the project is the
    one chosen in the switcher."""

    period = forms.ChoiceField(label=_("Period"), choices=periods.KIND_CHOICES, required=False)
    date = DateField(label=_("Date"), required=False)
    department = forms.ChoiceField(
        label=_("Department"), choices=[("", _("All departments")), *Department.choices], required=False
    )
    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("Until (exclusive)"), required=False)
    trend = forms.IntegerField(
        label=_("Trend periods"), required=False, min_value=0, max_value=periods.MAX_TREND
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["period"] = data.get("period") or periods.MONTH
        try:
            data["report_period"] = periods.resolve(
                kind=data["period"], day=data.get("date"), start=data.get("start"), end=data.get("end")
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(name, message)
        data["trend"] = 6 if data.get("trend") is None else data["trend"]
        return data


class RepairFeesFilterForm(forms.Form):
    """The month of the repair-fee statistics (YYYY-MM, typed the same whatever the browser's
    language); the project is the one chosen in the switcher."""

    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": "YYYY-MM",
                "pattern": periods.MONTH_PATTERN,
                "inputmode": "numeric",
                "maxlength": "7",
                "size": "8",
                "autocomplete": "off",
            }
        ),
    )

    def clean(self):
        data = super().clean()
        try:
            data["period"] = periods.month_of(data.get("month"))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(name, message)
        return data
