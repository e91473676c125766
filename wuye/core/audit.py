"""Helpers for recording who did what."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.errors import BusinessRuleError
from wuye.core.validators import check_plausible_date


def stamp(obj, user):
    """Make django-simple-history record `user` as the author of the next save of `obj`."""
    obj._history_user = user
    return obj


def event_time(at, *, not_before=None, now=None):
    """The time an event happened, given explicitly for paper records entered later.

    Never in the future; never before the previous step (`not_before`); never before the
    plausible window (settings.WUYE_PLAUSIBLE_YEARS_BACK: a payment "received" in 1900 is a typo).
    """
    now = now or timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + dt.timedelta(minutes=1):
        msg = _("The event time cannot be in the future.")
        raise BusinessRuleError("event_in_future", msg, {"at": [msg]})
    try:
        check_plausible_date(at, field="at", today=timezone.localdate(now))
    except ValidationError as exc:
        msg = exc.message_dict["at"][0]
        raise BusinessRuleError("implausible_date", msg, {"at": [msg]}) from exc
    if not_before is not None and at < not_before:
        msg = _("The event time cannot be earlier than the previous step.")
        raise BusinessRuleError("event_before_previous_step", msg, {"at": [msg]})
    return at
