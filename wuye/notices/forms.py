"""Console forms of notices (seed 000 §15). They parse input only; the services decide every rule
(posting places, dates, approval by someone other than the drafter, signatures) and their refusals
come back on these forms (wuye.core.forms.attempt)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.core.widgets import DateField, DateTimeField
from wuye.notices.choices import NoticeKind, NoticeStatus
from wuye.notices.selectors import issuing_department, posting_places
from wuye.servicedesk.forms import ChipSelect, ProjectFormMixin, UnitCodeField, text_area

#: service argument → form field, for putting a service's field errors on the right input
RENAME = {"unit": "unit_code", "at": "at"}


class NoticeForm(ProjectFormMixin, forms.Form):
    """A notice in the company's format: title, text, kind, the customer's unit for a notice to one
    customer, the designated places where a public notice is posted, and its validity."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=text_area(12))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=NoticeKind.choices, widget=ChipSelect, initial=NoticeKind.PUBLIC
    )
    unit_code = UnitCodeField(label=_("Customer's unit"), help_text=_("Only for a notice to one customer."))
    recipient_name = forms.CharField(label=_("Recipient"), max_length=100, required=False)
    posting_places = forms.MultipleChoiceField(
        label=_("Posting places"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Public notices are posted only at the project's designated places."),
    )
    starts_on = DateField(label=_("Valid from"))
    ends_on = DateField(label=_("Valid until"), help_text=_("The notice retires itself after this day."))
    issuing_department = forms.CharField(label=_("Issuing department"), max_length=60, required=False)
    requires_signature = forms.BooleanField(
        label=_("To be signed for by the customer"),
        required=False,
        help_text=_("A notice to one customer is normally signed for."),
    )

    def __init__(self, *args, project, user, notice=None, **kwargs):
        if notice is not None and not kwargs.get("data") and not args:
            kwargs["initial"] = {
                "title": notice.title,
                "body": notice.body,
                "kind": notice.kind,
                "unit_code": notice.unit.code if notice.unit_id else "",
                "recipient_name": notice.recipient_name,
                "posting_places": notice.posting_places,
                "starts_on": notice.starts_on,
                "ends_on": notice.ends_on,
                "issuing_department": notice.issuing_department,
                "requires_signature": notice.requires_signature,
            }
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)
        places = posting_places(project)
        if notice is not None:  # a place no longer designated stays visible, so the service can say so
            places += [p for p in notice.posting_places if p not in places]
        self.fields["posting_places"].choices = [(p, p) for p in places]
        if notice is None:
            self.fields["issuing_department"].initial = issuing_department(project)

    def clean_unit_code(self):
        return self.resolve_unit("unit_code")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        return data


class ActionForm(forms.Form):
    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class SubmitForm(ActionForm):
    proofread = forms.BooleanField(
        label=_("I proof-read the notice: no wrong characters, in the company's format"), required=False
    )


class DecisionForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason for sending it back"), max_length=300, required=False, widget=text_area(2)
    )


class PublishForm(ActionForm):
    pass


class RetireForm(ActionForm):
    reason = forms.CharField(
        label=_("Why it is retired before its end date"), max_length=300, required=False, widget=text_area(2)
    )


class DeliverForm(ActionForm):
    recipient_name = forms.CharField(label=_("Handed to"), max_length=100, required=False)
    signed_name = forms.CharField(
        label=_("Signed name"), max_length=100, required=False, help_text=_("As the customer signed it.")
    )
    signed = forms.BooleanField(label=_("The customer signed for the notice"), required=False)
    at = DateTimeField(label=_("Delivered at"), required=False, help_text=_("Leave empty for now."))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class TakenDownForm(ActionForm):
    at = DateTimeField(label=_("Taken down at"), required=False, help_text=_("Leave empty for now."))


class ArchiveForm(ActionForm):
    location = forms.CharField(label=_("Filed at"), max_length=100, required=False)


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or title"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(NoticeStatus.choices)
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + list(NoticeKind.choices)
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
