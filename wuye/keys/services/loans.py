"""Keys out of the cabinet and back: viewings (the key stays with staff) and internal loans with a
due-back time; overdue keys are listed and their holders and keepers told (seed 000 §23)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.duties import require_other_person
from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.keys.choices import OUT_STATES, KeyState, MovementKind
from wuye.keys.models import Key, KeyMovement
from wuye.keys.selectors import overdue_keys
from wuye.keys.services.common import (
    locked,
    movement_time,
    record_move,
    require_project_staff,
    require_signature,
)
from wuye.notifications.services import notify
from wuye.servicedesk.services.common import project_staff

if TYPE_CHECKING:
    from wuye.accounts.models import User

#: a viewing takes the key out for this long before it counts as overdue
VIEWING_HOURS = 2
#: the longest internal loan
MAX_LOAN_DAYS = 7


@transaction.atomic
def key_viewing(
    *,
    key: Key,
    staff_member: User,
    visitor_name: str,
    acting_user: User,
    at: dt.datetime | None = None,
    note: str = "",
) -> KeyMovement:
    """A viewing (看房): the key goes out with a member of the project's staff, who opens the door for
    the visitor; it is never lent to the visitor (seed 000 §23 管理方法 5). Due back in two hours."""
    access.require_perm(acting_user, "keys.manage", key.project_id)
    key = locked(key)
    require_project_staff(staff_member, key.project_id, field="staff_member")
    visitor_name = (visitor_name or "").strip()
    if not visitor_name:
        raise ValidationError({"visitor_name": [_("Say who views the unit.")]})
    at = movement_time(key, at)
    return record_move(
        key=key,
        to_state=KeyState.VIEWING,
        kind=MovementKind.VIEWING,
        acting_user=acting_user,
        at=at,
        to_user=staff_member,
        to_name=str(staff_member),
        visitor_name=visitor_name,
        signed_name=str(staff_member),
        signed=True,
        due_back_at=at + dt.timedelta(hours=VIEWING_HOURS),
        note=(note or "").strip(),
    )


@transaction.atomic
def key_borrow(
    *,
    key: Key,
    borrower: User,
    due_back_at: dt.datetime,
    signed_name: str,
    signed: bool,
    acting_user: User,
    purpose: str = "",
    at: dt.datetime | None = None,
) -> KeyMovement:
    """Internal temporary borrowing (內部人員臨時領取): the key keeper consents (the keeper records
    it; nobody consents to their own loan), the borrower — staff of the project — signs, and a
    due-back time is set (after the loan, at most seven days later)."""
    access.require_perm(acting_user, "keys.manage", key.project_id)
    key = locked(key)
    require_project_staff(borrower, key.project_id, field="borrower")
    require_other_person(borrower.pk, acting_user, what=_("a key loan to you"))
    signed_name = require_signature(signed_name, signed)
    at = movement_time(key, at)
    if due_back_at is None or due_back_at <= max(at, timezone.now()):
        msg = _("The due-back time must be later than now.")
        raise BusinessRuleError("due_back_not_future", msg, {"due_back_at": [msg]})
    if due_back_at > at + dt.timedelta(days=MAX_LOAN_DAYS):
        msg = _("A key is lent for at most %(days)s days.") % {"days": MAX_LOAN_DAYS}
        raise BusinessRuleError("loan_too_long", msg, {"due_back_at": [msg]})
    return record_move(
        key=key,
        to_state=KeyState.BORROWED,
        kind=MovementKind.BORROWED,
        acting_user=acting_user,
        at=at,
        to_user=borrower,
        to_name=str(borrower),
        signed_name=signed_name,
        signed=True,
        due_back_at=due_back_at,
        note=(purpose or "").strip(),
    )


@transaction.atomic
def key_return(*, key: Key, acting_user: User, at: dt.datetime | None = None, note: str = "") -> KeyMovement:
    """A key out for a viewing or on loan comes back into the locked cabinet; the keeper records it."""
    access.require_perm(acting_user, "keys.manage", key.project_id)
    key = locked(key)
    if key.state not in OUT_STATES:
        raise BusinessRuleError(
            "key_not_out",
            _("Key %(number)s is not out on a viewing or a loan.") % {"number": key.number},
        )
    returned_by = key.holder_user
    return record_move(
        key=key,
        to_state=KeyState.IN_STORE,
        kind=MovementKind.RETURNED,
        acting_user=acting_user,
        at=movement_time(key, at),
        to_user=returned_by,
        to_name=_("Cabinet %(location)s") % {"location": key.storage_location},
        note=(note or "").strip(),
    )


def keys_overdue_sweep(*, now: dt.datetime | None = None) -> int:
    """Tell the holder of every overdue key and the project's key keepers, once per loan (the dedupe
    key names the loan's movement); safe to run as often as wanted. Returns messages created."""
    now = now or timezone.now()
    sent = 0
    for key in overdue_keys(now=now).select_related("unit", "holder_user"):
        movement = key.movements.filter(to_state=key.state).order_by("-at", "-id").first()
        if movement is None:
            continue
        title = _("Key %(number)s (%(unit)s) is overdue since %(due)s") % {
            "number": key.number,
            "unit": key.unit.code,
            "due": timezone.localtime(key.due_back_at).strftime("%Y-%m-%d %H:%M"),
        }
        recipients = {key.holder_user_id: key.holder_user} if key.holder_user else {}
        for user in project_staff(key.project_id, {Role.KEY_KEEPER}):
            recipients[user.pk] = user
        for user in recipients.values():
            if notify(
                recipient=user,
                kind="key_overdue",
                title=title,
                url=f"/keys/{key.pk}/",
                dedupe_key=f"key-overdue:{movement.pk}",
            ):
                sent += 1
    return sent
