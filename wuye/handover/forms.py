"""Console forms of handover: a batch, a checklist item, each step of the unit's form, a defect."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.billing.choices import PaymentMethod
from wuye.handover.choices import Step

DATE = forms.DateInput(attrs={"type": "date"})


class BatchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    handover_date = forms.DateField(label=_("Handover date"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RescheduleForm(forms.Form):
    handover_date = forms.DateField(label=_("New handover date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=100)


class AssignOwnerForm(forms.Form):
    """Who owns one of the batch's checklist items, chosen among the project's staff (empty: nobody)."""

    item = forms.ModelChoiceField(label=_("Task"), queryset=None)
    owner = forms.ModelChoiceField(
        label=_("Person responsible"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, batch, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = batch.checklist.order_by("due_date", "id")
        self.fields["item"].label_from_instance = lambda item: item.get_task_display()
        self.fields["owner"].queryset = staff


class StartForm(forms.Form):
    unit_code = forms.CharField(label=_("Unit code"), max_length=40)


class RosterStepForm(forms.Form):
    name = forms.CharField(label=_("Name on the ID document"), max_length=100)
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    contract_number = forms.CharField(label=_("Purchase contract number"), max_length=50, required=False)


class DocumentsStepForm(forms.Form):
    id_copied = forms.BooleanField(label=_("ID document copied"), required=False)
    documents = forms.CharField(label=_("Documents collected"), max_length=300, required=False)


class ArchiveStepForm(forms.Form):
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    emergency_contact = forms.CharField(label=_("Emergency contact"), max_length=50, required=False)
    emergency_mobile = forms.CharField(label=_("Emergency contact mobile"), max_length=20, required=False)
    birthday = forms.DateField(label=_("Birthday"), required=False, widget=DATE)


class SafetyStepForm(forms.Form):
    signed = forms.BooleanField(label=_("The owner signed the safety responsibility letter"), required=False)


class FeesStepForm(forms.Form):
    """Nothing to fill: the fees are computed from today, the handover day."""


class PaidStepForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Payment method"),
        choices=[(v, label) for v, label in PaymentMethod.choices if v != PaymentMethod.DEPOSIT],
    )
    reference = forms.CharField(label=_("Transaction reference"), max_length=100, required=False)


class KeysStepForm(forms.Form):
    key_count = forms.IntegerField(label=_("Number of keys"), min_value=0, max_value=99)
    handbooks = forms.BooleanField(label=_("Owner handbook and renovation handbook prepared"), required=False)
    rectification_key_number = forms.CharField(
        label=_("Key kept for rectification (number)"), max_length=30, required=False
    )
    owner_consent = forms.BooleanField(label=_("The owner consents to the key being kept"), required=False)
    key_storage_location = forms.CharField(
        label=_("Locked cabinet of the key"), max_length=50, required=False
    )


class ReceiptStepForm(forms.Form):
    receipt_signed = forms.BooleanField(label=_("The owner signed the document receipt"), required=False)


STEP_FORMS: dict[str, type[forms.Form]] = {
    Step.ROSTER_VERIFIED: RosterStepForm,
    Step.DOCUMENTS_COLLECTED: DocumentsStepForm,
    Step.ARCHIVE_COMPLETED: ArchiveStepForm,
    Step.SAFETY_LETTER_SIGNED: SafetyStepForm,
    Step.FEES_COMPUTED: FeesStepForm,
    Step.PAID: PaidStepForm,
    Step.KEYS_PREPARED: KeysStepForm,
    Step.DOCUMENTS_SIGNED: ReceiptStepForm,
}


class NotTakenForm(forms.Form):
    reason = forms.CharField(label=_("Reason not taken"), max_length=200)


class DefectForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=200)
    location = forms.CharField(label=_("Location"), max_length=100)
    responsible_party = forms.CharField(label=_("Responsible party"), max_length=100)
    within_warranty = forms.BooleanField(label=_("Within warranty"), required=False, initial=True)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    rectification_key_number = forms.CharField(label=_("Rectification key"), max_length=30, required=False)
    owner_consent = forms.BooleanField(label=_("The owner consents to the key being kept"), required=False)
    key_storage_location = forms.CharField(
        label=_("Locked cabinet of the key"), max_length=50, required=False
    )


class DefectCloseForm(forms.Form):
    result = forms.CharField(label=_("Result"), max_length=500)
    owner_signed_off = forms.BooleanField(label=_("The owner signed off"), required=False)
