"""Helpers for recording who did what."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.errors import BusinessRuleError


def stamp(obj, user):
    """Make django-simple-history record `user` as the author of the next save of `obj`."""
    obj._history_user = user
    return obj


def event_time(at, *, not_before=None, now=None):
    """The time an event happened, given explicitly for paper records entered later.

    Never in the future; never before the previous step (`not_before`).
    """
    now = now or timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + dt.timedelta(minutes=1):
        msg = _("The event time cannot be in the future.")
        raise BusinessRuleError("event_in_future", msg, {"at": [msg]})
    if not_before is not None and at < not_before:
        msg = _("The event time cannot be earlier than the previous step.")
        raise BusinessRuleError("event_before_previous_step", msg, {"at": [msg]})
    return at
