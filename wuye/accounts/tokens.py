"""API tokens that end (issue 10): after `WUYE_TOKEN_IDLE` without use (default 12 h), after
`WUYE_TOKEN_MAX_AGE` in all (default 7 days), at `POST /api/v1/auth/logout/`, and as soon as the
user's password changes or the user is deactivated — wherever that is done (admin, a service),
because every request compares the token with the user's current password fingerprint, as
Django does for sessions.

`token_issue` is what the login endpoint gives out; `ExpiringTokenAuthentication` replaces DRF's
`TokenAuthentication` and answers 401 for an ended token (deleting it).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from wuye.accounts.models import TokenState, User

#: last use is written at most this often (a write per request would cost more than it tells)
TOUCH_EVERY = dt.timedelta(minutes=1)


def _idle() -> dt.timedelta:
    return getattr(settings, "WUYE_TOKEN_IDLE", dt.timedelta(hours=12))


def _max_age() -> dt.timedelta:
    return getattr(settings, "WUYE_TOKEN_MAX_AGE", dt.timedelta(days=7))


def token_alive(token: Token, user: User, now: dt.datetime | None = None) -> bool:
    """Whether `token` may still be used by `user` (active, same password, not idle, not too old)."""
    now = now or timezone.now()
    state = getattr(token, "state", None)
    if not user.is_active or token.created <= now - _max_age():
        return False
    if state is None:  # a token issued before tokens had a life (or by a fixture): adopted on use
        return True
    return state.auth_hash == user.get_session_auth_hash() and state.last_used_at > now - _idle()


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """The user's API token: the current one while it lives, otherwise a new one."""
    token = Token.objects.select_for_update(of=("self",)).select_related("state").filter(user=user).first()
    if token is not None and not token_alive(token, user):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    TokenState.objects.update_or_create(
        token=token, defaults={"last_used_at": timezone.now(), "auth_hash": user.get_session_auth_hash()}
    )
    return token


def token_revoke(*, user: User) -> int:
    """End the user's API token (logout); returns how many were ended."""
    _total, by_model = Token.objects.filter(user=user).delete()
    return by_model.get(Token._meta.label, 0)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused (401) once the token has ended."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        token = model.objects.select_related("user", "state").filter(key=key).first()
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        user = token.user
        now = timezone.now()
        if not token_alive(token, user, now):
            token.delete()
            raise AuthenticationFailed(_("Your session has ended; log in again."))
        state = getattr(token, "state", None)
        if state is None:
            TokenState.objects.create(token=token, last_used_at=now, auth_hash=user.get_session_auth_hash())
        elif state.last_used_at <= now - TOUCH_EVERY:
            TokenState.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token
