"""What every step of a notice shares: the row lock, the transition check, messages after commit."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.accounts.models import RoleAssignment
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.notices.choices import TRANSITIONS
from wuye.notices.models import Notice
from wuye.notifications.services import notify


def locked(notice: Notice) -> Notice:
    return lock_row(Notice, notice.pk)


def check_transition(notice: Notice, to_status: str) -> None:
    if to_status not in TRANSITIONS[notice.status]:
        raise BusinessRuleError(
            "notice_wrong_status",
            _("The notice is %(status)s; this step is not possible now.")
            % {"status": notice.get_status_display()},
        )


def project_staff(project_id: int, roles) -> list:
    """Active users holding any of `roles` in the project, in id order."""
    ids = RoleAssignment.objects.active().filter(project_id=project_id, role__in=set(roles)).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def notify_after_commit(users, *, kind: str, title: str, key: str, url: str) -> None:
    """One message per user once the step is committed (never for a rolled-back one)."""
    users = [user for user in users if user is not None]

    def send():
        for user in users:
            notify(recipient=user, kind=kind, title=title, dedupe_key=key, url=url)

    transaction.on_commit(send)


def notice_url(notice: Notice) -> str:
    return f"/notices/{notice.pk}/"
