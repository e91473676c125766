"""Per-project service-desk settings: deadline rules, the unreturned-repairs list time, desk duty."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import stamp
from wuye.core.roles import Role
from wuye.estate.models import Building, Project
from wuye.servicedesk import deadlines
from wuye.servicedesk.models import ButlerArea, DeskDuty

if TYPE_CHECKING:
    from wuye.accounts.models import User

# seed 000 §13: "当日早班人员下午5:00下班前检查当日报修" — the list goes out before the early shift
# leaves at 17:00; a project sets its own time.
DEFAULT_UNRETURNED_DIGEST_TIME = dt.time(16, 30)


def unreturned_digest_time(project: Project) -> dt.time:
    raw = (project.settings or {}).get("servicedesk", {}).get("unreturned_digest_time")
    if raw:
        try:
            return dt.time.fromisoformat(str(raw))
        except ValueError:
            pass
    return DEFAULT_UNRETURNED_DIGEST_TIME


def deadline_settings(project: Project) -> dict:
    """Every step's rule as the project has it, with the spec default beside it."""
    rules = []
    for step, (default_amount, default_unit) in deadlines.DEFAULT_DEADLINES.items():
        amount, unit = deadlines.setting(project, step)
        rules.append(
            {
                "step": step,
                "label": str(deadlines.STEP_LABELS.get(step, step)),
                "amount": amount,
                "unit": unit,
                "default_amount": default_amount,
                "default_unit": default_unit,
            }
        )
    return {"rules": rules, "unreturned_digest_time": unreturned_digest_time(project)}


@transaction.atomic
def deadline_settings_save(
    *, project: Project, rules: dict[str, tuple[int, str]], unreturned_digest_time: dt.time, acting_user: User
) -> Project:
    """Save the project's deadline rules (only those that differ from the spec default are stored)
    and the time of the daily unreturned-repairs list. Changing a rule affects steps armed from
    now on; armed steps keep the rule they were armed with."""
    access.require_perm(acting_user, "project.manage", project.pk)
    clean = deadlines.validate_overrides({step: list(rule) for step, rule in rules.items()})
    project = Project.objects.select_for_update().get(pk=project.pk)
    overrides = {
        step: rule for step, rule in clean.items() if tuple(rule) != deadlines.DEFAULT_DEADLINES[step]
    }
    settings = dict(project.settings or {})
    desk = dict(settings.get("servicedesk", {}))
    desk["deadlines"] = overrides
    desk["unreturned_digest_time"] = unreturned_digest_time.strftime("%H:%M")
    settings["servicedesk"] = desk
    project.settings = settings
    stamp(project, acting_user)
    project.save(update_fields=["settings"])
    return project


@transaction.atomic
def desk_duty_set(*, project: Project, day: dt.date, user: User, acting_user: User) -> DeskDuty:
    """Name the assistant on desk duty for a day (the supervisor's rota). Residents' own reports in
    buildings without an area butler go to this assistant (seed 000 §8)."""
    access.require_perm(acting_user, "complaint.classify", project.pk)  # the supervisor or manager
    if Role.CS_ASSISTANT not in access.roles_in(user, project.pk):
        raise ValidationError({"user": [_("Choose a customer-service assistant of this project.")]})
    duty = DeskDuty.objects.select_for_update().filter(project=project, day=day).first()
    if duty is None:
        duty = DeskDuty(project=project, day=day)
    duty.user, duty.set_by = user, acting_user
    stamp(duty, acting_user)
    duty.save()
    return duty


@transaction.atomic
def butler_area_set(*, building: Building, user: User | None, acting_user: User) -> ButlerArea | None:
    """Name the area butler (片区管家) of a building, or none. The butler follows residents' own
    reports from the building and visits all its households every quarter (seed 000 §8–§9)."""
    access.require_perm(acting_user, "complaint.classify", building.project_id)
    current = ButlerArea.objects.select_for_update().filter(building=building).first()
    if user is None:
        if current is not None:
            current.delete()  # an assignment, not a record: the quota history lives in the visits
        return None
    if Role.CS_ASSISTANT not in access.roles_in(user, building.project_id):
        raise ValidationError({"user": [_("Choose a customer-service assistant of this project.")]})
    if current is None:
        current = ButlerArea(project_id=building.project_id, building=building)
    current.user = user
    current.save()
    return current
