"""Tenant exit (房屋退租, seed 000 §20; spec 01)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.core.validators import check_plausible_date
from wuye.estate import services as estate
from wuye.estate.choices import OCCUPANCY_TRANSITIONS, OccupancyStatus, StatusChangeSource
from wuye.estate.models import Lease, Unit
from wuye.occupancy.choices import EXIT_TRANSITIONS, ExitStatus, OwnerConsent
from wuye.occupancy.models import TenantExit
from wuye.occupancy.selectors import settlement_outstanding
from wuye.occupancy.services.common import notify_after_commit, project_staff

PERM = "occupancy.manage"


def _move(exit_: TenantExit, to_status: str) -> None:
    """The one place a tenant exit's status changes (EXIT_TRANSITIONS)."""
    if to_status not in EXIT_TRANSITIONS[exit_.status]:
        raise BusinessRuleError(
            "exit_transition_forbidden",
            _("A tenant exit cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ExitStatus(exit_.status).label, "to": ExitStatus(to_status).label},
            {"status": [_("This status change is not allowed.")]},
        )
    exit_.status = to_status


def exit_outstanding(*, lease: Lease, moving_date: dt.date, owner_consent: str) -> dict[str, list[str]]:
    """What keeps the exit waiting, by code: billing's settlement up to the moving date (`arrears`,
    `meter_readings`, `not_billed`) and the owner's consent (`owner_consent`)."""
    found = settlement_outstanding(lease.unit, moving_date)
    if owner_consent == OwnerConsent.REFUSED:
        found["owner_consent"] = [
            _("The owner does not agree; the exit waits until tenant and owner have come to terms.")
        ]
    elif owner_consent != OwnerConsent.AGREED:
        found["owner_consent"] = [_("Ask the owner whether they agree to end the tenancy.")]
    return found


def tenant_exit_request(
    *,
    lease: Lease,
    moving_date: dt.date,
    owner_consent: str,
    acting_user: AbstractBaseUser,
    items_to_stay: str = "",
    notes: str = "",
) -> TenantExit:
    """Record (or update) a tenant's exit and complete it if nothing is outstanding (seed 000 §20).

    The tenant settles everything up to the moving date and the final meters are read (billing's
    settlement is clear), and the owner agrees (and says which items must stay). Until then the
    exit waits (status `waiting`, `outstanding` says why). Once clear: the lease ends on the moving
    date, the unit goes back to vacant when no other lease remains, and the release pass for the
    move is allowed (the security lead is told). Returns the exit; the caller reads its status.
    """
    access.require_perm(acting_user, PERM, lease.unit.project_id)
    if owner_consent not in OwnerConsent.values:
        raise BusinessRuleError(
            "bad_owner_consent", _("Unknown answer of the owner."), {"owner_consent": [_("Unknown.")]}
        )
    check_plausible_date(moving_date, field="moving_date")
    if moving_date < lease.start_date:
        raise BusinessRuleError(
            "moving_before_lease",
            _("The moving date cannot be before the lease started."),
            {"moving_date": [_("Before the lease started.")]},
        )
    with transaction.atomic():
        locked = Lease.objects.select_for_update().select_related("unit").get(pk=lease.pk)
        if locked.end_date is not None:
            raise BusinessRuleError("lease_already_ended", _("This lease has already ended."))
        exit_ = TenantExit.objects.select_for_update().filter(
            lease=locked, status=ExitStatus.WAITING
        ).first() or TenantExit(
            project_id=locked.unit.project_id,
            unit=locked.unit,
            lease=locked,
            created_by_id=acting_user.pk,
            moving_date=moving_date,
        )
        exit_.moving_date = moving_date
        exit_.owner_consent = owner_consent
        exit_.items_to_stay = (items_to_stay or "").strip()[:500]
        exit_.notes = (notes or "").strip()[:500]
        exit_.outstanding = exit_outstanding(
            lease=locked, moving_date=moving_date, owner_consent=owner_consent
        )
        if exit_.outstanding:
            _move(exit_, ExitStatus.WAITING)
            exit_.save()
            return exit_
        estate.lease_end(lease=locked, end_date=moving_date, acting_user=acting_user)
        unit = Unit.objects.get(pk=locked.unit_id)
        others = Lease.objects.active().filter(unit=unit).exists()
        if (
            not others
            and unit.status == OccupancyStatus.RENTED
            and OccupancyStatus.VACANT in OCCUPANCY_TRANSITIONS[unit.status]
        ):
            estate.unit_change_status(
                unit=unit,
                to_status=OccupancyStatus.VACANT,
                acting_user=acting_user,
                source=StatusChangeSource.TENANT_EXIT,
                reason=_("Tenant moved out on %(day)s") % {"day": moving_date.isoformat()},
            )
        _move(exit_, ExitStatus.COMPLETED)
        exit_.release_pass_allowed = True
        exit_.completed_at = timezone.now()
        exit_.save()
        notify_after_commit(
            project_staff(unit.project_id, {Role.SECURITY_LEAD}),
            kind="occupancy.exit",
            title=_("Tenant exit cleared: %(unit)s") % {"unit": unit.code},
            body=_(
                "The tenant may move out on %(day)s; a release pass may be issued. Items that must stay: %(items)s"
            )
            % {"day": moving_date.isoformat(), "items": exit_.items_to_stay or "—"},
            key=f"tenant-exit:{exit_.pk}",
            url=f"/occupancy/exits/{exit_.pk}/",
        )
    return exit_


def tenant_exit_cancel(*, tenant_exit: TenantExit, acting_user: AbstractBaseUser) -> TenantExit:
    """The tenant stays after all: a waiting exit is withdrawn (a completed one is final)."""
    access.require_perm(acting_user, PERM, tenant_exit.project_id)
    with transaction.atomic():
        locked = TenantExit.objects.select_for_update().get(pk=tenant_exit.pk)
        _move(locked, ExitStatus.CANCELLED)
        locked.save(update_fields=["status", "updated_at"])
    return locked
