"""Reads of the desk's visitor and mail registers, shared by the API, the console and the Excel file:
who is still inside, the uncollected important mail, and the newspaper round."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from wuye.estate.models import Lease, Ownership
from wuye.frontdesk.choices import MailStatus
from wuye.frontdesk.models import MailItem, Subscription, Visitor

#: the order of the newspaper round: building, entrance, floor, room (as the butler walks it)
ROUND_ORDER = ("unit__building__number", "unit__entrance", "unit__floor", "unit__room", "title", "pk")


def visitors_inside(queryset=None):
    """Visitors registered in whose time out is not recorded yet, earliest in first (the night
    round's list)."""
    queryset = queryset if queryset is not None else Visitor.objects.all()
    return queryset.filter(out_at__isnull=True).select_related("host_unit").order_by("in_at", "pk")


def visitor_list(queryset=None):
    queryset = queryset if queryset is not None else Visitor.objects.all()
    return queryset.select_related("host_unit", "registered_by", "out_recorded_by")


def mail_list(queryset=None):
    queryset = queryset if queryset is not None else MailItem.objects.all()
    return queryset.select_related("unit", "received_by", "handed_over_by")


def uncollected_mail(queryset=None):
    """Important mail still waiting at the desk, the oldest first (seed 003: listed daily)."""
    queryset = queryset if queryset is not None else MailItem.objects.all()
    return mail_list(queryset.filter(status=MailStatus.WAITING)).order_by("received_at", "pk")


def management_mail(queryset=None):
    """Mail for the management office still at the desk: to be handed over promptly."""
    return uncollected_mail(queryset).filter(for_management=True)


def days_waiting(item: MailItem, today: dt.date | None = None) -> int:
    """Whole days since the item arrived (0 on the day it came)."""
    today = today or timezone.localdate()
    return max(0, (today - timezone.localdate(item.received_at)).days)


def active_subscriptions(queryset=None, *, day: dt.date | None = None):
    """Subscriptions running on `day` (default today)."""
    day = day or timezone.localdate()
    queryset = queryset if queryset is not None else Subscription.objects.all()
    return queryset.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def subscription_list(queryset=None):
    queryset = queryset if queryset is not None else Subscription.objects.all()
    return queryset.select_related("unit", "unit__building", "registered_by")


def newspaper_round(queryset=None, *, day: dt.date | None = None):
    """The day's round: running subscriptions sorted by building, entrance, floor and room."""
    return subscription_list(active_subscriptions(queryset, day=day)).order_by(*ROUND_ORDER)


def unit_resident_users(unit_id: int) -> list:
    """Login accounts of the unit's current owners and tenants (told when their mail arrives)."""
    owners = Ownership.objects.active().filter(unit_id=unit_id, owner__user__isnull=False)
    tenants = Lease.objects.active().filter(unit_id=unit_id, tenant__user__isnull=False)
    ids = set(owners.values_list("owner__user_id", flat=True)) | set(
        tenants.values_list("tenant__user_id", flat=True)
    )
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))
