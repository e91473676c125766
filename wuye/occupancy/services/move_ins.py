"""Move-in (客户入住, seed 000 §3; spec 01)."""

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
from wuye.estate.models import Owner, Ownership, Tenant, Unit
from wuye.occupancy.choices import CARE_TRANSITIONS, CareStatus, OccupantKind
from wuye.occupancy.models import MoveIn
from wuye.occupancy.services.common import (
    NOTICE_ROLES,
    PERSON_INFO_FIELDS,
    notify_after_commit,
    project_staff,
    refuse_if_missing,
)

PERM = "occupancy.manage"
TENANT_INFO_FIELDS = PERSON_INFO_FIELDS


def _target_status(kind: str, as_office: bool) -> str:
    if as_office:
        return OccupancyStatus.OFFICE
    return OccupancyStatus.RENTED if kind == OccupantKind.TENANT else OccupancyStatus.OWNER_OCCUPIED


def move_in_record(
    *,
    unit: Unit,
    kind: str,
    moved_in_on: dt.date,
    acting_user: AbstractBaseUser,
    owner: Owner | None = None,
    tenant: Tenant | None = None,
    tenant_info: dict | None = None,
    lease_end_date: dt.date | None = None,
    as_office: bool = False,
    identity_checked: bool = False,
    commitment_letter_on_file: bool = False,
    lease_agreement_on_file: bool = False,
    tenant_form_completed: bool = False,
    safety_letter_signed: bool = False,
    vip_care: bool = False,
    notes: str = "",
) -> MoveIn:
    """Record a household moving in (seed 000 §3, spec 01 "Move-in").

    The owner moves in after their identity is checked, and only into a unit they own. A tenant
    needs the owner's commitment letter (承诺书) and the lease agreement on file, the tenant
    information form (租户信息表) and the signed safety responsibility letter; the lease is opened
    from the move-in date. The unit becomes owner-occupied, rented or in use as an office; the
    departments get the move-in notice (入住知会单: security, engineering, cleaning, cashier);
    a VIP owner (or a household the company chooses) gets a care task (flowers and a card).
    Every missing piece is named in one refusal (`move_in_incomplete`).
    """
    access.require_perm(acting_user, PERM, unit.project_id)
    if kind not in OccupantKind.values:
        raise BusinessRuleError(
            "bad_kind", _("Say who moves in: the owner or a tenant."), {"kind": [_("Unknown.")]}
        )
    check_plausible_date(moved_in_on, field="moved_in_on")
    missing: dict[str, list[str]] = {}
    if moved_in_on > timezone.localdate():
        missing["moved_in_on"] = [_("Record a move-in on the day it happens, not before.")]
    to_status = _target_status(kind, as_office)
    if to_status not in OCCUPANCY_TRANSITIONS[unit.status]:
        missing["unit_status"] = [
            _("The unit is “%(status)s”; a household moves into a vacant or renovated unit.")
            % {"status": OccupancyStatus(unit.status).label}
        ]
    owners = list(
        Owner.objects.filter(pk__in=Ownership.objects.active().filter(unit=unit).values("owner_id"))
    )
    if kind == OccupantKind.OWNER:
        if owner is None or owner not in owners:
            missing["owner"] = [_("Name an owner of this unit (an active ownership).")]
        if not identity_checked:
            missing["identity_checked"] = [_("Check the owner's identity first.")]
    else:
        if not owners:
            missing["owner"] = [_("The unit has no owner on record to consent to the lease.")]
        if tenant is None and not (tenant_info or {}).get("name"):
            missing["tenant"] = [_("Name the tenant or fill in the tenant information form.")]
        if tenant is not None and tenant.project_id != unit.project_id:
            missing["tenant"] = [_("The tenant belongs to another project.")]
        if not commitment_letter_on_file:
            missing["commitment_letter"] = [_("The owner's commitment letter (承诺书) must be on file.")]
        if not lease_agreement_on_file:
            missing["lease_agreement"] = [_("The lease agreement must be on file.")]
        if not tenant_form_completed:
            missing["tenant_form"] = [_("The tenant information form (租户信息表) must be completed.")]
        if not safety_letter_signed:
            missing["safety_letter"] = [_("The safety responsibility letter must be signed.")]
    refuse_if_missing("move_in_incomplete", missing)

    with transaction.atomic():
        lease = None
        if kind == OccupantKind.TENANT:
            if tenant is None:
                info = {k: v for k, v in (tenant_info or {}).items() if k in TENANT_INFO_FIELDS}
                tenant = estate.tenant_create(project=unit.project, acting_user=acting_user, **info)
            lease = estate.lease_create(
                tenant=tenant,
                unit=unit,
                start_date=moved_in_on,
                contract_end_date=lease_end_date,
                owner_consent_on_file=commitment_letter_on_file,
                lease_agreement_on_file=lease_agreement_on_file,
                safety_letter_signed=safety_letter_signed,
                acting_user=acting_user,
            )
            owner = None
        estate.unit_change_status(
            unit=unit,
            to_status=to_status,
            acting_user=acting_user,
            source=StatusChangeSource.MOVE_IN,
            reason=_("Move-in on %(day)s") % {"day": moved_in_on.isoformat()},
        )
        vip = vip_care or any(o.is_vip for o in ([owner] if owner else owners))
        recipients = project_staff(unit.project_id, NOTICE_ROLES)
        move_in = MoveIn.objects.create(
            project_id=unit.project_id,
            unit=unit,
            kind=kind,
            moved_in_on=moved_in_on,
            owner=owner,
            tenant=tenant,
            lease=lease,
            as_office=as_office,
            identity_checked=identity_checked,
            commitment_letter_on_file=commitment_letter_on_file,
            lease_agreement_on_file=lease_agreement_on_file,
            tenant_form_completed=tenant_form_completed,
            safety_letter_signed=safety_letter_signed,
            status_after=to_status,
            care=CareStatus.OPEN if vip else CareStatus.NONE,
            departments_notified=len(recipients),
            notes=(notes or "").strip()[:500],
            created_by_id=acting_user.pk,
        )
        who = owner.name if owner else tenant.name if tenant else ""
        notify_after_commit(
            recipients,
            kind="occupancy.move_in",
            title=_("Move-in notice: %(unit)s") % {"unit": unit.code},
            body=_(
                "%(who)s (%(kind)s) moved into %(unit)s on %(day)s; please pay attention to the household."
            )
            % {
                "who": who,
                "kind": OccupantKind(kind).label,
                "unit": unit.code,
                "day": moved_in_on.isoformat(),
            },
            key=f"move-in:{move_in.pk}",
            url=f"/occupancy/move-ins/{move_in.pk}/",
        )
        if vip:
            notify_after_commit(
                project_staff(unit.project_id, {Role.CS_SUPERVISOR}),
                kind="occupancy.care",
                title=_("Care task: flowers and a card for %(unit)s") % {"unit": unit.code},
                body=_("A VIP household moved in on %(day)s.") % {"day": moved_in_on.isoformat()},
                key=f"move-in-care:{move_in.pk}",
                url=f"/occupancy/move-ins/{move_in.pk}/",
            )
    return move_in


def move_in_care_done(*, move_in: MoveIn, acting_user: AbstractBaseUser) -> MoveIn:
    """The VIP care task (flowers and a card) is done: open → done, once."""
    access.require_perm(acting_user, PERM, move_in.project_id)
    with transaction.atomic():
        locked = MoveIn.objects.select_for_update().get(pk=move_in.pk)
        if CareStatus.DONE not in CARE_TRANSITIONS[locked.care]:
            raise BusinessRuleError(
                "care_transition_forbidden",
                _("This move-in has no open care task."),
                {"care": [_("Nothing to mark done.")]},
            )
        locked.care = CareStatus.DONE
        locked.care_done_at = timezone.now()
        locked.care_done_by_id = acting_user.pk
        locked.save(update_fields=["care", "care_done_at", "care_done_by"])
    return locked
