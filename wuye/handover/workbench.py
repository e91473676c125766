"""The handover card of the home page (project manager and planners): late and upcoming checklist
items per batch, open and overdue defects; every figure opens the list it counts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access, workbench
from wuye.core.workbench import BAD, WARN, Card, Figure
from wuye.handover.models import Defect, HandoverBatch

#: checklist items due within this many days count as "due soon"
DUE_SOON_DAYS = 7


def handover_cards(user, project, now: dt.datetime) -> list[Card]:
    if user.is_resident or not access.has_perm(user, "handover.plan", project.pk):
        return []
    today = timezone.localdate(now)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    figures: list[Figure] = []
    batches = (
        HandoverBatch.objects.filter(project=project, handover_date__gte=today - dt.timedelta(days=30))
        .annotate(
            late=Count("checklist", filter=Q(checklist__done_at__isnull=True, checklist__due_date__lt=today)),
            due=Count(
                "checklist",
                filter=Q(
                    checklist__done_at__isnull=True,
                    checklist__due_date__gte=today,
                    checklist__due_date__lte=soon,
                ),
            ),
        )
        .order_by("handover_date")
    )
    for batch in batches:
        url = reverse("console:handover-batch", args=[batch.pk])
        if batch.late:
            figures.append(
                Figure(
                    label=_("%(batch)s: checklist items late") % {"batch": batch.name},
                    value=batch.late,
                    url=f"{url}?state=late",
                    tone=BAD,
                )
            )
        if batch.due:
            figures.append(
                Figure(
                    label=_("%(batch)s: checklist items due within a week") % {"batch": batch.name},
                    value=batch.due,
                    url=f"{url}?state=due",
                    tone=WARN,
                )
            )
    defects = Defect.objects.filter(project=project, closed_at__isnull=True).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today))
    )
    url = reverse("console:handover-defects")
    if defects["open"]:
        figures.append(
            Figure(label=_("Open handover defects"), value=defects["open"], url=f"{url}?state=open")
        )
    if defects["overdue"]:
        figures.append(
            Figure(
                label=_("Overdue handover defects"),
                value=defects["overdue"],
                url=f"{url}?state=overdue",
                tone=BAD,
            )
        )
    return [Card(key="handover", title=_("Handover"), figures=figures)]


def register() -> None:
    workbench.register("handover", order=60, provider=handover_cards)
