"""Failed logins are limited per username and per client address (django-axes, attempts kept in
the database, so every worker counts the same failures), for the console and the API alike.

After `AXES_FAILURE_LIMIT` failures (5) a username is locked for `AXES_COOLOFF_TIME` since the
last failure; a successful login resets its count. A client address is locked after
`WUYE_LOGIN_IP_FAILURE_LIMIT` failures (30) within that time, whatever usernames they tried: a
higher limit, because a customer-service centre's staff share one address, and one person's
typos must not lock the whole desk out. A locked login
gets HTTP 429 with the time to wait: the login page again with the message (console) or the
API's usual error body with `Retry-After` (API). An administrator lifts a lock in the admin
(Axes ▸ Access attempts) or with `manage.py axes_reset_username <name>`.
"""

from __future__ import annotations

import datetime as dt
import math

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


class LoginGuardBackend(AxesStandaloneBackend):
    """Axes' check, first among the authentication backends. Without a request (a management
    command, the test client's `login()`) there is no client to lock: the check is skipped."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        if address_failures(request) >= settings.WUYE_LOGIN_IP_FAILURE_LIMIT:
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("too many failed logins from this address")
        return None


def address_failures(request) -> int:
    """Failed logins from the request's client address within the cool-off time (every username)."""
    since = timezone.now() - (get_cool_off(request) or dt.timedelta(days=3650))
    total = AccessAttempt.objects.filter(
        ip_address=getattr(request, "axes_ip_address", None), attempt_time__gte=since
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


def wait_minutes(request=None) -> int:
    cool_off = get_cool_off(request)
    return max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message(request=None) -> str:
    minutes = wait_minutes(request)
    if not minutes:
        return _("Too many failed logins: this login is locked. Ask an administrator to unlock it.")
    return _("Too many failed logins. Try again in %(minutes)s minutes.") % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """Axes' AXES_LOCKOUT_CALLABLE: the answer to a locked login (HTTP 429)."""
    message = lockout_message(request)
    retry_after = str(wait_minutes(request) * 60)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": "login_locked", "message": message, "fields": {"username": [message]}}, status=429
        )
    else:
        # an unbound form: binding it would authenticate again (and count one more failure)
        form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
        response = render(
            request,
            "registration/login.html",
            {"form": form, "next": request.POST.get("next", ""), "lockout_message": message},
            status=429,
        )
    if retry_after != "0":
        response["Retry-After"] = retry_after
    return response
