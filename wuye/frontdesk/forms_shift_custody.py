"""Console forms of the shift log. They parse input only; the services decide every rule and their
refusals are put back on these forms (wuye.core.forms.attempt)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wuye.frontdesk.choices import ShiftEntryKind
from wuye.servicedesk.forms.fields import (
    ChipSelect,
    ProjectFormMixin,
    UnitCodeField,
    datetime_field,
    text_area,
)

#: service argument → form field, for putting a service's field errors on the right input
RENAME = {"unit": "unit_code"}


def _at(label):
    return datetime_field(label, help_text=_("Leave empty for now; for a paper record enter the real time."))


class EntryWriteForm(ProjectFormMixin, forms.Form):
    """A message left by an owner or visitor, or an open point, written in the shift log."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=ShiftEntryKind.choices, widget=ChipSelect, initial=ShiftEntryKind.MESSAGE
    )
    text = forms.CharField(label=_("Message or point to follow up"), widget=text_area(3), required=False)
    unit_code = UnitCodeField(label=_("Unit"))
    from_name = forms.CharField(
        label=pgettext_lazy("shift log", "From"),
        max_length=100,
        required=False,
        help_text=_("Who left the message."),
    )
    contact = forms.CharField(label=pgettext_lazy("shift log", "Contact"), max_length=30, required=False)
    at = _at(_("Written at"))

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)

    def clean_unit_code(self):
        return self.resolve_unit()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        return data


class EntryCloseForm(forms.Form):
    """Close an open entry with what came of it."""

    outcome = forms.CharField(label=_("Outcome"), max_length=200, required=False)
    at = _at(_("Closed at"))

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class HandoverForm(forms.Form):
    """The outgoing person hands over the shift; the open entries go with it."""

    shift = forms.CharField(
        label=_("Shift"),
        max_length=30,
        required=False,
        help_text=_("e.g. day shift, night shift"),
        widget=forms.TextInput(attrs={"list": "shift-labels"}),
    )
    summary = forms.CharField(label=_("Summary of the shift"), widget=text_area(3), required=False)
    at = _at(pgettext_lazy("shift log", "Handed over at"))

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
