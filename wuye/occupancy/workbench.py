"""The move-in and exit card of the home page (customer-service assistants and supervisor, the
project manager): VIP care tasks still to do and tenant exits still waiting. A figure is shown
only when there is something to do; each opens the console list filtered to exactly those rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wuye.core import access, workbench
from wuye.core.roles import Role
from wuye.core.workbench import WARN, Card, Figure
from wuye.estate.models import Project
from wuye.occupancy.choices import CareStatus, ExitStatus
from wuye.occupancy.models import MoveIn, TenantExit

#: who follows up care tasks and waiting exits on the home page
ROLES = frozenset({Role.CS_ASSISTANT, Role.CS_SUPERVISOR, Role.PROJECT_MANAGER})


def _count(rows) -> Coalesce:
    """`rows`' count as a scalar subquery (0 when there are none)."""
    counted = rows.order_by().values("project").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted[:1]), Value(0))


def occupancy_task_cards(user, project, now: dt.datetime) -> list[Card]:
    if (
        user.is_resident
        or not access.has_perm(user, "occupancy.view", project.pk)
        or not access.roles_in(user, project.pk) & ROLES
    ):
        return []
    figures: list[Figure] = []
    # the same rows as the move-in list's ?care=open and the exit list's ?status=waiting, both
    # counted in one query
    counts = (
        Project.objects.filter(pk=project.pk)
        .annotate(
            care=_count(MoveIn.objects.visible_to(user).filter(project=project, care=CareStatus.OPEN)),
            waiting=_count(
                TenantExit.objects.visible_to(user).filter(project=project, status=ExitStatus.WAITING)
            ),
        )
        .values("care", "waiting")
        .first()
    ) or {"care": 0, "waiting": 0}
    care, waiting = counts["care"], counts["waiting"]
    if care:
        url = f"{reverse('console:occupancy-move-ins')}?{urlencode({'care': CareStatus.OPEN})}"
        figures.append(Figure(label=_("Open VIP care tasks"), value=care, url=url, tone=WARN))
    if waiting:
        url = f"{reverse('console:occupancy-exits')}?{urlencode({'status': ExitStatus.WAITING})}"
        figures.append(Figure(label=_("Tenant exits waiting"), value=waiting, url=url, tone=WARN))
    return [Card(key="occupancy_tasks", title=_("Move-ins and exits"), figures=figures)]


def register() -> None:
    workbench.register("occupancy", order=75, provider=occupancy_task_cards)
