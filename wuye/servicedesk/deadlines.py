"""Default deadlines of spec 02 and how a ticket's steps get their due times.

Every figure is a per-project setting: `project.settings["servicedesk"]["deadlines"][step] =
[amount, unit]` overrides the default below. Units: seconds, minutes, hours, days (calendar),
working_hours, working_days (the statutory calendar, wuye.core.workdays).

The seeds give plain days ("1天", "2日内", "15日内", seed 000 §6–§8) and promise service 365 days
a year (seed 001), so the defaults count calendar days and hours; a project that wants working
days for a step chooses them in its settings. Each armed deadline keeps the rule it was armed
with (amount and unit), shown next to its due time.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuye.core import workdays

DEFAULT_DEADLINES: dict[str, tuple[int, str]] = {
    # seed 000 §6, §7: forward what cannot be solved on the spot within 10 minutes
    "dispatch": (10, "minutes"),
    # seed 002: urgent or major matters reported to the superior within 90 seconds
    "report_superior": (90, "seconds"),
    # seed 002: handler on site within 10 minutes of dispatch (immediate service)
    "on_site": (10, "minutes"),
    # seed 002: contact the customer 15 minutes before an appointment
    "contact_before_appointment": (15, "minutes"),
    # seed 001: urgent repair on site in 2 hours, fixed in 8 (seed text "38小时" is garbled)
    "urgent_on_site": (2, "hours"),
    "urgent_fixed": (8, "hours"),
    # seed 000 §6: requests and suggestions replied within 1 day ("1天内", or the promised time)
    "reply": (1, "days"),
    # seed 000 §7: minor complaint at most half a day ("限半日内"); important 1 day ("1日内");
    # major: a clear reply within 2 days ("2日内"), resolved within 15 days ("不宜超过15日")
    "complaint_minor": (12, "hours"),
    "complaint_important": (1, "days"),
    "complaint_major_reply": (2, "days"),
    "complaint_major_resolve": (15, "days"),
    # seed 000 §7.6–7: after the department reports back, the result is replied the same day ("当天")
    "complaint_result_reply": (0, "same_day"),
    # seed 000 §7, §8: return visit within 1 day of completion ("1天内")
    "return_visit": (1, "days"),
}

# Steps whose unit a project may change (calendar ↔ working time); the others are minutes or
# seconds at the desk and stay clock time.
DAY_STEPS = (
    "reply",
    "complaint_minor",
    "complaint_important",
    "complaint_major_reply",
    "complaint_major_resolve",
    "return_visit",
    "urgent_on_site",
    "urgent_fixed",
)
UNITS = ("seconds", "minutes", "hours", "days", "working_hours", "working_days", "same_day")
UNIT_NAMES = {  # what a unit is called in a settings form
    "seconds": _("seconds"),
    "minutes": _("minutes"),
    "hours": _("hours (on the clock)"),
    "days": _("days (calendar)"),
    "working_hours": _("working hours"),
    "working_days": _("working days (statutory calendar)"),
    "same_day": _("the same day"),
}
UNIT_LABELS = {
    "seconds": _("%(n)s s"),
    "minutes": _("%(n)s min"),
    "hours": _("%(n)s h"),
    "days": _("%(n)s day(s)"),
    "working_hours": _("%(n)s working hour(s)"),
    "working_days": _("%(n)s working day(s)"),
    "same_day": _("same day"),
    "promised": _("time promised to the customer"),
    "appointment": _("appointment"),
}

STEP_LABELS = {
    "dispatch": _("Dispatch"),
    "report_superior": _("Report to superior"),
    "on_site": _("Handler on site"),
    "contact_before_appointment": _("Contact customer before appointment"),
    "urgent_on_site": _("Urgent repair on site"),
    "urgent_fixed": _("Urgent repair fixed"),
    "reply": _("Reply to customer"),
    "complaint_minor": _("Minor complaint resolved"),
    "complaint_important": _("Important complaint resolved"),
    "complaint_major_reply": _("Major complaint: clear reply"),
    "complaint_major_resolve": _("Major complaint resolved"),
    "complaint_result_reply": _("Reply the result to the customer"),
    "return_visit": _("Return visit"),
}

# Which status change meets which step. Replies to the customer are not status changes: the
# steps in MET_BY_REPLY are met by a recorded reply (CustomerReply), never by work starting.
MET_BY_STATUS = {
    "dispatch": {"dispatched", "in_progress", "closed"},
    "on_site": {"in_progress"},
    # met by `ticket_contact_customer`; at the latest, arriving on site is the contact
    "contact_before_appointment": {"in_progress"},
    "urgent_on_site": {"in_progress"},
    "urgent_fixed": {"completed"},
    "reply": {"completed", "closed"},
    "complaint_minor": {"completed"},
    "complaint_important": {"completed"},
    "complaint_major_resolve": {"completed"},
    "return_visit": {"return_visited"},
}
# reply kind → steps it meets. Seed 000 §7: "2日内给投诉的客户明确答复" is a reply, interim or final;
# the same-day reply after the department's feedback is the result. Seed 000 §6: a request is
# "处理和回复" within 1 day: a reply meets it as well as completing the work.
MET_BY_REPLY = {
    "interim": {"complaint_major_reply", "reply"},
    "result": {"complaint_major_reply", "complaint_result_reply", "reply"},
}

COMPLAINT_STEPS = {
    "minor": ["complaint_minor"],
    "important": ["complaint_important"],
    "major": ["complaint_major_reply", "complaint_major_resolve"],
}


def setting(project, step: str) -> tuple[int, str]:
    overrides = (project.settings or {}).get("servicedesk", {}).get("deadlines", {})
    value = overrides.get(step)
    if value:
        return int(value[0]), str(value[1])
    return DEFAULT_DEADLINES[step]


def add(start: dt.datetime, amount: int, unit: str) -> dt.datetime:
    if unit == "same_day":
        # the end of the local day the clock started on
        local = timezone.localtime(start)
        return timezone.make_aware(dt.datetime.combine(local.date(), dt.time(23, 59, 59)))
    return workdays.add_duration(start, amount, unit)


def due(project, step: str, start: dt.datetime) -> dt.datetime:
    amount, unit = setting(project, step)
    return add(start, amount, unit)


def rule_label(amount: int | None, unit: str) -> str:
    """ "1 day(s)", "2 working day(s)", "time promised to the customer"… for display next to a due time."""
    if not unit:
        return ""
    label = UNIT_LABELS.get(unit)
    if label is None:
        return f"{amount} {unit}"
    return str(label) % {"n": amount} if "%(n)s" in str(label) else str(label)


def validate_overrides(value) -> dict:
    """Check a project's deadline settings: {step: [amount, unit]} with known steps and units."""
    from django.core.exceptions import ValidationError

    if not isinstance(value, dict):
        raise ValidationError({"deadlines": [_("Give the deadlines as step: [amount, unit].")]})
    errors, clean = {}, {}
    for step, rule in value.items():
        if step not in DEFAULT_DEADLINES:
            errors[step] = [_("Unknown step.")]
            continue
        try:
            amount, unit = int(rule[0]), str(rule[1])
        except (TypeError, ValueError, IndexError, KeyError):
            errors[step] = [_("Give an amount and a unit.")]
            continue
        if unit not in UNITS or amount < 0 or (amount == 0 and unit != "same_day"):
            errors[step] = [
                _("Choose a positive amount and one of: %(units)s.") % {"units": ", ".join(UNITS)}
            ]
            continue
        clean[step] = [amount, unit]
    if errors:
        raise ValidationError(errors)
    return clean


def state(deadline, as_of: dt.datetime) -> str:
    """pending | met | late, at `as_of` (overdue is computed at read time, sweep or no sweep)."""
    if deadline.met_at is not None:
        return "met" if deadline.met_at <= deadline.due_at else "late"
    if deadline.cancelled:
        return "met"
    return "late" if as_of > deadline.due_at else "pending"
