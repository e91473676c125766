"""时限设置 and 值班: a project's deadline rules, the unreturned-list time and who is on desk duty."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wuye.core import access
from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.estate.models import Building
from wuye.servicedesk import deadlines, services
from wuye.servicedesk.models import ButlerArea, DeskDuty
from wuye.servicedesk.services.common import project_staff
from wuye.servicedesk.views.common import apply_errors, staff_project

UNIT_CHOICES = [(unit, deadlines.UNIT_NAMES[unit]) for unit in deadlines.UNITS]
DUTY_DAYS = 7


class DeadlineSettingsForm(forms.Form):
    """One amount and one unit per step; the spec default is shown beside each."""

    unreturned_digest_time = forms.TimeField(
        label=gettext_lazy("Daily list of unreturned repairs at"),
        input_formats=["%H:%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric", "placeholder": "16:30"}),
        help_text=gettext_lazy("Seed 000 §13: before the early shift leaves at 17:00."),
    )

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        for rule in rules:
            step = rule["step"]
            self.fields[f"{step}__amount"] = forms.IntegerField(
                label=rule["label"], min_value=0, initial=rule["amount"]
            )
            self.fields[f"{step}__unit"] = forms.ChoiceField(
                label=rule["label"], choices=UNIT_CHOICES, initial=rule["unit"]
            )

    def rows(self):
        for rule in self.rules:
            yield {
                **rule,
                "amount_field": self[f"{rule['step']}__amount"],
                "unit_field": self[f"{rule['step']}__unit"],
                "current": deadlines.rule_label(rule["amount"], rule["unit"]),
                "default": deadlines.rule_label(rule["default_amount"], rule["default_unit"]),
            }

    def service_rules(self) -> dict:
        return {
            r["step"]: (self.cleaned_data[f"{r['step']}__amount"], self.cleaned_data[f"{r['step']}__unit"])
            for r in self.rules
        }


class DutyForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
    user = forms.TypedChoiceField(label=gettext_lazy("Assistant on duty"), coerce=int)

    def __init__(self, *args, assistants, **kwargs):
        super().__init__(*args, **kwargs)
        self.assistants = {u.pk: u for u in assistants}
        self.fields["user"].choices = [("", "—")] + [(u.pk, str(u)) for u in assistants]


class ButlerForm(forms.Form):
    building = forms.ModelChoiceField(queryset=Building.objects.none(), widget=forms.HiddenInput)
    user = forms.TypedChoiceField(
        label=gettext_lazy("Area butler"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, assistants, buildings, **kwargs):
        super().__init__(*args, **kwargs)
        self.assistants = {u.pk: u for u in assistants}
        self.fields["building"].queryset = buildings
        self.fields["user"].choices = [("", "—")] + [(u.pk, str(u)) for u in assistants]


@login_required
@require_http_methods(["GET", "POST"])
def desk_settings(request):
    project = staff_project(request, "ticket.view")
    user = request.user
    can_rules = access.has_perm(user, "project.manage", project.pk)
    can_duty = access.has_perm(user, "complaint.classify", project.pk)
    current = services.deadline_settings(project)
    rules_form = DeadlineSettingsForm(
        request.POST if "save_rules" in request.POST else None,
        rules=current["rules"],
        initial={"unreturned_digest_time": current["unreturned_digest_time"]},
    )
    assistants = project_staff(project.pk, {Role.CS_ASSISTANT})
    duty_form = DutyForm(request.POST if "save_duty" in request.POST else None, assistants=assistants)
    butler_form = ButlerForm(
        request.POST if "save_butler" in request.POST else None,
        assistants=assistants,
        buildings=Building.objects.filter(project=project),
    )
    status = 200
    if request.method == "POST":
        if "save_rules" in request.POST:
            form, allowed = rules_form, can_rules
        elif "save_butler" in request.POST:
            form, allowed = butler_form, can_duty
        else:
            form, allowed = duty_form, can_duty
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                if form is rules_form:
                    services.deadline_settings_save(
                        project=project,
                        rules=form.service_rules(),
                        unreturned_digest_time=form.cleaned_data["unreturned_digest_time"],
                        acting_user=user,
                    )
                elif form is butler_form:
                    services.butler_area_set(
                        building=form.cleaned_data["building"],
                        acting_user=user,
                        user=form.assistants.get(form.cleaned_data["user"]),
                    )
                else:
                    services.desk_duty_set(
                        project=project,
                        day=form.cleaned_data["day"],
                        user=form.assistants[form.cleaned_data["user"]],
                        acting_user=user,
                    )
            except (ValidationError, BusinessRuleError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("console:desk-settings")
        status = 400
    today = timezone.localdate()
    days = [today + dt.timedelta(days=i) for i in range(DUTY_DAYS)]
    duties = {d.day: d for d in DeskDuty.objects.filter(project=project, day__in=days).select_related("user")}
    butlers = {
        b.building_id: b.user for b in ButlerArea.objects.filter(project=project).select_related("user")
    }
    context = {
        "project": project,
        "rules_form": rules_form,
        "duty_form": duty_form,
        "butler_form": butler_form,
        "butler_rows": [
            {"building": b, "user": butlers.get(b.pk)} for b in Building.objects.filter(project=project)
        ],
        "can_rules": can_rules,
        "can_duty": can_duty,
        "assistants": assistants,
        "duty_days": [{"day": day, "duty": duties.get(day)} for day in days],
    }
    return render(request, "servicedesk/desk_settings.html", context, status=status)
