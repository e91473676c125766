"""The desk around the tickets: area butlers and desk duty, customer visits."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.utils import timezone

from wuye.demo.clock import frozen, quiet
from wuye.demo.ticket_work import _work
from wuye.servicedesk import services
from wuye.servicedesk.models import ButlerArea, CustomerVisit, DeskDuty

# (category, content, urgent); office requests are used for the office tower


def load_desk_rota(project, *, assistants, supervisor, today: dt.date, butlers: bool = True) -> Counter:
    """The supervisor's rota: an area butler (片区管家) for most buildings (the last one is left to
    the desk) and the assistant on desk duty for today and the next 6 days. Does nothing for a
    project that already has butlers or duty days."""
    if not assistants or (
        ButlerArea.objects.filter(project=project).exists()
        or DeskDuty.objects.filter(project=project).exists()
    ):
        return Counter()
    counts = Counter()
    if butlers:
        buildings = list(project.buildings.order_by("number", "pk"))
        for n, building in enumerate(buildings[: max(len(buildings) - 1, 1)]):
            services.butler_area_set(
                building=building, user=assistants[n % len(assistants)], acting_user=supervisor
            )
            counts["area butlers"] += 1
    for n in range(7):
        day = today + dt.timedelta(days=n)
        services.desk_duty_set(
            project=project, day=day, user=assistants[n % len(assistants)], acting_user=supervisor
        )
        counts["desk duty days"] += 1
    return counts


VISITS = [
    ("door_to_door", "satisfied", ""),
    ("phone", "very_satisfied", ""),
    ("in_person", "satisfied", "希望小区绿化多补种一些花卉"),
    ("door_to_door", "neutral", "楼道灯有时不亮"),
    ("phone", "satisfied", ""),
]


def load_customer_visits(project, *, assistant, today: dt.date | None = None, **team) -> int:
    """客户走访 over the last months: key customers visited, one opinion turned into a ticket —
    worked and closed since when `team` (engineer, supervisor, security) is given."""
    if CustomerVisit.objects.filter(project=project).exists():
        return 0
    today = today or timezone.localdate()
    units = list(project.units.filter(status__in=["owner_occupied", "office"]).order_by("pk")[:120:10])
    method_office = project.code != "cuihu"
    created = 0
    for i, unit in enumerate(units):
        method, satisfaction, opinion = VISITS[i % len(VISITS)]
        if method_office and method == "door_to_door":
            method = "office"
        day = today - dt.timedelta(days=8 + i * 15)
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(15, 30)))
        with frozen(at):
            visit = services.customer_visit_create(
                project=project,
                method=method,
                acting_user=assistant,
                unit=unit,
                at=at,
                key_customer=i % 4 == 0,
                satisfaction=satisfaction,
                opinion=opinion,
                opinion_category="repair_public" if "不亮" in opinion else "",
            )
        created += 1
        if team:
            with quiet():
                for ticket in visit.tickets.exclude(status__in=["closed", "cancelled"]):
                    rng = random.Random(f"visit:{ticket.pk}")
                    _work(ticket, "closed", at, rng, now=timezone.now(), assistant=assistant, **team)
    return created
