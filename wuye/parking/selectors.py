"""Parking reads shared by the API and the console."""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat

from wuye.billing.models import Receipt
from wuye.billing.reports import receipt_number
from wuye.parking.models import ParkingSpace, Rental, Session

#: the idempotency key of a non-resident rental's cash rent is this prefix and the rental's id
RENTAL_PAYMENT_KEY_PREFIX = "parking-rental:"


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


def _with_receipt(queryset, receipts):
    receipts = receipts.order_by("-issued_at", "-pk")
    return queryset.annotate(
        cash_receipt=Subquery(receipts.values("pk")[:1]),
        cash_receipt_year=Subquery(receipts.values("year")[:1]),
        cash_receipt_seq=Subquery(receipts.values("number")[:1]),
    )


def sessions_with_receipt(queryset=None):
    """Stays annotated with the receipt of their gate cash (`cash_receipt`, its year and number): the
    walk-in billing payment of the stay's charge. In the same query; none for other stays."""
    queryset = queryset if queryset is not None else Session.objects.all()
    receipts = Receipt.objects.filter(
        payment__unit__isnull=True, payment__allocations__charge=OuterRef("charge_id")
    )
    return _with_receipt(queryset, receipts)


def rentals_with_receipt(queryset=None):
    """Rentals annotated with the receipt of a non-resident's cash rent (found by its payment's
    idempotency key). In the same query."""
    queryset = queryset if queryset is not None else Rental.objects.all()
    key = Concat(Value(RENTAL_PAYMENT_KEY_PREFIX), Cast(OuterRef("pk"), CharField()))
    return _with_receipt(queryset, Receipt.objects.filter(payment__idempotency_key=key))


def cash_receipt_number(obj) -> str | None:
    """The printed number of an annotated stay's or rental's cash receipt, e.g. 2026-000012."""
    year, number = getattr(obj, "cash_receipt_year", None), getattr(obj, "cash_receipt_seq", None)
    return receipt_number(year, number) if year is not None and number is not None else None
