"""The ticket page's timeline: each event with a short human summary of its data."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from wuye.servicedesk import deadlines
from wuye.servicedesk.choices import (
    Department,
    EscalationLevel,
    EventKind,
    Satisfaction,
    Severity,
    Validity,
)
from wuye.servicedesk.models import TicketEvent

LATE_ENTRY = dt.timedelta(minutes=10)  # a paper record typed in afterwards


def event_rows(ticket) -> list[dict]:
    """The timeline, with a short human summary of each event's data."""
    events = list(TicketEvent.objects.filter(ticket=ticket).select_related("actor"))
    user_ids = set()
    for e in events:
        for key in ("assignee", "from", "to"):
            if e.kind in (EventKind.TRANSITION, EventKind.HANDOVER) and isinstance(e.data.get(key), int):
                user_ids.add(e.data[key])
    names = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=user_ids)} if user_ids else {}
    rows = []
    for e in events:
        details = []
        data = e.data or {}
        if data.get("department"):
            details.append(
                str(Department(data["department"]).label)
                if data["department"] in Department.values
                else data["department"]
            )
        if data.get("assignee"):
            details.append(names.get(data["assignee"], ""))
        if e.kind == EventKind.HANDOVER:
            details.append(f"{names.get(data.get('from'), '')} → {names.get(data.get('to'), '')}")
        if e.kind == EventKind.ESCALATION and data.get("to") in EscalationLevel.values:
            details.append(str(EscalationLevel(data["to"]).label))
        if e.kind == EventKind.EXTENSION and data.get("step"):
            details.append(str(deadlines.STEP_LABELS.get(data["step"], data["step"])))
        if "satisfaction" in data and data["satisfaction"] in Satisfaction.values:
            solved = _("solved") if data.get("solved") else _("not solved")
            details.append(f"{solved} · {Satisfaction(data['satisfaction']).label}")
        if data.get("fee") not in (None, "", "0", "0.00"):
            details.append(_("fee %(fee)s") % {"fee": data["fee"]})
        if e.kind == EventKind.CLASSIFICATION and data.get("to") in Severity.values:
            details.append(str(Severity(data["to"]).label))
        if e.kind == EventKind.CLASSIFICATION and data.get("validity") in Validity.values:
            details.append(str(Validity(data["validity"]).label))
        late_entry = e.recorded_at - e.at > LATE_ENTRY  # a paper record typed in afterwards
        rows.append({"event": e, "details": [d for d in details if d], "late_entry": late_entry})
    return rows
