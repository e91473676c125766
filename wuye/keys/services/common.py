"""What every key movement shares: the transition check, the movement row, the key's new state."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.estate.models import Ownership
from wuye.keys.choices import TRANSITIONS, KeyState
from wuye.keys.models import Key, KeyMovement

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Owner, Unit


def locked(key: Key) -> Key:
    return lock_row(Key, key.pk)


def check_transition(key: Key, to_state: str) -> None:
    if to_state not in TRANSITIONS[key.state]:
        raise BusinessRuleError(
            "key_wrong_state",
            _("Key %(number)s is %(state)s; this movement is not possible now.")
            % {"number": key.number, "state": key.get_state_display()},
        )


def last_movement_at(key: Key) -> dt.datetime | None:
    return key.movements.order_by("-at", "-id").values_list("at", flat=True).first()


def movement_time(key: Key, at: dt.datetime | None) -> dt.datetime:
    """The movement's time: now, or a paper record's time, never before the key's last movement."""
    return event_time(at, not_before=last_movement_at(key))


def record_move(
    *, key: Key, to_state: str, kind: str, acting_user: User, at: dt.datetime, **fields: Any
) -> KeyMovement:
    """Move the (locked) key to `to_state` and write the movement. Who holds it follows the move."""
    check_transition(key, to_state)
    movement = KeyMovement.objects.create(
        key=key, kind=kind, at=at, by=acting_user, from_state=key.state, to_state=to_state, **fields
    )
    key.state = to_state
    if to_state == KeyState.IN_STORE:
        key.holder_user, key.holder_name, key.out_since, key.due_back_at = None, "", None, None
    else:
        key.holder_user = fields.get("to_user")
        owner = fields.get("to_owner")
        key.holder_name = fields.get("to_name") or (owner.name if owner else "")
        if not key.holder_name and key.holder_user is not None:
            key.holder_name = str(key.holder_user)
        key.out_since = at
        key.due_back_at = fields.get("due_back_at")
    stamp(key, acting_user).save(
        update_fields=["state", "holder_user", "holder_name", "out_since", "due_back_at"]
    )
    return movement


def is_current_owner(unit: Unit, owner: Owner | None) -> bool:
    return owner is not None and Ownership.objects.active().filter(unit=unit, owner=owner).exists()


def require_signature(signed_name: str, signed: bool) -> str:
    """Every movement to a person is signed for (seed 000 §23: 并簽字)."""
    signed_name = (signed_name or "").strip()
    if not signed_name:
        raise ValidationError({"signed_name": [_("Enter the name the recipient signed with.")]})
    if not signed:
        raise BusinessRuleError(
            "signature_missing",
            _("The recipient has not signed for the key."),
            {"signed": [_("The recipient must sign.")]},
        )
    return signed_name


def require_project_staff(user: User | None, project_id: int, *, field: str) -> User:
    """Keys go out only with a member of the project's staff."""
    if user is None or getattr(user, "is_resident", False) or not access.roles_in(user, project_id):
        msg = _("Keys go out only with a member of this project's staff.")
        raise BusinessRuleError("not_project_staff", msg, {field: [msg]})
    return user
