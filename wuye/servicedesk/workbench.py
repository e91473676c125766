"""Service-desk cards of the home page: my work, my departments' open work, and the project's
open, overdue and unreturned work for supervisors and managers.

Every count is one `Count(filter=...)` of a single aggregate query over the tickets the user sees
in the project, with the same condition (`selectors.ticket_filter_q`) the ticket list applies to
the link's query string, so a card's number is the number of rows its link opens.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wuye.core import access, workbench
from wuye.core.workbench import BAD, WARN, Card, Figure
from wuye.servicedesk import selectors
from wuye.servicedesk.choices import DEPARTMENT_ROLES, Department
from wuye.servicedesk.models import Ticket

#: the query-string name of each `ticket_filter_q` argument
_PARAM = {"open_only": "open"}


def ticket_link(**filters) -> str:
    """`/tickets/?...` for `ticket_filter_q` arguments (true flags as 1)."""
    query = {
        _PARAM.get(name, name): (1 if value is True else value) for name, value in filters.items() if value
    }
    return f"{reverse('console:ticket-list')}?{urlencode(query)}"


def _tone(count: int, tone: str) -> str:
    return tone if count else ""


def ticket_cards(user, project, now: dt.datetime) -> list[Card]:
    if user.is_resident or not access.has_perm(user, "ticket.view", project.pk):
        return []
    roles = access.roles_in(user, project.pk)
    # (card key, card title, [(figure label, filters, tone when not zero)])
    plan: list[tuple[str, str, list[tuple[str, dict, str]]]] = [
        (
            "my_work",
            _("My work"),
            [
                (_("My open tickets"), {"mine": True, "open_only": True}, ""),
                (_("My overdue steps"), {"mine": True, "overdue": True}, BAD),
                (_("Mine due today"), {"mine": True, "due_today": True}, WARN),
            ],
        )
    ]
    for department in [d for d, needed in DEPARTMENT_ROLES.items() if roles & needed]:
        plan.append(
            (
                f"department_{department}",
                _("Department: %(department)s") % {"department": Department(department).label},
                [
                    (_("Open"), {"department": department, "open_only": True}, ""),
                    (_("Overdue"), {"department": department, "overdue": True}, BAD),
                    (_("Due today"), {"department": department, "due_today": True}, WARN),
                ],
            )
        )
    if access.has_perm(user, "report.view", project.pk):  # supervisors, leads and managers
        plan.append(
            (
                "project_tickets",
                _("Project tickets"),
                [
                    (_("Open"), {"open_only": True}, ""),
                    (_("Overdue"), {"overdue": True}, BAD),
                    (_("Due today"), {"due_today": True}, WARN),
                    (_("Today's repairs not returned"), {"unreturned": True}, WARN),
                ],
            )
        )
    counts = {
        f"n{card}_{figure}": Count("pk", filter=selectors.ticket_filter_q(user=user, as_of=now, **filters))
        for card, (_key, _title, figures) in enumerate(plan)
        for figure, (_label, filters, _t) in enumerate(figures)
    }
    values = Ticket.objects.visible_to(user).filter(project=project).aggregate(**counts)
    cards = []
    for card, (key, title, figures) in enumerate(plan):
        shown = []
        for figure, (label, filters, tone) in enumerate(figures):
            n = values[f"n{card}_{figure}"]
            shown.append(Figure(label=label, value=n, url=ticket_link(**filters), tone=_tone(n, tone)))
        cards.append(Card(key=key, title=title, figures=shown))
    return cards


def register() -> None:
    workbench.register("servicedesk", order=10, provider=ticket_cards)
