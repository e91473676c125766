"""Ownership transfer (房屋转让 / 过户, seed 000 §21; spec 01)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.validators import check_plausible_date
from wuye.estate import services as estate
from wuye.estate.choices import OccupancyStatus
from wuye.estate.models import Owner, Ownership, Unit
from wuye.occupancy.models import OwnershipTransfer
from wuye.occupancy.selectors import TRANSFER_PREPAID_MONTHS, prepayment_check, settlement_outstanding
from wuye.occupancy.services.common import PERSON_INFO_FIELDS, refuse_if_missing

PERM = "occupancy.manage"
OWNER_INFO_FIELDS = (*PERSON_INFO_FIELDS, "is_vip")


def transfer_missing(
    *,
    unit: Unit,
    transfer_date: dt.date,
    title_certificate_no: str,
    has_new_owner: bool,
    fire_safety_letter_signed: bool,
    new_owner: Owner | None = None,
) -> tuple[dict[str, list[str]], dict]:
    """What a transfer still lacks, by code, and the prepayment figures it was checked against."""
    missing: dict[str, list[str]] = {}
    if not (title_certificate_no or "").strip():
        missing["title_certificate_no"] = [_("Enter the number of the new title certificate (房屋产权证).")]
    if not has_new_owner:
        missing["new_owner"] = [_("Name the new owner or fill in their owner archive.")]
    if unit.status == OccupancyStatus.NOT_HANDED_OVER:
        missing["unit_status"] = [_("The unit has not been handed over yet.")]
    current = Ownership.objects.active().filter(unit=unit)
    if not current.exists():
        missing["ownership"] = [_("The unit has no current owner to transfer from.")]
    elif new_owner is not None and current.filter(owner=new_owner).exists():
        missing["new_owner"] = [_("The new owner already owns this unit.")]
    missing.update(settlement_outstanding(unit, transfer_date))
    prepaid = prepayment_check(unit, transfer_date)
    if not prepaid["enough"]:
        missing["prepayment"] = [
            _(
                "The new owner prepays at least %(months)s months of property fee: %(required)s yuan "
                "(%(monthly)s a month); paid ahead: %(prepaid)s."
            )
            % {
                "months": TRANSFER_PREPAID_MONTHS,
                "required": prepaid["required"],
                "monthly": prepaid["monthly"],
                "prepaid": prepaid["prepaid"],
            }
        ]
    if not fire_safety_letter_signed:
        missing["fire_safety_letter"] = [
            _("The new owner signs the public-security and fire responsibility letter.")
        ]
    return missing, prepaid


def ownership_transfer(
    *,
    unit: Unit,
    transfer_date: dt.date,
    title_certificate_no: str,
    acting_user: AbstractBaseUser,
    new_owner: Owner | None = None,
    new_owner_info: dict | None = None,
    fire_safety_letter_signed: bool = False,
    notes: str = "",
) -> OwnershipTransfer:
    """Transfer the unit to a new owner (seed 000 §21, spec 01 "Ownership transfer").

    Needs the new title certificate number; the old owner settled up to the transfer date
    (billing's settlement: no arrears, final meters read, billed that far); at least six months of
    property fee paid ahead (prepayment credit or periodic charges paid beyond the date); the
    new owner's archive (an existing owner of the project, or filled in here) and the signed fire
    responsibility letter. Then, in one transaction: the current ownerships end on the transfer
    date (history kept), the new ownership starts that day with the certificate number, and each
    old owner's archive is marked transferred: `Owner.transferred_on` is the transfer date and the
    archive note says "<unit> transferred on <date>". One refusal names everything missing
    (`transfer_incomplete`).
    """
    access.require_perm(acting_user, PERM, unit.project_id)
    check_plausible_date(transfer_date, field="transfer_date")
    info = {k: v for k, v in (new_owner_info or {}).items() if k in OWNER_INFO_FIELDS}
    missing, prepaid = transfer_missing(
        unit=unit,
        transfer_date=transfer_date,
        title_certificate_no=title_certificate_no,
        has_new_owner=new_owner is not None or bool(info.get("name")),
        fire_safety_letter_signed=fire_safety_letter_signed,
        new_owner=new_owner,
    )
    if transfer_date > timezone.localdate():
        missing["transfer_date"] = [_("Record a transfer on or after the day it takes effect.")]
    if new_owner is not None and new_owner.project_id != unit.project_id:
        missing["new_owner"] = [_("The owner belongs to another project.")]
    refuse_if_missing("transfer_incomplete", missing)
    certificate = title_certificate_no.strip()
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        if new_owner is None:
            new_owner = estate.owner_create(project=locked.project, acting_user=acting_user, **info)
        ended = list(Ownership.objects.active().filter(unit=locked).select_related("owner"))
        if not ended:  # taken by a concurrent transfer
            refuse_if_missing("transfer_incomplete", {"ownership": [_("The unit has no current owner.")]})
        for ownership in ended:
            estate.ownership_end(
                ownership=ownership,
                end_date=transfer_date,
                reason=_("Transferred to %(name)s") % {"name": new_owner.name},
                acting_user=acting_user,
            )
            mark = _("%(unit)s transferred on %(day)s") % {
                "unit": locked.code,
                "day": transfer_date.isoformat(),
            }
            note = "; ".join(filter(None, [ownership.owner.archive_note, mark]))[-200:]
            estate.owner_update(
                owner=ownership.owner,
                archive_note=note,
                transferred_on=transfer_date,
                acting_user=acting_user,
            )
        new_ownership = estate.ownership_create(
            owner=new_owner,
            unit=locked,
            start_date=transfer_date,
            title_certificate_no=certificate,
            acting_user=acting_user,
        )
        transfer = OwnershipTransfer.objects.create(
            project_id=locked.project_id,
            unit=locked,
            transfer_date=transfer_date,
            title_certificate_no=certificate,
            new_owner=new_owner,
            new_ownership=new_ownership,
            old_owner_names="、".join(o.owner.name for o in ended)[:300],
            monthly_fee=prepaid["monthly"],
            prepaid=prepaid["prepaid"],
            fire_safety_letter_signed=fire_safety_letter_signed,
            notes=(notes or "").strip()[:500],
            created_by_id=acting_user.pk,
        )
        transfer.ended_ownerships.set(ended)
    return transfer
