"""Fields and widgets the console forms share: event times, chips, unit codes, the project a form works in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.core.widgets import DateTimeField
from wuye.estate.models import PublicArea
from wuye.estate.selectors import unit_resolve


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
