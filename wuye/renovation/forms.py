"""Console forms of renovation (seed 000 §2, seed 003). They parse input only; the services in
wuye.renovation.services decide every rule and their refusals are put back on these forms
(wuye.core.forms.attempt). `service_kwargs()` are the arguments of the form's one service."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wuye.billing.choices import PaymentMethod
from wuye.core.widgets import DateField
from wuye.estate.choices import IdType
from wuye.estate.models import Building
from wuye.renovation.choices import (
    SIGN_OFF_PARTIES,
    STAFF_PARTIES,
    AgreementSigner,
    ApplicantKind,
    Department,
    DocumentKind,
    PermitKind,
    PremisesKind,
    RenovationStatus,
    Severity,
    SignOffParty,
    SignOffStage,
)
from wuye.servicedesk.forms import ChipSelect, ProjectFormMixin, UnitCodeField, datetime_field, text_area

#: service argument → form field, for putting a service's field errors on the right input
RENAME = {
    "unit": "unit_code",
    "notes_handed_over_at": "notes_handed_over",
    "agreed_at": "agreed_at",
    "existing_patrol": "at",
    "amount": "amount",
}

YES_NO = (("yes", _("Passed")), ("no", _("Failed")))
OWNER_COMPANY = (("owner", _("The owner")), ("company", _("The company's head")))


def _event_time(label=None):
    return datetime_field(
        label or _("Time"), help_text=_("Leave empty for now; for a paper record enter the real time.")
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.ImageField):
    """Several photos in one input (each checked to be an image); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ServiceForm(forms.Form):
    """A form whose cleaned data are its service's keyword arguments."""

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v is not None}


# --- the register -------------------------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    """The register's filters: stage, building, late approvals, patrol gaps yesterday."""

    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *RenovationStatus.choices]
    )
    building = forms.ModelChoiceField(
        label=_("Building"), required=False, queryset=Building.objects.none(), empty_label=_("All buildings")
    )
    late = forms.BooleanField(label=_("Approval late"), required=False)
    gaps = forms.ChoiceField(
        label=_("Patrol gaps yesterday"),
        required=False,
        choices=[("", _("Any")), ("any", _("Any department")), *Department.choices],
    )
    penalty = forms.BooleanField(label=_("Penalty awaiting decision"), required=False)
    refundable = forms.BooleanField(label=_("Deposit refundable"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = Building.objects.filter(project=project).order_by("name")


# --- the application ------------------------------------------------------------------------------------


class ApplicationForm(ProjectFormMixin, ServiceForm):
    """《装修申请登记表》: the unit, the applicant, the premises and the work, the company."""

    unit_code = UnitCodeField(label=_("Unit"), required=True)
    applicant_kind = forms.ChoiceField(
        label=_("Applicant"), choices=ApplicantKind.choices, initial=ApplicantKind.OWNER, widget=ChipSelect
    )
    agent_name = forms.CharField(label=_("Agent"), max_length=100, required=False)
    agent_id_number = forms.CharField(label=_("Agent's ID number"), max_length=40, required=False)
    agent_mobile = forms.CharField(label=_("Agent's mobile"), max_length=20, required=False)
    premises_kind = forms.ChoiceField(
        label=_("Premises"), choices=PremisesKind.choices, initial=PremisesKind.RESIDENTIAL, widget=ChipSelect
    )
    scope = forms.CharField(label=_("Scope of the work"), required=False, widget=text_area(3))
    planned_start = DateField(label=_("Planned start"), required=False)
    planned_end = DateField(label=_("Planned end"), required=False)
    company_name = forms.CharField(label=_("Renovation company"), max_length=200, required=False)
    company_credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False
    )
    company_responsible = forms.CharField(label=_("Responsible person"), max_length=100, required=False)
    company_responsible_id_number = forms.CharField(
        label=_("Responsible person's ID number"), max_length=40, required=False
    )
    company_mobile = forms.CharField(label=_("Responsible person's mobile"), max_length=20, required=False)
    fire_work = forms.BooleanField(label=_("Touches fire protection"), required=False)
    structure_work = forms.BooleanField(label=_("Changes the structure"), required=False)
    gas_work = forms.BooleanField(label=_("Changes gas pipes"), required=False)
    commitment_signed = forms.BooleanField(
        label=_("Application form and commitment letter signed by the owner"), required=False
    )
    notes_handed_over = forms.BooleanField(
        label=_("Application notes (装修申报须知) handed over"), required=False
    )

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)

    def clean_unit_code(self):
        return self.resolve_unit()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        return data


class ApplicationEditForm(ServiceForm):
    """The application corrected or completed while the file is collected (or after a rejection):
    the same fields as the new application, except the unit."""

    def __init__(self, *args, renovation, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                **{name: getattr(renovation, name) for name in self.base_fields if hasattr(renovation, name)},
                "notes_handed_over": renovation.notes_handed_over_at is not None,
            },
        )
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


for _name, _field in ApplicationForm.base_fields.items():
    if _name != "unit_code":
        ApplicationEditForm.base_fields[_name] = _field


# --- the file ------------------------------------------------------------------------------------------


class DocumentForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    reference = forms.CharField(
        label=_("Number"),
        max_length=60,
        required=False,
        help_text=_("Credit code, ID or certificate number, approval number."),
    )
    holder = forms.CharField(label=_("Issued to"), max_length=200, required=False)
    stamped = forms.BooleanField(label=_("Stamped by the renovation company"), required=False)
    issued_on = DateField(label=_("Issued on"), required=False)
    expires_on = DateField(label=_("Valid until"), required=False)
    file = forms.FileField(label=_("Scan"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, DocumentKind(k).label) for k in kinds]


class DocumentRemoveForm(ServiceForm):
    document = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Why"), max_length=100, required=False)

    def __init__(self, *args, renovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = renovation.documents.filter(removed_at__isnull=True)


class EmptyForm(ServiceForm):
    """A step with nothing to fill in (submit, issue the permit)."""


class SignOffForm(ServiceForm):
    """A signature of one party: staff sign as themselves; the owner and the company on paper."""

    party = forms.ChoiceField(label=_("Signed for"))
    signer_name = forms.CharField(
        label=_("Signed by"),
        max_length=100,
        required=False,
        help_text=_("For the owner and the company: the name as signed on paper."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, stage, parties=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        parties = parties if parties is not None else SIGN_OFF_PARTIES[stage]
        self.fields["party"].choices = [(p, SignOffParty(p).label) for p in parties]
        if not any(p not in STAFF_PARTIES for p in parties):
            del self.fields["signer_name"]

    def service_kwargs(self) -> dict:
        return {**self.cleaned_data, "stage": self.stage}


class DecisionForm(ServiceForm):
    """Approve or reject with a note (the reason, when rejecting)."""

    note = forms.CharField(label=_("Note or reason"), required=False, widget=text_area(2))


class ReasonForm(ServiceForm):
    reason = forms.CharField(label=_("Reason"), widget=text_area(2))


class PrepareForm(ServiceForm):
    """After the approval and before entry (spec 04 steps 6-8)."""

    owner_confirmed = forms.BooleanField(
        label=_("The owner confirmed the approval by signature"), required=False
    )
    agreement_signer = forms.ChoiceField(
        label=_("Management agreement signed by"),
        required=False,
        choices=[("", _("Not yet")), *AgreementSigner.choices],
    )
    commitment_delegates = forms.BooleanField(
        label=_("The owner's commitment letter delegates the agreement to the company"), required=False
    )
    briefed = forms.BooleanField(label=_("Rules briefed (by me)"), required=False)


# --- fees, workers, permit, entry ---------------------------------------------------------------------


class FeesChargeForm(ServiceForm):
    method = forms.ChoiceField(
        label=_("Paid by"),
        choices=[c for c in PaymentMethod.choices if c[0] != PaymentMethod.DEPOSIT],
        initial=PaymentMethod.CASH,
    )
    reference = forms.CharField(
        label=_("Transaction reference"),
        max_length=60,
        required=False,
        help_text=_("Required for every method but cash."),
    )
    payer = forms.CharField(label=_("Payer"), max_length=100, required=False)
    pay_fees = forms.BooleanField(label=_("The fees are paid now as well"), required=False, initial=True)
    received_at = _event_time(_("Received at"))

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("received_at") is None:
            data.pop("received_at", None)
        return data


class WorkerForm(ServiceForm):
    """One line of 《装修工人出入证办理表》."""

    name = forms.CharField(label=_("Name"), max_length=100)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    trade = forms.CharField(label=_("Trade"), max_length=60, required=False)
    valid_until = DateField(label=_("Pass valid until"), required=False)


class WorkerReturnForm(ServiceForm):
    worker = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, renovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = renovation.workers.filter(returned_at__isnull=True)


class StartForm(ServiceForm):
    """《进场装修确认表》: meter readings, the closed water test, who attended."""

    water_reading = forms.DecimalField(label=_("Water meter"), max_digits=12, decimal_places=2)
    electricity_reading = forms.DecimalField(label=_("Electricity meter"), max_digits=12, decimal_places=2)
    gas_reading = forms.DecimalField(label=_("Gas meter"), max_digits=12, decimal_places=2, required=False)
    water_test_passed = forms.ChoiceField(label=_("Closed water test"), choices=YES_NO, widget=ChipSelect)
    inspected_with = forms.CharField(
        label=_("Inspected with"),
        max_length=100,
        help_text=_("The company's or the owner's representative at the inspection."),
    )
    entry_note = forms.CharField(label=_("State of the unit at entry"), required=False, widget=text_area(2))

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["water_test_passed"] = data["water_test_passed"] == "yes"
        return data


class CompleteForm(ServiceForm):
    agreed_at = datetime_field(_("Inspection agreed for"), required=True)


class AcceptForm(ServiceForm):
    """竣工验收: the engineering and the security inspector; passed or the failures to rectify."""

    engineering_inspector = forms.ModelChoiceField(label=_("Engineering inspector"), queryset=None)
    security_inspector = forms.ModelChoiceField(label=_("Security inspector"), queryset=None)
    passed = forms.ChoiceField(label=_("Result"), choices=YES_NO, widget=ChipSelect)
    failures = forms.CharField(
        label=_("Failures and the rectification required"), required=False, widget=text_area(2)
    )

    def __init__(self, *args, engineers, guards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineering_inspector"].queryset = engineers
        self.fields["security_inspector"].queryset = guards

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["passed"] = data["passed"] == "yes"
        return data


# --- the deposit refund -------------------------------------------------------------------------------


class RefundPrepareForm(ServiceForm):
    damages = forms.CharField(
        label=_("Damage to deduct"),
        required=False,
        widget=text_area(3),
        help_text=_("One per line: what was damaged, then the amount, e.g. “电梯轿厢划伤 300”."),
    )
    collected_by_company = forms.BooleanField(
        label=_("The renovation company collects the refund"), required=False
    )
    collect_consent = forms.CharField(
        label=_("Owner's consent to the company collecting"), max_length=200, required=False
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=text_area(2))

    def clean_damages(self):
        items = []
        for number, line in enumerate((self.cleaned_data.get("damages") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            reason, _sep, amount = line.rpartition(" ")
            try:
                value = Decimal(amount.replace(",", ""))
            except (InvalidOperation, ValueError):
                raise forms.ValidationError(
                    _("Line %(n)s: end the line with the amount, e.g. “电梯轿厢划伤 300”."),
                    params={"n": number},
                ) from None
            items.append({"reason": reason.strip(), "amount": str(value)})
        return items


class RefundDecideForm(ServiceForm):
    comment = forms.CharField(
        label=_("Comment (the reason, when sending back)"), required=False, widget=text_area(2)
    )


# --- supervision -----------------------------------------------------------------------------------------


def _department_field(departments):
    field = forms.ChoiceField(label=_("Department"), choices=[(d, Department(d).label) for d in departments])
    if len(departments) == 1:
        field.initial = departments[0]
    return field


class PatrolForm(ServiceForm):
    """巡视记录表: one department's patrol of the unit today (or on the day given)."""

    department = forms.ChoiceField(label=_("Department"))
    at = _event_time(_("Patrolled at"))
    all_in_order = forms.BooleanField(label=_("All in order"), required=False, initial=True)
    hot_work_seen = forms.BooleanField(label=_("Hot work seen"), required=False)
    findings = forms.CharField(label=_("Findings"), required=False, widget=text_area(2))
    photos = PhotosField(label=_("Photos"))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"] = _department_field(departments)
        self.order_fields(["department", "at", "all_in_order", "hot_work_seen", "findings", "photos"])


class ViolationForm(ServiceForm):
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, widget=ChipSelect)
    department = forms.ChoiceField(label=_("Department"))
    rule = forms.CharField(label=_("Rule violated"), max_length=200)
    description = forms.CharField(label=_("What was found"), widget=text_area(2))
    action_taken = forms.CharField(
        label=_("Action taken"),
        max_length=200,
        required=False,
        help_text=_("Minor: how it was corrected or warned on the spot."),
    )
    rectify_by = DateField(
        label=_("Rectify by"), required=False, help_text=_("Serious: the date on the notice.")
    )
    at = _event_time(_("Found at"))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"] = _department_field(departments)
        self.order_fields(
            ["severity", "department", "rule", "description", "action_taken", "rectify_by", "at"]
        )


class ViolationTargetForm(ServiceForm):
    """A step on one violation: the hidden `violation` names it among the renovation's."""

    violation = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, renovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation"].queryset = renovation.violations.all()


class PhoneForm(ViolationTargetForm):
    party = forms.ChoiceField(label=_("Phoned"), choices=OWNER_COMPANY, widget=ChipSelect)
    note = forms.CharField(label=_("Answer"), max_length=200, required=False)


class NoticeSignForm(ViolationTargetForm):
    party = forms.ChoiceField(label=_("Signed by"), choices=OWNER_COMPANY, widget=ChipSelect)


class RectifiedForm(ViolationTargetForm):
    note = forms.CharField(label=_("Rectification"), max_length=200)


class PenaltyProposeForm(ViolationTargetForm):
    amount = forms.DecimalField(label=_("Penalty (yuan)"), max_digits=12, decimal_places=2)
    rule = forms.CharField(label=_("Agreement clause"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PenaltyDecideForm(ViolationTargetForm):
    comment = forms.CharField(label=_("Comment (the reason, when rejecting)"), max_length=200, required=False)


class HotWorkPermitForm(ServiceForm):
    """动火审批: the window and the fire precautions."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PermitKind.choices, initial=PermitKind.HOT_WORK)
    work = forms.CharField(label=_("Work or materials"), max_length=200)
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    starts_at = datetime_field(pgettext_lazy("permit window", "From"), required=True)
    ends_at = datetime_field(pgettext_lazy("permit window", "Until"), required=True)
    precautions = forms.CharField(label=_("Fire precautions"), widget=text_area(2))
    fire_watch = forms.CharField(label=_("Fire watch"), max_length=100, required=False)
    operator = forms.CharField(label=_("Operator"), max_length=100, required=False)
    operator_certificate = forms.CharField(label=_("Operator's certificate"), max_length=60, required=False)


class HotWorkCancelForm(ServiceForm):
    permit = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, renovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permit"].queryset = renovation.permits.filter(cancelled_at__isnull=True)


class BoardForm(forms.Form):
    date = DateField(label=_("Last day"), required=False)


#: the signature stages, for templates
STAGES = SignOffStage
