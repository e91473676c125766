"""Parking reads shared by the API and the console."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, Subquery

from wuye.parking.models import ParkingSpace, Rental


def current_q(day: dt.date) -> Q:
    """Rentals running on `day`; a rental ended early runs up to its `ended_on`."""
    return Q(start_date__lte=day, end_date__gte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def spaces_with_current_rental(day: dt.date, queryset=None):
    """Spaces annotated with the rental running on `day` (its id, end and plate), in one query."""
    current = Rental.objects.filter(current_q(day), space=OuterRef("pk")).order_by("start_date")
    queryset = queryset if queryset is not None else ParkingSpace.objects.all()
    return queryset.select_related("owner").annotate(
        current_rental=Subquery(current.values("pk")[:1]),
        rented_until=Subquery(current.values("end_date")[:1]),
        rented_plate=Subquery(current.values("vehicle__plate")[:1]),
    )
