"""The occupancy card of the home page: units of the project by status, each linking to the unit list
filtered by that status (the counts the home page has always shown staff)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wuye.core import access, workbench
from wuye.core.workbench import Card, Figure
from wuye.estate import selectors


def occupancy_cards(user, project, now: dt.datetime) -> list[Card]:
    if user.is_resident or not access.has_perm(user, "estate.view", project.pk):
        return []
    counts = selectors.unit_status_counts(user=user, project=project)
    url = reverse("console:unit-list")
    figures = [Figure(label=_("All units"), value=sum(row["count"] for row in counts), url=url)]
    figures += [
        Figure(
            label=str(row["label"]), value=row["count"], url=f"{url}?{urlencode({'status': row['status']})}"
        )
        for row in counts
    ]
    return [Card(key="occupancy", title=_("Occupancy"), figures=figures)]


def register() -> None:
    workbench.register("estate", order=90, provider=occupancy_cards)
