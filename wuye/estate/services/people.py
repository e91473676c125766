"""Owners, tenants, ownerships, leases, the owner access log and resident accounts."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.unset import KEEP, Unset, given
from wuye.core.validators import (
    check_names,
    check_period,
    check_plausible_date,
    normalize_mobile,
    normalize_resident_id,
)
from wuye.estate.choices import IdType
from wuye.estate.models import Lease, Owner, OwnerAccessLog, Ownership, Project, Tenant, Unit
from wuye.estate.services.saving import _save

P = TypeVar("P", Owner, Tenant)

# --- owners, tenants, ownership, leases --------------------------------------------------------


def clean_identity(fields: dict) -> dict:
    """Validate and normalise identity fields; raises ValidationError with a message per field."""
    errors = {}
    id_type = fields.get("id_type") or IdType.RESIDENT_ID
    id_number = (fields.get("id_number") or "").strip().upper()
    if id_number and id_type == IdType.RESIDENT_ID:
        try:
            id_number = normalize_resident_id(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    elif id_number and id_type == IdType.BUSINESS_LICENCE:
        from stdnum.cn import uscc

        if not uscc.is_valid(id_number):
            errors["id_number"] = [_("Invalid unified social credit code.")]
        else:
            id_number = uscc.compact(id_number)
    fields["id_number"] = id_number
    for name in ("mobile", "emergency_mobile"):
        value = (fields.get(name) or "").strip()
        if value:
            try:
                fields[name] = normalize_mobile(value)
            except ValidationError as exc:
                errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return fields


def _save_person(obj: P, acting_user: AbstractBaseUser, changes: dict[str, object]) -> P:
    """Validate the identity (the person's current one completed by the changes) and save."""
    changes = given(changes)
    changes.update(check_names(**{f: changes[f] for f in ("name", "emergency_contact") if f in changes}))
    fields = clean_identity({"id_type": obj.id_type, "id_number": obj.id_number, **changes})
    changes.update(
        {name: fields[name] for name in ("id_number", "mobile", "emergency_mobile") if name in fields}
    )
    if fields["id_number"]:
        same = (
            type(obj)
            .objects.filter(
                project_id=obj.project_id,
                id_type=fields.get("id_type") or obj.id_type,
                id_number=fields["id_number"],
            )
            .exclude(pk=obj.pk)
        )
        if same.exists():
            raise ValidationError(
                {"id_number": [_("A person with this ID number already exists in the project.")]}
            )
    try:
        with transaction.atomic():
            return _save(obj, acting_user, changes)
    except IntegrityError as exc:  # a concurrent insert of the same identity
        raise ValidationError(
            {"id_number": [_("A person with this ID number already exists in the project.")]}
        ) from exc


def owner_create(
    *,
    project: Project,
    acting_user: AbstractBaseUser,
    name: str,
    id_type: str = IdType.RESIDENT_ID,
    id_number: str = "",
    mobile: str = "",
    emergency_contact: str = "",
    emergency_mobile: str = "",
    birthday: dt.date | None = None,
    company: str = "",
    notes: str = "",
    is_vip: bool = False,
    archive_note: str = "",
) -> Owner:
    access.require_perm(acting_user, "people.manage", project.pk)
    return _save_person(
        Owner(project=project),
        acting_user,
        {
            "name": name,
            "id_type": id_type,
            "id_number": id_number,
            "mobile": mobile,
            "emergency_contact": emergency_contact,
            "emergency_mobile": emergency_mobile,
            "birthday": birthday,
            "company": company,
            "notes": notes,
            "is_vip": is_vip,
            "archive_note": archive_note,
        },
    )


def owner_update(
    *,
    owner: Owner,
    acting_user: AbstractBaseUser,
    name: str | Unset = KEEP,
    id_type: str | Unset = KEEP,
    id_number: str | Unset = KEEP,
    mobile: str | Unset = KEEP,
    emergency_contact: str | Unset = KEEP,
    emergency_mobile: str | Unset = KEEP,
    birthday: dt.date | None | Unset = KEEP,
    company: str | Unset = KEEP,
    notes: str | Unset = KEEP,
    is_vip: bool | Unset = KEEP,
    archive_note: str | Unset = KEEP,
    transferred_on: dt.date | None | Unset = KEEP,
    user: AbstractBaseUser | None | Unset = KEEP,
) -> Owner:
    """An owner stays in their project; `user` links the resident login (set by the account services);
    `transferred_on` marks the archive of an owner whose unit passed to a new owner (the transfer)."""
    access.require_perm(acting_user, "people.manage", owner.project_id)
    return _save_person(
        owner,
        acting_user,
        {
            "name": name,
            "id_type": id_type,
            "id_number": id_number,
            "mobile": mobile,
            "emergency_contact": emergency_contact,
            "emergency_mobile": emergency_mobile,
            "birthday": birthday,
            "company": company,
            "notes": notes,
            "is_vip": is_vip,
            "archive_note": archive_note,
            "transferred_on": transferred_on,
            "user": user,
        },
    )


def tenant_create(
    *,
    project: Project,
    acting_user: AbstractBaseUser,
    name: str,
    id_type: str = IdType.RESIDENT_ID,
    id_number: str = "",
    mobile: str = "",
    emergency_contact: str = "",
    emergency_mobile: str = "",
    birthday: dt.date | None = None,
    company: str = "",
    notes: str = "",
) -> Tenant:
    access.require_perm(acting_user, "people.manage", project.pk)
    return _save_person(
        Tenant(project=project),
        acting_user,
        {
            "name": name,
            "id_type": id_type,
            "id_number": id_number,
            "mobile": mobile,
            "emergency_contact": emergency_contact,
            "emergency_mobile": emergency_mobile,
            "birthday": birthday,
            "company": company,
            "notes": notes,
        },
    )


def tenant_update(
    *,
    tenant: Tenant,
    acting_user: AbstractBaseUser,
    name: str | Unset = KEEP,
    id_type: str | Unset = KEEP,
    id_number: str | Unset = KEEP,
    mobile: str | Unset = KEEP,
    emergency_contact: str | Unset = KEEP,
    emergency_mobile: str | Unset = KEEP,
    birthday: dt.date | None | Unset = KEEP,
    company: str | Unset = KEEP,
    notes: str | Unset = KEEP,
    user: AbstractBaseUser | None | Unset = KEEP,
) -> Tenant:
    """A tenant stays in their project; `user` links the resident login (set by the account services)."""
    access.require_perm(acting_user, "people.manage", tenant.project_id)
    return _save_person(
        tenant,
        acting_user,
        {
            "name": name,
            "id_type": id_type,
            "id_number": id_number,
            "mobile": mobile,
            "emergency_contact": emergency_contact,
            "emergency_mobile": emergency_mobile,
            "birthday": birthday,
            "company": company,
            "notes": notes,
            "user": user,
        },
    )


def ownership_create(
    *,
    owner: Owner,
    unit: Unit,
    start_date: dt.date,
    acting_user: AbstractBaseUser,
    title_certificate_no: str = "",
) -> Ownership:
    """Add an owner (or co-owner) to a unit from `start_date`."""
    access.require_perm(acting_user, "people.manage", unit.project_id)
    if owner.project_id != unit.project_id:
        raise ValidationError({"owner": [_("The owner belongs to another project.")]})
    check_plausible_date(start_date, field="start_date")
    if Ownership.objects.active().filter(owner=owner, unit=unit).exists():
        raise BusinessRuleError(
            "ownership_exists",
            _("This owner already owns this unit."),
            {"owner": [_("Already an owner of this unit.")]},
        )
    ownership = Ownership(
        owner=owner,
        unit=unit,
        start_date=start_date,
        title_certificate_no=title_certificate_no,
        created_by_id=acting_user.pk,
    )
    try:
        with transaction.atomic():
            return _save(ownership, acting_user)
    except IntegrityError as exc:
        raise BusinessRuleError("ownership_exists", _("This owner already owns this unit.")) from exc


def ownership_end(
    *, ownership: Ownership, end_date: dt.date, reason: str, acting_user: AbstractBaseUser
) -> Ownership:
    """End an ownership (transfer, correction). The row is kept as history."""
    access.require_perm(acting_user, "people.manage", ownership.unit.project_id)
    with transaction.atomic():
        locked = Ownership.objects.select_for_update().get(pk=ownership.pk)
        if locked.end_date is not None:
            raise BusinessRuleError("ownership_already_ended", _("This ownership has already ended."))
        if not (reason or "").strip():
            raise ValidationError({"end_reason": [_("Give a reason for ending the ownership.")]})
        check_plausible_date(end_date, field="end_date")
        if end_date < locked.start_date:
            raise ValidationError({"end_date": [_("The end date cannot be before the start date.")]})
        return _save(locked, acting_user, {"end_date": end_date, "end_reason": reason.strip()})


def lease_create(
    *,
    tenant: Tenant,
    unit: Unit,
    start_date: dt.date,
    acting_user: AbstractBaseUser,
    contract_end_date: dt.date | None = None,
    owner_consent_on_file: bool = False,
    lease_agreement_on_file: bool = False,
    safety_letter_signed: bool = False,
) -> Lease:
    access.require_perm(acting_user, "people.manage", unit.project_id)
    if tenant.project_id != unit.project_id:
        raise ValidationError({"tenant": [_("The tenant belongs to another project.")]})
    check_period(start_date, contract_end_date, start_field="start_date", end_field="contract_end_date")
    if Lease.objects.active().filter(tenant=tenant, unit=unit).exists():
        raise BusinessRuleError("lease_exists", _("This tenant already has an open lease on this unit."))
    lease = Lease(
        tenant=tenant,
        unit=unit,
        start_date=start_date,
        created_by_id=acting_user.pk,
        contract_end_date=contract_end_date,
        owner_consent_on_file=owner_consent_on_file,
        lease_agreement_on_file=lease_agreement_on_file,
        safety_letter_signed=safety_letter_signed,
    )
    return _save(lease, acting_user)


def lease_end(*, lease: Lease, end_date: dt.date, acting_user: AbstractBaseUser) -> Lease:
    access.require_perm(acting_user, "people.manage", lease.unit.project_id)
    with transaction.atomic():
        locked = Lease.objects.select_for_update().get(pk=lease.pk)
        if locked.end_date is not None:
            raise BusinessRuleError("lease_already_ended", _("This lease has already ended."))
        check_plausible_date(end_date, field="end_date")
        if end_date < locked.start_date:
            raise ValidationError({"end_date": [_("The end date cannot be before the start date.")]})
        return _save(locked, acting_user, {"end_date": end_date})


def owner_record_access(*, owner: Owner, acting_user: AbstractBaseUser, channel: str) -> bool:
    """Log a view of an owner's record and say whether personal data may be shown unmasked.

    Owners see their own record in full, and the log must say so (it records what was shown).
    """
    unmasked = (owner.user_id is not None and owner.user_id == acting_user.pk) or access.has_perm(
        acting_user, "people.view_personal", owner.project_id
    )
    OwnerAccessLog.objects.create(owner=owner, user_id=acting_user.pk, channel=channel, unmasked=unmasked)
    return unmasked


def resident_account_create(
    *, person: Owner | Tenant, username: str, password: str, acting_user: AbstractBaseUser
) -> AbstractBaseUser:
    """Give an owner or tenant a login linked to their record (they then see their own units).

    Customer service creates it (people.manage in the person's project); an existing link is kept.
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()  # noqa: N806  (the accounts app's model, reached without importing it)
    UserKind = User.Kind  # noqa: N806
    access.require_perm(acting_user, "people.manage", person.project_id)
    if person.user_id:
        raise BusinessRuleError("account_exists", _("This person already has a login."))
    kind = UserKind.OWNER if isinstance(person, Owner) else UserKind.TENANT
    errors = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is taken.")]
    if len(password or "") < 8:
        errors["password"] = [_("The password must have at least 8 characters.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User(username=username, display_name=person.name, mobile=person.mobile, kind=kind)
        user.set_password(password)
        stamp(user, acting_user)
        user.save()
        locked = type(person).objects.select_for_update().get(pk=person.pk)
        if locked.user_id:
            raise BusinessRuleError("account_exists", _("This person already has a login."))
        locked.user = user
        stamp(locked, acting_user)
        locked.save(update_fields=["user", "updated_at"])
    person.refresh_from_db()
    return user
