"""Release outside the normal procedure (非正常手續領取, seed 000 §23 權限 3): the key keeper asks, the
project manager and company leadership both approve (neither the person who asked), then the keeper
hands the key over and the recipient signs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import stamp
from wuye.core.db import lock_row
from wuye.core.duties import require_other_person
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.roles import Role
from wuye.estate.choices import IdType
from wuye.keys.choices import OPEN_RELEASE_STATUSES, KeyState, MovementKind, ReleaseStatus
from wuye.keys.models import Key, KeyMovement, KeyRelease
from wuye.keys.services.common import locked, movement_time, record_move, require_signature

if TYPE_CHECKING:
    from wuye.accounts.models import User


def open_release(key: Key) -> KeyRelease | None:
    return key.releases.filter(status__in=OPEN_RELEASE_STATUSES).first()


@transaction.atomic
def key_release_request(
    *,
    key: Key,
    reason: str,
    to_name: str,
    acting_user: User,
    to_id_type: str = IdType.RESIDENT_ID,
    to_id_number: str = "",
) -> KeyRelease:
    """The key keeper asks to release a key in the cabinet to someone the normal procedure does not
    allow (e.g. before the handover is finished, or to a person who did not entrust it)."""
    access.require_perm(acting_user, "keys.manage", key.project_id)
    key = locked(key)
    if key.state != KeyState.IN_STORE:
        raise BusinessRuleError(
            "key_not_in_store",
            _("Key %(number)s is not in the cabinet (%(state)s).")
            % {"number": key.number, "state": key.get_state_display()},
        )
    if open_release(key) is not None:
        raise BusinessRuleError(
            "release_already_requested", _("A release of this key is already waiting for approvals.")
        )
    errors = {}
    reason, to_name = (reason or "").strip(), (to_name or "").strip()
    if not reason:
        errors["reason"] = [_("Say why the key is released outside the normal procedure.")]
    if not to_name:
        errors["to_name"] = [_("Say to whom the key is released.")]
    if to_id_type not in IdType.values:
        errors["to_id_type"] = [_("Choose the identity document.")]
    if errors:
        raise ValidationError(errors)
    release = KeyRelease(
        key=key,
        reason=reason,
        to_name=to_name,
        to_id_type=to_id_type,
        to_id_number=(to_id_number or "").strip(),
        requested_by=acting_user,
        requested_at=timezone.now(),
    )
    stamp(release, acting_user).save()
    return release


def _pending(key: Key) -> KeyRelease:
    release = open_release(key)
    if release is None or release.status != ReleaseStatus.PENDING:
        raise BusinessRuleError("no_pending_release", _("No release of this key is waiting for approvals."))
    return lock_row(KeyRelease, release.pk)


@transaction.atomic
def key_release_approve(*, key: Key, acting_user: User, comment: str = "") -> KeyRelease:
    """One of the two approvals: the project manager's (a project manager of the key's project) or
    company leadership's (a company manager). Nobody approves their own request, and one person does
    not give both. Approved when both are in."""
    access.require_perm(acting_user, "keys.approve_release", key.project_id)
    release = _pending(key)
    require_other_person(release.requested_by_id, acting_user, what=_("a key release you requested"))
    roles = access.roles_in(acting_user, key.project_id)
    if acting_user.pk in (release.manager_approved_by_id, release.leadership_approved_by_id):
        raise PermissionDeniedError(
            "already_approved", _("You have approved this release already; the other approval is needed.")
        )
    now = timezone.now()
    if Role.PROJECT_MANAGER in roles and release.manager_approved_by_id is None:
        release.manager_approved_by, release.manager_approved_at = acting_user, now
    elif (
        Role.COMPANY_MANAGER in access.roles_in(acting_user, None)
        and release.leadership_approved_by_id is None
    ):
        release.leadership_approved_by, release.leadership_approved_at = acting_user, now
    else:
        raise BusinessRuleError(
            "approval_not_needed", _("Your approval is already given by someone in your role.")
        )
    if release.manager_approved_by_id and release.leadership_approved_by_id:
        release.status = ReleaseStatus.APPROVED
    release.comment = (comment or "").strip() or release.comment
    stamp(release, acting_user).save()
    return release


@transaction.atomic
def key_release_reject(*, key: Key, acting_user: User, comment: str) -> KeyRelease:
    """Either approver refuses the release; the key stays in the cabinet."""
    access.require_perm(acting_user, "keys.approve_release", key.project_id)
    release = _pending(key)
    require_other_person(release.requested_by_id, acting_user, what=_("a key release you requested"))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [_("Say why the release is refused.")]})
    release.status = ReleaseStatus.REJECTED
    release.rejected_by, release.rejected_at, release.comment = acting_user, timezone.now(), comment
    stamp(release, acting_user).save()
    return release


@transaction.atomic
def key_release_complete(
    *,
    key: Key,
    signed_name: str,
    signed: bool,
    acting_user: User,
    identity_checked: bool,
    at: dt.datetime | None = None,
) -> KeyMovement:
    """After both approvals the key keeper hands the key to the approved person, who signs."""
    access.require_perm(acting_user, "keys.manage", key.project_id)
    key = locked(key)
    release = open_release(key)
    if release is None or release.status != ReleaseStatus.APPROVED:
        raise BusinessRuleError(
            "release_not_approved",
            _("The release needs the project manager's and company leadership's approvals first."),
        )
    if not identity_checked:
        msg = _("Check the collector's identity first.")
        raise BusinessRuleError("identity_not_checked", msg, {"identity_checked": [msg]})
    signed_name = require_signature(signed_name, signed)
    release = lock_row(KeyRelease, release.pk)
    movement = record_move(
        key=key,
        to_state=KeyState.RELEASED,
        kind=MovementKind.RELEASED,
        acting_user=acting_user,
        at=movement_time(key, at),
        to_name=release.to_name,
        signed_name=signed_name,
        signed=True,
        identity_checked=True,
        identity_document=release.to_id_type,
        release=release,
    )
    release.status, release.released_at = ReleaseStatus.RELEASED, movement.at
    stamp(release, acting_user).save(update_fields=["status", "released_at"])
    return movement
