"""What every step of a notice shares: the row lock, the transition check, messages after commit."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wuye.accounts.selectors import project_staff  # noqa: F401  (re-exported)
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.notices.choices import TRANSITIONS
from wuye.notices.models import Notice
from wuye.notifications.services import (
    notify_after_commit,  # noqa: F401  (re-exported)
)


def locked(notice: Notice) -> Notice:
    return lock_row(Notice, notice.pk)


def check_transition(notice: Notice, to_status: str) -> None:
    if to_status not in TRANSITIONS[notice.status]:
        raise BusinessRuleError(
            "notice_wrong_status",
            _("The notice is %(status)s; this step is not possible now.")
            % {"status": notice.get_status_display()},
        )


def notice_url(notice: Notice) -> str:
    return f"/notices/{notice.pk}/"
