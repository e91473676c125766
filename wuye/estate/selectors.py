"""Reads of the estate registry, shared by console and API."""

from django.db.models import Count, Prefetch, Q

from wuye.estate.choices import OccupancyStatus
from wuye.estate.models import Lease, Owner, Ownership, Unit


def unit_search(*, user, project=None, query: str = "", status: str = "", building=None):
    qs = Unit.objects.visible_to(user).select_related("building")
    if project is not None:
        qs = qs.filter(project=project)
    if query:
        qs = qs.filter(Q(code__icontains=query.strip()) | Q(ownerships__owner__name__icontains=query.strip(),
                                                           ownerships__end_date__isnull=True)).distinct()
    if status:
        qs = qs.filter(status=status)
    if building:
        qs = qs.filter(building_id=building)
    return qs.order_by("building__number", "entrance", "floor", "room")


def unit_status_counts(*, user, project) -> list[dict]:
    rows = dict(
        Unit.objects.visible_to(user).filter(project=project).values_list("status").annotate(n=Count("id"))
    )
    return [{"status": value, "label": label, "count": rows.get(value, 0)} for value, label in OccupancyStatus.choices]


def unit_with_people(*, user, pk):
    return (
        Unit.objects.visible_to(user)
        .select_related("building", "project")
        .prefetch_related(
            Prefetch("ownerships", queryset=Ownership.objects.select_related("owner").order_by("-start_date")),
            Prefetch("leases", queryset=Lease.objects.select_related("tenant").order_by("-start_date")),
        )
        .get(pk=pk)
    )


def owner_search(*, user, project, query: str = ""):
    qs = (
        Owner.objects.visible_to(user)
        .filter(project=project)
        .prefetch_related(
            Prefetch("ownerships", queryset=Ownership.objects.active().select_related("unit"), to_attr="active_ownerships")
        )
    )
    if query:
        q = query.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(ownerships__unit__code__icontains=q)).distinct()
    return qs.order_by("name", "id")
