"""Console forms of the release passes. They parse input only; the services decide every rule
(settlement, consent, signatures, the gate's refusals) and their refusals come back on these forms
(wuye.core.forms.attempt)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wuye.core.widgets import DateField
from wuye.estate.choices import IdType
from wuye.frontdesk.choices import CarrierKind, ConsentAnswer, PassKind, PassStatus
from wuye.servicedesk.forms.fields import ChipSelect, ProjectFormMixin, UnitCodeField, datetime_field

#: lines of items on the new-pass form (the paper form's table); empty lines are ignored
ITEM_LINES = 8

#: service argument → form field, for putting a service's field errors on the right input
RENAME = {"unit": "unit_code", "items": "item_name_1"}


class PassForm(ProjectFormMixin, forms.Form):
    """A new pass (seed 000 §4 steps 1–3): the unit, the reason, the carrier, the items and the day."""

    unit_code = UnitCodeField(label=_("Unit"), required=True)
    kind = forms.ChoiceField(
        label=_("Reason"), choices=PassKind.choices, widget=ChipSelect, initial=PassKind.TEMPORARY
    )
    reason = forms.CharField(label=_("Details of the reason"), max_length=200, required=False)
    valid_on = DateField(
        label=_("Valid on"), required=False, help_text=_("Today or a later day; empty for today.")
    )
    carrier_kind = forms.ChoiceField(
        label=_("Carrier"), choices=CarrierKind.choices, widget=ChipSelect, initial=CarrierKind.OWNER
    )
    carrier_name = forms.CharField(label=_("Carrier's name"), max_length=100)
    carrier_id_type = forms.ChoiceField(
        label=_("Carrier's ID type"), choices=[("", "—"), *IdType.choices], required=False
    )
    carrier_id_number = forms.CharField(label=_("Carrier's ID number"), max_length=40, required=False)
    carrier_mobile = forms.CharField(label=_("Carrier's mobile"), max_length=20, required=False)
    company = forms.CharField(
        label=_("Company"), max_length=200, required=False, help_text=_("For a company employee.")
    )

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)
        for line in range(1, ITEM_LINES + 1):
            self.fields[f"item_name_{line}"] = forms.CharField(
                label=_("Item %(line)s") % {"line": line}, max_length=100, required=False
            )
            self.fields[f"item_quantity_{line}"] = forms.IntegerField(
                label=_("Quantity"), min_value=1, max_value=100_000, required=False
            )
            self.fields[f"item_note_{line}"] = forms.CharField(
                label=_("Note"), max_length=100, required=False
            )

    def item_lines(self):
        """(name, quantity, note) bound fields per line, for the items table of the template."""
        return [
            (self[f"item_name_{line}"], self[f"item_quantity_{line}"], self[f"item_note_{line}"])
            for line in range(1, ITEM_LINES + 1)
        ]

    def head_fields(self):
        return [self[name] for name in ("unit_code", "kind", "reason", "valid_on")]

    def carrier_fields(self):
        return [
            self[name]
            for name in (
                "carrier_kind",
                "carrier_name",
                "carrier_id_type",
                "carrier_id_number",
                "carrier_mobile",
                "company",
            )
        ]

    def clean_unit_code(self):
        return self.resolve_unit()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        items = []
        for line in range(1, ITEM_LINES + 1):
            name = data.pop(f"item_name_{line}", "")
            quantity = data.pop(f"item_quantity_{line}", None)
            note = data.pop(f"item_note_{line}", "")
            items.append({"name": name, "quantity": quantity, "note": note})
        data["items"] = items
        data["unit"] = data.pop("unit_code")
        return data


class ConsentForm(forms.Form):
    """The consent call (seed 000 §4 step 5)."""

    phone = forms.CharField(label=_("Number called"), max_length=30)
    name = forms.CharField(label=_("Answered by"), max_length=100, required=False)
    answer = forms.ChoiceField(label=_("Answer"), choices=ConsentAnswer.choices, widget=ChipSelect)
    note = forms.CharField(label=_("What was said"), max_length=200, required=False)
    called_at = datetime_field(
        _("Called at"), help_text=_("Leave empty for now; for a paper record enter the real time.")
    )

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ApproveForm(forms.Form):
    """The issue: the handler's signature is the issue itself; the carrier's and the owner's."""

    carrier_signed = forms.BooleanField(label=_("The carrier signed the pass"), required=False)
    owner_signed = forms.BooleanField(
        label=_("The owner signed the pass"),
        required=False,
        help_text=_("Not needed when the owner agreed by phone or carries the goods themself."),
    )

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class PassFilterForm(forms.Form):
    """The list's filters (all optional)."""

    number = forms.CharField(label=pgettext_lazy("release pass", "Number"), max_length=20, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *PassStatus.choices], required=False
    )
    kind = forms.ChoiceField(label=_("Reason"), choices=[("", _("All")), *PassKind.choices], required=False)
    valid_from = DateField(label=_("Valid from"), required=False)
    valid_to = DateField(label=_("Valid to"), required=False)
    flagged = forms.BooleanField(label=_("Flagged units only"), required=False)


class DayForm(forms.Form):
    day = DateField(label=_("Day"), required=False)

    def day_or_today(self):
        if self.is_valid() and self.cleaned_data.get("day"):
            return self.cleaned_data["day"]
        return timezone.localdate()


class GateLookupForm(forms.Form):
    number = forms.CharField(
        label=_("Release pass number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "placeholder": "FX2026-0001",
                "autofocus": True,
            }
        ),
    )


class GateReleaseForm(forms.Form):
    number = forms.CharField(widget=forms.HiddenInput, max_length=20)
    items_checked = forms.BooleanField(label=_("I checked the goods against the items"), required=False)
    note = forms.CharField(label=_("Gate note"), max_length=200, required=False)
