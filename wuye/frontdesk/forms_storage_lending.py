"""Console forms of the desk's temporary storage and lending (seed 000 §14). They parse input only;
the services decide every rule (refused categories, pick-up checks, the daily check, states,
compensation) and their refusals are put back on these forms (wuye.core.forms.attempt)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.billing.choices import PaymentMethod
from wuye.core.money import MONEY
from wuye.core.widgets import DateField
from wuye.estate.choices import IdType
from wuye.frontdesk.choices import ReturnOutcome, StorageCategory
from wuye.servicedesk.forms.fields import ChipSelect, ProjectFormMixin, UnitCodeField, datetime_field

#: service argument → form field, for putting a service's field errors on the right input
RENAME = {"unit": "unit_code"}


def _paper_time(label):
    return datetime_field(label, help_text=_("Leave empty for now; for a paper record enter the real time."))


class ServiceForm(forms.Form):
    """`service_kwargs` are the arguments of the form's one service."""

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class UnitServiceForm(ProjectFormMixin, ServiceForm):
    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)

    def clean_unit_code(self):
        return self.resolve_unit()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        return data


# --- storage ---------------------------------------------------------------------------------------


class DepositForm(UnitServiceForm):
    """The storage application form (物品寄存申请表)."""

    depositor = forms.CharField(label=_("Left by"), max_length=100)
    depositor_mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    unit_code = UnitCodeField(label=_("Unit"), help_text=_("Leave empty for an office worker or visitor."))
    category = forms.ChoiceField(label=_("Category"), choices=StorageCategory.choices)
    description = forms.CharField(label=_("Item"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    condition = forms.CharField(label=_("Condition when left"), max_length=200)
    expected_pickup_at = datetime_field(_("To be picked up by"), required=True)
    at = _paper_time(_("Left at"))


class PickupForm(ServiceForm):
    picker_name = forms.CharField(label=_("Picked up by"), max_length=100)
    stated_item = forms.CharField(
        label=_("Item as the customer names it"),
        max_length=200,
        help_text=_("Ask the customer; it must match the record."),
    )
    stated_deposited_on = DateField(label=_("Day left, as the customer says"))
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    condition_at_pickup = forms.CharField(label=_("Condition at pick-up"), max_length=200)
    condition_checked = forms.BooleanField(
        label=_("Condition checked together with the customer"), required=False
    )
    at = _paper_time(_("Picked up at"))


class ContactedForm(ServiceForm):
    note = forms.CharField(
        label=_("How the customer was contacted and what was said"), max_length=200, required=False
    )
    at = _paper_time(_("Contacted at"))


class StorageCheckForm(ServiceForm):
    items_found = forms.IntegerField(label=_("Items found"), min_value=0)
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Required when the count differs from the record."),
    )


# --- lending -----------------------------------------------------------------------------------------


class LendableItemForm(ServiceForm):
    code = forms.CharField(label=_("Number"), max_length=20)
    name = forms.CharField(label=_("Item"), max_length=100, help_text=_("e.g. umbrella, trolley"))
    original_price = forms.DecimalField(label=_("Original price"), min_value=0, **MONEY)
    condition = forms.CharField(label=_("Condition"), max_length=200, required=False)


class LendForm(UnitServiceForm):
    borrower = forms.CharField(label=_("Borrower"), max_length=100)
    borrower_mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    unit_code = UnitCodeField(
        label=_("Unit"),
        help_text=_("Compensation is charged to the unit; without one it is paid on the spot."),
    )
    condition_out = forms.CharField(label=_("Condition when lent"), max_length=200)
    due_back_at = datetime_field(_("Due back at"), required=True)
    at = _paper_time(_("Lent at"))


class ReturnForm(ServiceForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ReturnOutcome.choices, widget=ChipSelect, initial=ReturnOutcome.GOOD
    )
    condition_in = forms.CharField(
        label=_("Condition when returned"),
        max_length=200,
        required=False,
        help_text=_("Required unless the item is lost."),
    )
    payment_method = forms.ChoiceField(
        label=_("Compensation paid by"),
        choices=[(v, label) for v, label in PaymentMethod.choices if v != PaymentMethod.DEPOSIT],
        initial=PaymentMethod.CASH,
        help_text=_("Only for a borrower without a unit: the original price is paid on the spot."),
    )
    payment_reference = forms.CharField(label=_("Transaction reference"), max_length=100, required=False)
    at = _paper_time(_("Returned at"))


class ConditionForm(ServiceForm):
    condition = forms.CharField(label=_("Condition"), max_length=200, required=False)


class RetireForm(ServiceForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)
