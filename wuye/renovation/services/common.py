"""What every renovation service shares: the allowed moves, numbers, departments, notices."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.accounts.selectors import project_staff  # noqa: F401  (re-exported)
from wuye.core import access
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.core.sequences import next_value
from wuye.notifications.services import (
    notify_after_commit,  # noqa: F401  (re-exported)
)
from wuye.renovation.choices import TRANSITIONS, Department, RenovationStatus
from wuye.renovation.models import Renovation
from wuye.renovation.permissions import ROLE_DEPARTMENT

if TYPE_CHECKING:
    from wuye.accounts.models import User


def check_transition(renovation: Renovation, to_status: str) -> None:
    """Raise 400 `renovation_transition_forbidden` when TRANSITIONS does not allow the move."""
    if to_status not in TRANSITIONS[renovation.status]:
        raise BusinessRuleError(
            "renovation_transition_forbidden",
            _("A renovation cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": RenovationStatus(renovation.status).label,
                "to": RenovationStatus(to_status).label,
            },
            {"status": [_("This step is not possible at this stage.")]},
        )


def move(renovation: Renovation, to_status: str, acting_user: User, reason: str = "") -> Renovation:
    """Change the stage (the caller holds the row lock and has checked its own rules): checks the
    transition and saves with the history row naming who and why."""
    check_transition(renovation, to_status)
    renovation.status = to_status
    renovation._change_reason = (reason or to_status)[:100]  # type: ignore[attr-defined]  # simple_history
    renovation.save()
    return renovation


def lock(renovation: Renovation) -> Renovation:
    """The renovation's row, locked for the rest of the transaction (fresh from the database)."""
    return lock_row(Renovation, renovation.pk)


def next_number(project_id: int, prefix: str, year: int | None = None) -> str:
    """A continuous number per project, kind and year: ZX2026-0001 (renovations), WZ… (notices),
    DH… (hot-work permits), XK… (construction permits)."""
    year = year or timezone.localdate().year
    value = next_value(f"renovation:{prefix}:{project_id}:{year}")
    return f"{prefix}{year}-{value:04d}"


def user_departments(user, project_id: int) -> set[str]:
    """The departments `user` works for in the project (from their roles there)."""
    return {ROLE_DEPARTMENT[role] for role in access.roles_in(user, project_id) if role in ROLE_DEPARTMENT}


def acting_department(user, project_id: int, department: str | None) -> str:
    """The department the user acts for: the one given (which must be theirs), or their only one."""
    mine = user_departments(user, project_id)
    if department:
        if department not in Department.values:
            raise BusinessRuleError(
                "unknown_department", _("Unknown department."), {"department": [_("Unknown department.")]}
            )
        if department not in mine and not getattr(user, "is_superuser", False):
            raise BusinessRuleError(
                "not_your_department",
                _("You do not work for this department in this project."),
                {"department": [_("You do not work for this department in this project.")]},
            )
        return department
    if len(mine) == 1:
        return next(iter(mine))
    raise BusinessRuleError(
        "department_required",
        _("Say which department you act for."),
        {"department": [_("Say which department you act for.")]},
    )


def refuse_if_missing(code: str, missing: dict[str, list[str]]) -> None:
    """One refusal naming everything missing, each under its own key (the API's `fields`)."""
    if missing:
        items = "; ".join(message for messages in missing.values() for message in messages)
        raise BusinessRuleError(code, _("Not yet possible: %(items)s") % {"items": items}, missing)


def local_day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()
