"""The census card of the home page: for an assistant, the buildings' censuses assigned to them
still to confirm (due by the 30th; the overdue ones flagged); for the project manager, the monthly
occupancy reports ready to sign (every building confirmed, the month over). A figure is shown only
when there is something to do; each opens the list of exactly those rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wuye.census import selectors
from wuye.core import access, workbench
from wuye.core.workbench import BAD, WARN, Card, Figure


def census_cards(user, project, now: dt.datetime) -> list[Card]:
    if user.is_resident:
        return []
    today = timezone.localdate(now)
    figures: list[Figure] = []
    if access.has_perm(user, "census.confirm", project.pk):
        counts = selectors.censuses_to_confirm(user=user, project=project).aggregate(
            open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))
        )
        url = reverse("console:census-mine")
        if counts["open"]:
            figures.append(
                Figure(
                    label=_("Censuses to confirm"),
                    value=counts["open"],
                    url=url,
                    tone=BAD if counts["overdue"] else WARN,
                )
            )
        if counts["overdue"]:
            figures.append(
                Figure(
                    label=_("Overdue censuses"),
                    value=counts["overdue"],
                    url=f"{url}?{urlencode({'state': 'overdue'})}",
                    tone=BAD,
                )
            )
    if access.has_perm(user, "census.sign_off", project.pk):
        reports = selectors.reports_to_sign(project=project, today=today).aggregate(
            ready=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))
        )
        if reports["ready"]:
            figures.append(
                Figure(
                    label=_("Occupancy reports to sign"),
                    value=reports["ready"],
                    url=f"{reverse('console:census-reports')}?{urlencode({'state': 'to_sign'})}",
                    tone=BAD if reports["overdue"] else WARN,
                )
            )
    return [Card(key="census", title=_("Occupancy census"), figures=figures)]


def register() -> None:
    workbench.register("census", order=80, provider=census_cards)
