"""Console forms of the visitor and mail registers. They parse input only (units by code within the
project); the services decide every rule and their refusals come back on these forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wuye.core.roles import Role
from wuye.core.widgets import DateField
from wuye.estate.choices import IdType
from wuye.estate.selectors import unit_resolve
from wuye.frontdesk.choices import HostConfirmation, MailKind, SubscriptionKind
from wuye.servicedesk.forms.fields import ChipSelect, ProjectFormMixin, UnitCodeField, datetime_field
from wuye.servicedesk.services.common import project_staff

#: service argument → form field, for putting a service's field errors on the right input
RENAME = {"host_unit": "host_unit_code", "unit": "unit_code", "units": "unit_codes"}

PAPER_TIME = _("Leave empty for now; for a paper record enter the real time.")


def _blank(choices) -> list:
    return [("", "—"), *choices]


class ServiceForm(forms.Form):
    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class VisitorForm(ProjectFormMixin, ServiceForm):
    """《来访人员登记表》: the visitor, their ID, whom they visit and how the host confirmed."""

    name = forms.CharField(label=_("Visitor"), max_length=100, required=False)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    people = forms.IntegerField(label=_("People"), min_value=1, max_value=999, initial=1)
    host_unit_code = UnitCodeField(label=_("Unit visited"))
    host_name = forms.CharField(label=_("Person visited"), max_length=100, required=False)
    host_confirmation = forms.ChoiceField(
        label=_("Host confirmed"),
        choices=HostConfirmation.choices,
        widget=ChipSelect,
        required=False,
        help_text=_("Let the visitor in only after the person visited confirmed."),
    )
    host_confirmed_at = datetime_field(_("Host confirmed at"), help_text=PAPER_TIME)
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)
    plate = forms.CharField(label=_("Vehicle plate"), max_length=20, required=False)
    in_at = datetime_field(_("Time in"), help_text=PAPER_TIME)

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)

    def clean_host_unit_code(self):
        return self.resolve_unit("host_unit_code")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["host_unit"] = data.pop("host_unit_code")
        data["people"] = data.get("people") or 1
        return data


class MailReceiveForm(ProjectFormMixin, ServiceForm):
    """One piece of important mail into 《邮件收发记录本》."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MailKind.choices, initial=MailKind.PARCEL)
    unit_code = UnitCodeField(label=_("Recipient's unit"))
    for_management = forms.BooleanField(label=_("For the management office"), required=False)
    recipient = forms.CharField(label=_("Recipient"), max_length=100, required=False)
    sender = forms.CharField(label=_("Sender or courier"), max_length=100, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60, required=False)
    pieces = forms.IntegerField(label=_("Pieces"), min_value=1, max_value=999, initial=1)
    received_at = datetime_field(_("Received at"), help_text=PAPER_TIME)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)

    def clean_unit_code(self):
        return self.resolve_unit()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        data["pieces"] = data.get("pieces") or 1
        return data


class OrdinaryMailForm(ProjectFormMixin, ServiceForm):
    """Ordinary mail put into the mailboxes, in bulk."""

    day = DateField(label=_("Day"))
    count = forms.IntegerField(label=_("Pieces"), min_value=1, max_value=100_000)
    unit_codes = forms.CharField(
        label=_("Mailboxes (units)"),
        required=False,
        max_length=2000,
        help_text=_("Optional: unit codes separated by commas or spaces."),
    )
    delivered_by = forms.ModelChoiceField(label=_("Put in by"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)
        staff_ids = [u.pk for u in project_staff(project.pk, {Role.CS_ASSISTANT, Role.CS_SUPERVISOR})]
        self.fields["delivered_by"].queryset = get_user_model().objects.filter(pk__in=staff_ids)
        self.fields["delivered_by"].empty_label = _("Me")

    def clean_unit_codes(self):
        text = (self.cleaned_data.get("unit_codes") or "").replace("，", ",").replace("、", ",")
        units, unknown = [], []
        for code in [c for part in text.split(",") for c in part.split()]:
            unit, _candidates = unit_resolve(user=self.user, project=self.project, text=code)
            if unit is None:
                unknown.append(code)
            elif unit not in units:
                units.append(unit)
        if unknown:
            raise forms.ValidationError(
                _("No unit with code %(codes)s in %(project)s."),
                params={"codes": "、".join(unknown), "project": self.project},
            )
        return units

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["units"] = data.pop("unit_codes")
        return data


class MailNotifyForm(ServiceForm):
    how = forms.CharField(
        label=_("How the recipient was told"),
        max_length=100,
        required=False,
        initial=_("By phone"),
        help_text=_("Phone, text message, note in the mailbox…"),
    )
    at = datetime_field(_("Told at"), help_text=PAPER_TIME)


COLLECTOR_RECIPIENT, COLLECTOR_OTHER = "recipient", "other"


class MailCollectForm(ServiceForm):
    collector = forms.ChoiceField(
        label=_("Collected by"),
        choices=[(COLLECTOR_RECIPIENT, _("The recipient")), (COLLECTOR_OTHER, _("Someone else"))],
        widget=ChipSelect,
        initial=COLLECTOR_RECIPIENT,
    )
    collector_name = forms.CharField(
        label=_("Collector's name"),
        max_length=100,
        required=False,
        help_text=_("Leave empty when the recipient collects it."),
    )
    collector_id_type = forms.ChoiceField(
        label=_("Collector's ID type"), choices=_blank(IdType.choices), required=False
    )
    collector_id_number = forms.CharField(
        label=_("Collector's ID number"),
        max_length=40,
        required=False,
        help_text=_("Checked and recorded when the collector is not the recipient."),
    )
    signed = forms.BooleanField(label=_("The collector signed the register"), required=False)
    at = datetime_field(_("Collected at"), help_text=PAPER_TIME)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["collector_is_recipient"] = data.pop("collector") != COLLECTOR_OTHER
        return data


class MailReturnForm(ServiceForm):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    at = datetime_field(_("Returned at"), help_text=PAPER_TIME)


class SubscriptionForm(ProjectFormMixin, ServiceForm):
    """《客户报刊杂志订阅表》: a unit's newspaper or magazine."""

    unit_code = UnitCodeField(label=_("Unit"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=SubscriptionKind.choices,
        widget=ChipSelect,
        initial=SubscriptionKind.NEWSPAPER,
    )
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    copies = forms.IntegerField(label=_("Copies"), min_value=1, max_value=999, initial=1)
    starts_on = DateField(label=_("From"), required=False)
    ends_on = DateField(label=_("Until"), required=False)

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)

    def clean_unit_code(self):
        return self.resolve_unit()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        data["copies"] = data.get("copies") or 1
        return data
