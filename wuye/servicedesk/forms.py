"""Console forms of the service desk. They parse input only; the services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.core.widgets import DateTimeField
from wuye.estate.models import PublicArea
from wuye.estate.selectors import unit_resolve
from wuye.servicedesk.choices import (
    Category,
    Channel,
    Department,
    EscalationLevel,
    Satisfaction,
    Severity,
    Validity,
    VisitMethod,
)
from wuye.servicedesk.models import ComplaintIncident, ContactLog, CustomerReply, ServiceMenuItem


def datetime_field(label, *, required=False, help_text=""):
    """A time typed as YYYY-MM-DD HH:MM whatever the browser's language (wuye.core.widgets)."""
    return DateTimeField(label=label, required=required, help_text=help_text)


def event_time_field():
    return datetime_field(
        _("Event time"), help_text=_("Leave empty for now; for paper records enter the real time.")
    )


def text_area(rows=2, **attrs):
    return forms.Textarea(attrs={"rows": rows, **attrs})


class ChipSelect(forms.RadioSelect):
    """Radio buttons drawn as chips (div.chips in console.css); arrow keys move between them."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "chips", **(attrs or {})}, choices)


class UnitCodeField(forms.CharField):
    """A unit typed by its code (helped by a datalist); resolved within the form's project."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Unit code"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "list": "unit-codes",
                    "autocomplete": "off",
                    "data-unit-search": "1",
                    "placeholder": "3-2-1201",
                    "spellcheck": "false",
                }
            ),
        )
        super().__init__(**kwargs)


class ProjectFormMixin:
    """Forms that resolve a unit code or a public area within the current project."""

    def setup_project(self, project, user):
        self.project, self.user = project, user
        for field in self.fields.values():
            if isinstance(field, UnitCodeField):
                field.widget.attrs["data-project"] = project.pk  # the datalist search stays in this project
        if "public_area" in self.fields:
            self.fields["public_area"].queryset = PublicArea.objects.visible_to(user).filter(project=project)

    def resolve_unit(self, field="unit_code"):
        code = (self.cleaned_data.get(field) or "").strip()
        if not code:
            return None
        # the unit as staff say it (1-2-602, 1栋2单元602, 2单元602 in the building at hand)
        unit, candidates = unit_resolve(
            user=self.user, project=self.project, text=code, building=getattr(self, "unit_building", None)
        )
        if candidates:
            raise forms.ValidationError(
                _("“%(code)s” could be %(candidates)s; type the full unit code."),
                params={"code": code, "candidates": "、".join(c.code for c in candidates)},
            )
        if unit is None:
            raise forms.ValidationError(
                _("No unit with code “%(code)s” in %(project)s."),
                params={"code": code, "project": self.project},
            )
        return unit


class ServiceItemSelect(forms.Select):
    """The menu as a select whose options carry their published price and department, so the intake
    page shows the price and the routing as soon as a service is chosen (seed 002: 公开收费标准)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        item = getattr(value, "instance", None)
        if item is not None:
            from wuye.servicedesk.services.intake import menu_fixed_price, service_item_department

            price = menu_fixed_price(item)
            option["attrs"].update(
                {
                    "data-price": "" if price is None else str(price),
                    "data-price-text": item.price_text,
                    "data-department": str(Department(service_item_department(item)).label),
                }
            )
        return option


class IntakeForm(ProjectFormMixin, forms.Form):
    """The fast intake form; field order is the tab order."""

    unit_code = UnitCodeField()
    public_area = forms.ModelChoiceField(
        label=_("Public area"), queryset=PublicArea.objects.none(), required=False
    )
    caller_number = forms.CharField(
        label=_("Caller number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    contact_name = forms.CharField(label=_("Contact name"), required=False, max_length=50)
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, widget=ChipSelect)
    content = forms.CharField(label=_("Content"), widget=text_area(3, accesskey="c"))
    urgent = forms.BooleanField(label=_("Urgent (burst pipe, smoke, sudden cut, fire…)"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    appointment_at = datetime_field(_("Appointment"))
    promised_at = datetime_field(_("Promised reply time"))
    service_item = forms.ModelChoiceField(
        label=_("Priced service"),
        queryset=ServiceMenuItem.objects.none(),
        required=False,
        widget=ServiceItemSelect,
    )
    quoted_fee = forms.DecimalField(
        label=_("Price told to the customer"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_(
            "A fixed menu price fills itself in; for a range or negotiable service enter the agreed price."
        ),
    )
    answer = forms.CharField(
        label=_("Answer on the spot"),
        required=False,
        widget=text_area(2),
        help_text=_("A consultation answered now is closed at once."),
    )
    at = datetime_field(
        _("Received at"), help_text=_("Leave empty for now; for paper records enter the real time.")
    )

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)
        self.fields["unit_code"].widget.attrs.update({"autofocus": True, "accesskey": "u"})
        self.fields["service_item"].queryset = ServiceMenuItem.objects.filter(project=project, is_active=True)

    def clean_unit_code(self):
        return self.resolve_unit()

    def ticket_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        if data.get("category") != Category.CONSULTATION:
            data["answer"] = ""
        return data


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


# --- calls, visits ------------------------------------------------------------------------------


class ContactLogForm(ProjectFormMixin, forms.Form):
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

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)

    def clean_unit_code(self):
        return self.resolve_unit()

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        return data


class FromContactLogForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)


class CustomerVisitForm(ProjectFormMixin, forms.Form):
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

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)

    def clean_unit_code(self):
        return self.resolve_unit()

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        return data


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
