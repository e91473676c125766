"""Segregation of duties: nobody approves what they asked for (issue 10).

One helper for every approval — deposit refunds, deadline extensions, role assignments now;
penalties, abnormal key releases and notices in the modules that bring them. Nobody is exempt,
the administrator (superuser) included.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from wuye.core.errors import PermissionDeniedError


def require_other_person(requested_by_id: int | None, acting_user, *, what: str) -> None:
    """Refuse (403 `self_approval_forbidden`) when `acting_user` is the person who asked for
    `what` (a noun phrase for the message, e.g. "a refund you requested")."""
    if requested_by_id is not None and requested_by_id == acting_user.pk:
        raise PermissionDeniedError(
            "self_approval_forbidden",
            _("You cannot approve %(what)s yourself; someone else must.") % {"what": what},
        )
