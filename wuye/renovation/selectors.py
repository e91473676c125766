"""Reading renovations: the querysets the API, the console and the register share."""

from __future__ import annotations

from django.db.models import QuerySet

from wuye.renovation.models import Renovation


def renovation_queryset() -> QuerySet[Renovation]:
    return Renovation.objects.select_related("project", "unit", "unit__building", "owner")
