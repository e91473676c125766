"""Console forms of parking. They parse input only; the services decide every rule (plates, the
resident rule, overlaps, deposits, the tariff)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.billing.choices import PaymentMethod
from wuye.core.money import MONEY
from wuye.core.widgets import DateField
from wuye.parking.models import ParkingSpace, Session
from wuye.servicedesk.forms import ChipSelect, UnitCodeField, datetime_field

PLATE_ATTRS = {"autocomplete": "off", "spellcheck": "false", "placeholder": "京A12345", "class": "plate"}
#: a card deposit is taken at the desk; "offset against deposit" and bank collection make no sense for it
CARD_METHODS = [
    (v, label)
    for v, label in PaymentMethod.choices
    if v
    in (
        PaymentMethod.CASH,
        PaymentMethod.WECHAT,
        PaymentMethod.ALIPAY,
        PaymentMethod.POS,
        PaymentMethod.TRANSFER,
    )
]
GATE_SETTLEMENTS = [(v, label) for v, label in Session.Settlement.choices if v != Session.Settlement.FREE]


def in_project(form, project):
    """Unit-code inputs suggest only the project's units (console.js reads data-project)."""
    for field in form.fields.values():
        if isinstance(field, UnitCodeField):
            field.widget.attrs["data-project"] = project.pk
    return form


def plate_field(label, **kwargs):
    return forms.CharField(label=label, max_length=32, widget=forms.TextInput(attrs=PLATE_ATTRS), **kwargs)


class SpaceForm(forms.Form):
    number = forms.CharField(label=_("Space number"), max_length=20)
    area = forms.ChoiceField(
        label=_("Area"),
        choices=ParkingSpace.Area.choices,
        widget=ChipSelect,
        initial=ParkingSpace.Area.UNDERGROUND,
    )


class UnitLookupForm(forms.Form):
    unit = UnitCodeField(label=_("Renter's unit"), required=True)


class VehicleForm(forms.Form):
    """Register the renter's vehicle, linked to an owner or tenant of the unit looked up (or to nobody:
    a non-resident, who rents only at the standard rate)."""

    plate = plate_field(_("Plate"))
    model = forms.CharField(label=_("Car model"), max_length=50, required=False)
    licence_owner = forms.CharField(label=_("Owner on the vehicle licence"), max_length=100)
    person = forms.ChoiceField(label=_("Belongs to"), required=False, widget=ChipSelect)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [*people, ("", _("Not a resident"))]


class RentForm(forms.Form):
    """《月租办理记录》: the space, the vehicle by its plate, the renter and the period; the identity
    and the vehicle licence are checked at the desk (both ticks required) and the licence's plate typed
    as written on it."""

    space = forms.TypedChoiceField(label=_("Space"), coerce=int)
    vehicle_plate = plate_field(_("Vehicle (registered plate)"))
    unit = UnitCodeField(
        label=_("Renter's unit"),
        help_text=_("The rent is charged to this unit's account. Empty only for non-residents."),
    )
    renter_name = forms.CharField(label=_("Renter"), max_length=100)
    renter_mobile = forms.CharField(label=_("Mobile"), max_length=20)
    start_date = DateField(label=_("Start"))
    end_date = DateField(label=_("End"))
    monthly_rent = forms.DecimalField(
        label=_("Monthly rent (yuan)"),
        min_value=0,
        required=False,
        **MONEY,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        help_text=_("Empty: the standard rent. Non-residents rent only at the standard rate."),
    )
    identity_checked = forms.BooleanField(
        label=_("Identity checked (ID card matches the renter)"), required=True
    )
    licence_checked = forms.BooleanField(label=_("Vehicle licence (行驶证) checked"), required=True)
    licence_plate = plate_field(
        _("Plate on the vehicle licence"),
        help_text=_("Type it from the licence; it must match the vehicle's plate."),
    )

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [
            ("", "—"),
            *((s.pk, f"{s.number} · {s.get_area_display()}") for s in spaces),
        ]

    def rental_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "start_date",
                "end_date",
                "renter_name",
                "renter_mobile",
                "licence_plate",
                "identity_checked",
                "monthly_rent",
            )
        }


class CardIssueForm(forms.Form):
    rental = forms.TypedChoiceField(label=_("Monthly rental"), coerce=int)
    number = forms.CharField(label=_("Card number"), max_length=30)
    method = forms.ChoiceField(
        label=_("Deposit paid by"), choices=CARD_METHODS, initial=PaymentMethod.CASH, widget=ChipSelect
    )
    reference = forms.CharField(
        label=_("Transaction reference"),
        max_length=100,
        required=False,
        help_text=_("Required except for cash."),
    )

    def __init__(self, *args, rentals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rental"].choices = [
            ("", "—"),
            *((r.pk, f"{r.space.number} · {r.vehicle.plate} · {r.renter_name}") for r in rentals),
        ]


class SessionOpenForm(forms.Form):
    plate = plate_field(_("Plate"))
    entered_at = datetime_field(
        _("Entered at"), help_text=_("Leave empty for now; for paper records enter the real time.")
    )


class QuoteForm(forms.Form):
    exited_at = datetime_field(_("Exit at"), help_text=_("Leave empty for now."))


class SessionCloseForm(forms.Form):
    settlement = forms.ChoiceField(
        label=_("Settlement"), choices=GATE_SETTLEMENTS, initial=Session.Settlement.CASH, widget=ChipSelect
    )
    unit = UnitCodeField(
        label=_("Unit to charge"), help_text=_("Only when the fee is charged to a unit's account.")
    )
    exited_at = datetime_field(
        _("Exited at"), help_text=_("Leave empty for now; for paper records enter the real time.")
    )


class WeeklyForm(forms.Form):
    date = DateField(label=_("Current on"), required=False)
