"""The intake form and its priced-service select."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.estate.models import PublicArea
from wuye.servicedesk.choices import (
    Category,
    Channel,
    Department,
)
from wuye.servicedesk.forms.fields import (
    ChipSelect,
    ProjectFormMixin,
    UnitCodeField,
    datetime_field,
    text_area,
)
from wuye.servicedesk.models import ServiceMenuItem


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
