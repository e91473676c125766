from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.core.widgets import DateTimeField
from wuye.estate.choices import OCCUPANCY_TRANSITIONS, OccupancyStatus


class UnitStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=True)
    at = DateTimeField(
        label=_("Effective at"),
        required=False,
        help_text=_("Leave empty for now; for paper records enter the real time."),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = OCCUPANCY_TRANSITIONS[unit.status]
        self.fields["status"].choices = [(v, label) for v, label in OccupancyStatus.choices if v in allowed]


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=_("Roster file (.xlsx)"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Please upload an .xlsx file."))
        return file
