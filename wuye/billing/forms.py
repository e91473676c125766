"""Console forms of billing. They parse input only; the services decide every rule."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wuye.billing.choices import REFERENCE_REQUIRED_METHODS, DepositPurpose, MeterType, PaymentMethod
from wuye.core.money import MONEY
from wuye.core.widgets import DateField
from wuye.servicedesk.forms import ChipSelect, UnitCodeField, datetime_field, text_area

#: methods a cashier takes at the desk ("offset against deposit" is recorded by refund approvals)
DESK_METHODS = [(v, label) for v, label in PaymentMethod.choices if v != PaymentMethod.DEPOSIT]


def new_idempotency_key() -> str:
    return f"desk-{uuid.uuid4().hex}"


class UnitLookupForm(forms.Form):
    unit = UnitCodeField(label=_("Unit code"), required=True)


class PaymentForm(forms.Form):
    """The cashier's payment. The hidden key is made when the form is rendered, so a double submit
    (or a retry after a lost answer) pays once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    method = forms.ChoiceField(
        label=_("Method"), choices=DESK_METHODS, initial=PaymentMethod.CASH, widget=ChipSelect
    )
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        min_value=0,
        **MONEY,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    charge_ids = forms.TypedMultipleChoiceField(
        label=_("Pay these charges"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the oldest open charges first; any rest becomes prepayment credit."),
    )
    deposit_purpose = forms.ChoiceField(
        label=_("Take as a deposit"),
        required=False,
        choices=[("", _("No: pay charges / prepay")), *DepositPurpose.choices],
    )
    payer = forms.CharField(label=_("Payer"), max_length=100, required=False)
    # Required for every method but cash; the service says so (the form only marks it for the browser).
    reference = forms.CharField(
        label=_("Transaction reference"),
        max_length=100,
        required=False,
        help_text=_(
            "Required except for cash: the WeChat Pay / Alipay transaction number, the POS slip number, "
            "or the bank or transfer reference."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "data-required-for": " ".join(sorted(REFERENCE_REQUIRED_METHODS))}
        ),
    )
    deposit_reference = forms.CharField(
        label=_("Card or key number"),
        max_length=100,
        required=False,
        help_text=_("Of a deposit; empty: the transaction reference."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    received_at = datetime_field(
        _("Received at"), help_text=_("Leave empty for now; for paper records enter the real time.")
    )

    def __init__(self, *args, open_charges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["charge_ids"].choices = [(c.pk, str(c.pk)) for c in open_charges]

    def payment_fields(self) -> dict:
        data = dict(self.cleaned_data)
        return {
            "method": data["method"],
            "amount": data["amount"],
            "idempotency_key": data["idempotency_key"],
            "charge_ids": data["charge_ids"] or None,
            "deposit_purpose": data["deposit_purpose"] or "",
            "payer": data["payer"],
            "reference": data["reference"],
            "note": data["note"],
            "received_at": data["received_at"],
            "deposit_reference": data["deposit_reference"] if data["deposit_purpose"] else "",
        }


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason for voiding"), max_length=500, widget=text_area(2))


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (an <input type=month>), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            year, month = (int(part) for part in value.split("-")[:2])
            return dt.date(year, month, 1)
        except ValueError as exc:
            raise ValidationError(_("Enter a month as YYYY-MM."), code="invalid") from exc


class ChargeRunForm(forms.Form):
    period = MonthField(label=_("First month"))
    months = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        initial=1,
        widget=ChipSelect,
        choices=[(1, _("One month")), (3, _("A quarter"))],
    )


class DeductionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount"),
        min_value=0,
        required=False,
        **MONEY,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    charge = forms.TypedChoiceField(label=_("Unpaid charge"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, charges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["charge"].choices = [("", "—"), *charges]

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None and not data.get("reason"):
            self.add_error("reason", _("Give the reason."))
        if data.get("reason") and data.get("amount") is None:
            self.add_error("amount", _("Give the amount."))
        return data


class BaseDeductionFormSet(forms.BaseFormSet):
    def deductions(self) -> list[dict]:
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if data.get("reason") and data.get("amount") is not None:
                row = {"reason": data["reason"], "amount": str(data["amount"])}
                if data.get("charge"):
                    row["charge"] = data["charge"]
                rows.append(row)
        return rows


DeductionFormSet = forms.formset_factory(DeductionForm, formset=BaseDeductionFormSet, extra=4, max_num=20)


class RefundRequestForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=text_area(2))


class RefundDecisionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)


class ReadingBatchForm(forms.Form):
    """The day of a round of readings; the figures come per meter as `reading-<meter id>`."""

    read_on = DateField(label=_("Read on"))


class MeterFilterForm(forms.Form):
    building = forms.TypedChoiceField(label=_("Building"), coerce=int, required=False, empty_value=None)
    meter_type = forms.ChoiceField(
        label=_("Meter"), required=False, choices=[("", _("All meters")), *MeterType.choices]
    )
    q = forms.CharField(label=_("Unit code"), required=False, max_length=40)

    def __init__(self, *args, buildings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].choices = [("", _("All buildings")), *((b.pk, str(b)) for b in buildings)]


class MeterInstallForm(forms.Form):
    unit_code = UnitCodeField(required=True)
    meter_type = forms.ChoiceField(label=_("Meter"), choices=MeterType.choices)
    installed_on = DateField(label=_("Installed on"))
    serial = forms.CharField(label=_("Serial number"), max_length=50, required=False)
    initial_reading = forms.DecimalField(label=_("Initial reading"), min_value=0, **MONEY, initial=0)


class MeterReplaceForm(forms.Form):
    replaced_on = DateField(label=_("Replaced on"))
    final_reading = forms.DecimalField(label=_("Final reading of the old meter"), min_value=0, **MONEY)
    new_serial = forms.CharField(label=_("Serial number of the new meter"), max_length=50, required=False)
    new_initial_reading = forms.DecimalField(
        label=_("Initial reading of the new meter"), min_value=0, **MONEY, initial=0
    )


class AsOfForm(forms.Form):
    as_of = DateField(label=_("As of"), required=False)


class CloseForm(forms.Form):
    date = DateField(label=_("Day"), required=False)
    cashier = forms.TypedChoiceField(label=_("Cashier"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, cashiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cashier"].choices = [("", _("All cashiers")), *((u.pk, str(u)) for u in cashiers)]
