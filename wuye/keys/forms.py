"""Console forms of key custody (seed 000 §23). They parse input only; the services decide every rule
(who may collect a key, identity, signatures, due-back times, approvals) and their refusals are put
back on these forms (wuye.core.forms.attempt)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.estate.choices import IdType
from wuye.keys.choices import ENTRUSTED_SOURCES, KeySource
from wuye.keys.selectors import unit_owners
from wuye.servicedesk.forms import ChipSelect, ProjectFormMixin, UnitCodeField, datetime_field, text_area

#: service argument → form field, for putting a service's field errors on the right input
RENAME = {"unit": "unit_code", "entrusted_by": "entrusted_by_name"}


def _event_time():
    return datetime_field(
        _("Time of the movement"),
        help_text=_("Leave empty for now; for a paper record enter the real time."),
    )


def _signed_name(label=None):
    return forms.CharField(
        label=label or _("Signed name"),
        max_length=100,
        required=False,
        help_text=_("The name as the recipient signed it in the register."),
    )


def _signed(label=None):
    return forms.BooleanField(label=label or _("The recipient signed the register"), required=False)


def _identity_checked():
    return forms.BooleanField(label=_("Identity checked against the document"), required=False)


class KeyActionForm(forms.Form):
    """One action on a key's card; `service_kwargs` are the arguments of its service."""

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class RegisterForm(ProjectFormMixin, forms.Form):
    """A key into the register (《钥匙委托管理清册》): its unit by code, where it comes from and the
    locked cabinet it hangs in; an owner-entrusted or rectification key names the entrusting owner."""

    unit_code = UnitCodeField(label=_("Unit"), required=True)
    source = forms.ChoiceField(
        label=_("Where the key comes from"),
        choices=KeySource.choices,
        widget=ChipSelect,
        initial=KeySource.DEVELOPER,
    )
    storage_location = forms.CharField(
        label=_("Locked storage location"),
        max_length=60,
        required=False,
        help_text=_("Cabinet and hook, e.g. A-03."),
    )
    number = forms.CharField(
        label=_("Key number"),
        max_length=30,
        required=False,
        help_text=_("Leave empty to number it in order (K0001…)."),
    )
    entrusted_by_name = forms.CharField(
        label=_("Entrusting owner"),
        max_length=100,
        required=False,
        help_text=_("For keys entrusted by the owner or kept for rectification: the owner's name."),
    )
    consent = forms.BooleanField(label=_("The owner's consent is recorded"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    at = datetime_field(
        _("Received at"), help_text=_("Leave empty for now; for a paper record enter the real time.")
    )

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_project(project, user)

    def clean_unit_code(self):
        return self.resolve_unit()

    def clean(self):
        """The entrusting owner is one of the unit's owners, found by name (or the only one)."""
        data = super().clean()
        unit, name = data.get("unit_code"), (data.get("entrusted_by_name") or "").strip()
        data["entrusted_by"] = None
        if unit is None or data.get("source") not in ENTRUSTED_SOURCES:
            return data
        owners = list(unit_owners(unit.pk))
        matching = [o for o in owners if o.name == name] if name else owners
        if len(matching) == 1:
            data["entrusted_by"] = matching[0]
        elif name:
            self.add_error(
                "entrusted_by_name",
                _("Unit %(unit)s has no current owner named “%(name)s”.") % {"unit": unit.code, "name": name},
            )
        elif matching:
            self.add_error(
                "entrusted_by_name",
                _(
                    "Unit %(unit)s has several owners (%(names)s); type the name of the one who entrusts the key."
                )
                % {"unit": unit.code, "names": "、".join(o.name for o in matching)},
            )
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["unit"] = data.pop("unit_code")
        data.pop("entrusted_by_name", None)
        return data


class IssueForm(KeyActionForm):
    """The owner collects the key: identity checked against a named document, and they sign."""

    to_owner = forms.TypedChoiceField(label=_("Owner collecting the key"), coerce=int)
    identity_document = forms.ChoiceField(
        label=_("Identity document checked"), choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    identity_checked = _identity_checked()
    signed_name = _signed_name()
    signed = _signed(_("The owner signed the register"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    at = _event_time()

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {o.pk: o for o in owners}
        self.fields["to_owner"].choices = [("", "—"), *((o.pk, o.name) for o in owners)]

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["to_owner"] = self.owners.get(data["to_owner"])
        return data


class StaffChoiceForm(KeyActionForm):
    """An action that takes the key out with a member of the project's staff."""

    staff_field = ""

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {u.pk: u for u in staff}
        self.fields[self.staff_field].choices = [("", "—"), *((u.pk, str(u)) for u in staff)]

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data[self.staff_field] = self.staff.get(data[self.staff_field])
        return data


class ViewingForm(StaffChoiceForm):
    """A viewing: the key goes out with a staff member who opens the door; due back in two hours."""

    staff_field = "staff_member"
    staff_member = forms.TypedChoiceField(label=_("Staff member opening the door"), coerce=int)
    visitor_name = forms.CharField(label=_("Visitor"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    at = _event_time()


class BorrowForm(StaffChoiceForm):
    """An internal loan: the borrower (project staff) signs, with a due-back time."""

    staff_field = "borrower"
    borrower = forms.TypedChoiceField(label=_("Borrower"), coerce=int)
    due_back_at = datetime_field(_("Due back at"), required=True)
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)
    signed_name = _signed_name()
    signed = _signed(_("The borrower signed the register"))
    at = _event_time()


class ReturnForm(KeyActionForm):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    at = _event_time()


class ReleaseRequestForm(KeyActionForm):
    """A release outside the normal procedure; it waits for two approvals."""

    reason = forms.CharField(label=_("Reason"), max_length=300, required=False, widget=text_area(2))
    to_name = forms.CharField(label=_("Released to"), max_length=100, required=False)
    to_id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, initial=IdType.RESIDENT_ID)
    to_id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)


class ReleaseDecisionForm(KeyActionForm):
    """Approve or refuse a pending release (the submit button says which)."""

    comment = forms.CharField(
        label=_("Comment"),
        max_length=300,
        required=False,
        widget=text_area(2),
        help_text=_("Required when you refuse."),
    )


class ReleaseCompleteForm(KeyActionForm):
    """The approved person collects the key: identity checked, and they sign."""

    identity_checked = _identity_checked()
    signed_name = _signed_name()
    signed = _signed()
    at = _event_time()
