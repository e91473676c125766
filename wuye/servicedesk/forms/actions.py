"""One small form per ticket action (the prefix keeps their ids apart on the ticket page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.servicedesk.choices import (
    Department,
    EscalationLevel,
    Satisfaction,
    Severity,
    Validity,
    VisitMethod,
)
from wuye.servicedesk.forms.fields import ChipSelect, datetime_field, event_time_field, text_area
from wuye.servicedesk.models import ComplaintIncident, CustomerReply

# --- ticket actions (one small form each; the prefix keeps their ids apart on the detail page) -----


class ActionForm(forms.Form):
    at = event_time_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"] = self.fields.pop("at")  # the optional event time always comes last

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class DispatchForm(ActionForm):
    department = forms.ChoiceField(label=_("Department"), choices=Department.choices)
    assignee = forms.TypedChoiceField(
        label=_("Handler (optional)"), required=False, coerce=int, empty_value=None
    )
    note = forms.CharField(label=_("Note"), required=False, widget=text_area(2))
    field_order = ["department", "assignee", "note", "at"]

    def __init__(self, *args, staff_by_department, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {u.pk: u for users in staff_by_department.values() for u in users}
        self.fields["assignee"].choices = [("", "—")] + [
            (str(Department(dept).label), [(u.pk, str(u)) for u in users])
            for dept, users in staff_by_department.items()
            if users
        ]
        self.fields["assignee"].widget.attrs["data-department-staff"] = "1"
        self.department_of = {u.pk: dept for dept, users in staff_by_department.items() for u in users}

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["assignee"] = self.staff.get(data["assignee"]) if data.get("assignee") else None
        return data


class NoteForm(ActionForm):
    note = forms.CharField(label=_("Note"), required=False, widget=text_area(2))


class CompleteForm(ActionForm):
    result = forms.CharField(label=_("Result: what was done"), widget=text_area(3))
    labour_hours = forms.DecimalField(
        label=_("Time spent (hours)"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    materials = forms.CharField(label=_("Materials used"), required=False, widget=text_area(2))
    labour_fee = forms.DecimalField(label=_("Labour fee"), required=False, max_digits=14, decimal_places=2)
    materials_fee = forms.DecimalField(
        label=_("Materials fee"), required=False, max_digits=14, decimal_places=2
    )
    fee_change_reason = forms.CharField(
        label=_("Why the fee differs from the quote"),
        required=False,
        widget=text_area(2),
        help_text=_("Needed only when the fee is not the price told to the customer before the work."),
    )
    field_order = [
        "result",
        "labour_hours",
        "materials",
        "labour_fee",
        "materials_fee",
        "fee_change_reason",
        "at",
    ]


class CustomerAcceptForm(ActionForm):
    decision = forms.ChoiceField(
        choices=[("accept", _("Customer accepts")), ("reject", _("Customer rejects"))],
        widget=forms.HiddenInput,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment (required when rejected)"), required=False, widget=text_area(2)
    )
    field_order = ["comment", "at"]

    def clean_decision(self):
        # the decision comes from the submit button pressed (name="decision")
        return self.data.get("decision") or self.data.get(self.add_prefix("decision")) or "accept"

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["accepted"] = data.pop("decision") != "reject"
        return data


class ReturnVisitForm(ActionForm):
    solved = forms.TypedChoiceField(
        label=_("Solved?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=ChipSelect,
    )
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=Satisfaction.choices, widget=ChipSelect)
    method = forms.ChoiceField(label=_("Method"), choices=VisitMethod.choices, initial=VisitMethod.PHONE)
    comment = forms.CharField(label=_("Further opinions"), required=False, widget=text_area(2))
    field_order = ["solved", "satisfaction", "method", "comment", "at"]


class CloseForm(ActionForm):
    answer = forms.CharField(label=_("Answer / final reply"), required=False, widget=text_area(2))


class CancelForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=text_area(2))


class EscalateForm(ActionForm):
    level = forms.TypedChoiceField(label=_("Escalate to"), coerce=int, required=False, empty_value=None)
    reason = forms.CharField(label=_("Reason"), widget=text_area(2))
    field_order = ["level", "reason", "at"]

    def __init__(self, *args, current_level=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (v, label) for v, label in EscalationLevel.choices if v > current_level
        ]


class HandoverForm(ActionForm):
    to_user = forms.TypedChoiceField(label=_("Hand over to"), coerce=int)
    reason = forms.CharField(label=_("Reason"), required=False, widget=text_area(2))
    field_order = ["to_user", "reason", "at"]

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {u.pk: u for u in candidates}
        self.fields["to_user"].choices = [("", "—")] + [(u.pk, str(u)) for u in candidates]

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["to_user"] = self.candidates[data["to_user"]]
        return data


class ExtendDeadlineForm(ActionForm):
    step = forms.ChoiceField(label=_("Step"))
    new_due_at = datetime_field(_("New deadline"), required=True)
    reason = forms.CharField(label=_("Reason"), widget=text_area(2))

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps


class ClassifyForm(ActionForm):
    validity = forms.ChoiceField(label=_("Validity"), choices=Validity.choices, widget=ChipSelect)
    severity = forms.ChoiceField(
        label=_("Severity (valid complaints)"), choices=[("", "—"), *Severity.choices], required=False
    )
    note = forms.CharField(label=_("Handling opinion"), required=False, widget=text_area(2))


class IncidentForm(ActionForm):
    incident = forms.ModelChoiceField(
        label=_("Existing event"), queryset=ComplaintIncident.objects.none(), required=False
    )
    title = forms.CharField(label=_("…or a new event"), required=False, max_length=200)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = ComplaintIncident.objects.filter(project=project)


class ReplyForm(ActionForm):
    """《客户建议/意见受理回复表》: who replied, when, how, and what the customer was told."""

    kind = forms.ChoiceField(label=_("Reply"), choices=CustomerReply.Kind.choices, widget=ChipSelect)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=CustomerReply.Channel.choices, initial=CustomerReply.Channel.PHONE
    )
    content = forms.CharField(label=_("What the customer was told"), widget=text_area(3))
    field_order = ["kind", "channel", "content", "at"]


class OpinionForm(ActionForm):
    opinion = forms.CharField(label=_("Handling opinion"), widget=text_area(3))


class QuoteForm(ActionForm):
    amount = forms.DecimalField(
        label=_("Price agreed with the customer"), min_value=0, max_digits=14, decimal_places=2
    )
    note = forms.CharField(label=_("What it covers"), required=False, widget=text_area(2))
    field_order = ["amount", "note", "at"]


class ContractorNoticeForm(ActionForm):
    contractor_name = forms.CharField(label=_("Construction company"), max_length=100)
    notice = forms.CharField(label=_("Written notice"), widget=text_area(3))
    field_order = ["contractor_name", "notice", "at"]
