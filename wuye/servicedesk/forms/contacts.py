"""Calls and visits log, customer visits, and the ticket list filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.servicedesk.choices import (
    Category,
    Department,
    Satisfaction,
    VisitMethod,
)
from wuye.servicedesk.forms.fields import (
    ChipSelect,
    ProjectFormMixin,
    UnitCodeField,
    event_time_field,
    text_area,
)
from wuye.servicedesk.models import ContactLog

# --- calls, visits ------------------------------------------------------------------------------


class UnitRecordForm(ProjectFormMixin, forms.Form):
    """A record made in the current project about a unit typed by its code (`unit_code`); the
    service gets it resolved as `unit`."""

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)

    def clean_unit_code(self):
        return self.resolve_unit()

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        return data


class ContactLogForm(UnitRecordForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ContactLog.Kind.choices, initial=ContactLog.Kind.CALL, widget=ChipSelect
    )
    caller_number = forms.CharField(
        label=_("Caller number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autofocus": True}),
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=50)
    unit_code = UnitCodeField()
    content = forms.CharField(label=_("Content"), widget=text_area(2))
    at = event_time_field()


class FromContactLogForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)


class CustomerVisitForm(UnitRecordForm):
    unit_code = UnitCodeField()
    customer_name = forms.CharField(
        label=_("Customer"), required=False, max_length=50, widget=forms.TextInput(attrs={"autofocus": True})
    )
    method = forms.ChoiceField(
        label=_("Method"), choices=VisitMethod.choices, initial=VisitMethod.DOOR_TO_DOOR
    )
    key_customer = forms.BooleanField(label=_("Key customer"), required=False)
    declined = forms.BooleanField(label=_("Customer declined"), required=False)
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=[("", "—"), *Satisfaction.choices], required=False
    )
    opinion = forms.CharField(label=_("Opinions"), required=False, widget=text_area(2))
    opinion_category = forms.ChoiceField(
        label=_("Make the opinion a ticket as"),
        required=False,
        choices=[("", _("No ticket")), *Category.choices],
    )
    at = event_time_field()
    field_order = [
        "customer_name",
        "unit_code",
        "method",
        "key_customer",
        "declined",
        "satisfaction",
        "opinion",
        "opinion_category",
        "at",
    ]


class TicketFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or unit code"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *Category.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    # the workbench's links (selectors.ticket_filter_q says what each one means)
    mine = forms.BooleanField(label=_("Mine (first contact or handler)"), required=False)
    open = forms.BooleanField(label=_("Open only"), required=False)
    due_today = forms.BooleanField(label=_("Due by the end of today"), required=False)
    department = forms.ChoiceField(
        label=_("Department"), required=False, choices=[("", _("All")), *Department.choices]
    )
    unreturned = forms.BooleanField(label=_("Today's repairs not returned"), required=False)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), ("open", _("Open")), *statuses]

    def filter_kwargs(self) -> dict:
        """The worklist filters for `selectors.ticket_filter_q` (call after `is_valid()`)."""
        data = self.cleaned_data
        return {
            "mine": data["mine"],
            "open_only": data["open"],
            "overdue": data["overdue"],
            "due_today": data["due_today"],
            "department": data["department"],
            "unreturned": data["unreturned"],
        }
