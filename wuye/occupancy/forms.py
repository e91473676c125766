"""Console forms of occupancy. They parse input only; the services decide every rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.core.widgets import DateField
from wuye.estate.choices import IdType
from wuye.occupancy.choices import OccupantKind, OwnerConsent
from wuye.servicedesk.forms import ChipSelect, UnitCodeField


class UnitLookupForm(forms.Form):
    unit = UnitCodeField(label=_("Unit code"), required=True)


class MoveInForm(forms.Form):
    """客户入住记录表 with, for a tenant, the tenant information form (租户信息表)."""

    kind = forms.ChoiceField(label=_("Who moves in"), choices=OccupantKind.choices, widget=ChipSelect)
    moved_in_on = DateField(label=_("Moved in on"))
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)
    identity_checked = forms.BooleanField(label=_("Owner's identity checked"), required=False)
    as_office = forms.BooleanField(label=_("Used as an office"), required=False)
    tenant_name = forms.CharField(label=_("Tenant's name"), max_length=100, required=False)
    tenant_id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, required=False)
    tenant_id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    tenant_mobile = forms.CharField(label=_("Tenant's mobile"), max_length=20, required=False)
    tenant_emergency_contact = forms.CharField(label=_("Emergency contact"), max_length=50, required=False)
    tenant_emergency_mobile = forms.CharField(
        label=_("Emergency contact mobile"), max_length=20, required=False
    )
    tenant_company = forms.CharField(label=_("Company"), max_length=100, required=False)
    lease_end_date = DateField(label=_("Lease contract ends"), required=False)
    commitment_letter_on_file = forms.BooleanField(
        label=_("Owner's commitment letter on file"), required=False
    )
    lease_agreement_on_file = forms.BooleanField(label=_("Lease agreement on file"), required=False)
    tenant_form_completed = forms.BooleanField(label=_("Tenant information form completed"), required=False)
    safety_letter_signed = forms.BooleanField(label=_("Safety responsibility letter signed"), required=False)
    vip_care = forms.BooleanField(label=_("Care task (flowers and a card)"), required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *[(o.pk, o.name) for o in owners]]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        info = None
        if data["kind"] == OccupantKind.TENANT and data["tenant_name"].strip():
            info = {
                "name": data["tenant_name"],
                "id_type": data["tenant_id_type"] or IdType.RESIDENT_ID,
                "id_number": data["tenant_id_number"],
                "mobile": data["tenant_mobile"],
                "emergency_contact": data["tenant_emergency_contact"],
                "emergency_mobile": data["tenant_emergency_mobile"],
                "company": data["tenant_company"],
            }
        keys = (
            "kind",
            "moved_in_on",
            "identity_checked",
            "as_office",
            "lease_end_date",
            "commitment_letter_on_file",
            "lease_agreement_on_file",
            "tenant_form_completed",
            "safety_letter_signed",
            "vip_care",
            "notes",
        )
        return {**{k: data[k] for k in keys}, "tenant_info": info}


class TenantExitForm(forms.Form):
    moving_date = DateField(label=_("Moving date"))
    owner_consent = forms.ChoiceField(
        label=_("Owner's consent"), choices=OwnerConsent.choices, widget=ChipSelect
    )
    items_to_stay = forms.CharField(label=_("Items that must stay"), max_length=500, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)


class TransferForm(forms.Form):
    transfer_date = DateField(label=_("Transfer date"))
    title_certificate_no = forms.CharField(
        label=_("New title certificate number"), max_length=50, required=False
    )
    name = forms.CharField(label=_("New owner's name"), max_length=100, required=False)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    emergency_contact = forms.CharField(label=_("Emergency contact"), max_length=50, required=False)
    emergency_mobile = forms.CharField(label=_("Emergency contact mobile"), max_length=20, required=False)
    birthday = DateField(label=_("Birthday"), required=False)
    fire_safety_letter_signed = forms.BooleanField(
        label=_("Public-security and fire responsibility letter signed"), required=False
    )
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        info = {
            k: data[k]
            for k in (
                "name",
                "id_type",
                "id_number",
                "mobile",
                "emergency_contact",
                "emergency_mobile",
                "birthday",
            )
        }
        info["id_type"] = info["id_type"] or IdType.RESIDENT_ID
        return {
            "transfer_date": data["transfer_date"],
            "title_certificate_no": data["title_certificate_no"],
            "new_owner_info": info if info["name"].strip() else None,
            "fire_safety_letter_signed": data["fire_safety_letter_signed"],
            "notes": data["notes"],
        }
