"""Writes to the estate registry. Every state change goes through a function here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.unset import KEEP, Unset, given
from wuye.core.validators import normalize_mobile, normalize_resident_id
from wuye.estate.choices import (
    OCCUPANCY_TRANSITIONS,
    IdType,
    OccupancyStatus,
    PublicAreaKind,
    StatusChangeSource,
    UnitUse,
)
from wuye.estate.models import (
    Building,
    Lease,
    Owner,
    OwnerAccessLog,
    Ownership,
    Project,
    PublicArea,
    Tenant,
    Unit,
    UnitStatusChange,
)

M = TypeVar("M", bound=models.Model)
P = TypeVar("P", Owner, Tenant)

# --- projects, buildings, public areas ---------------------------------------------------------


def _save(obj: M, acting_user: AbstractBaseUser, changes: dict[str, object] | None = None) -> M:
    """Set the named changes (those not left at KEEP), validate, stamp and save."""
    for name, value in given(changes or {}).items():
        setattr(obj, name, value)
    obj.full_clean()
    stamp(obj, acting_user)
    obj.save()
    return obj


def project_create(
    *,
    acting_user: AbstractBaseUser,
    name: str,
    code: str,
    kind: str,
    address: str = "",
    service_phone: str = "",
    settings: dict | None = None,
    is_active: bool = True,
) -> Project:
    access.require_perm(acting_user, "project.manage", None)
    project = Project(name=name, code=code, kind=kind, address=address, service_phone=service_phone,
                      settings=settings or {}, is_active=is_active)
    return _save(project, acting_user)


def project_update(
    *,
    project: Project,
    acting_user: AbstractBaseUser,
    name: str | Unset = KEEP,
    code: str | Unset = KEEP,
    kind: str | Unset = KEEP,
    address: str | Unset = KEEP,
    service_phone: str | Unset = KEEP,
    settings: dict | Unset = KEEP,
    is_active: bool | Unset = KEEP,
) -> Project:
    access.require_perm(acting_user, "project.manage", project.pk)
    return _save(project, acting_user, {
        "name": name, "code": code, "kind": kind, "address": address, "service_phone": service_phone,
        "settings": settings, "is_active": is_active,
    })


def building_create(
    *, project: Project, acting_user: AbstractBaseUser, number: str, name: str = "", notes: str = ""
) -> Building:
    access.require_perm(acting_user, "estate.manage", project.pk)
    return _save(Building(project=project, number=number, name=name, notes=notes), acting_user)


def building_update(
    *,
    building: Building,
    acting_user: AbstractBaseUser,
    number: str | Unset = KEEP,
    name: str | Unset = KEEP,
    notes: str | Unset = KEEP,
) -> Building:
    """A building stays in its project."""
    access.require_perm(acting_user, "estate.manage", building.project_id)
    return _save(building, acting_user, {"number": number, "name": name, "notes": notes})


def _check_area_building(building: Building | None, project_id: int) -> None:
    if building is not None and building.project_id != project_id:
        raise ValidationError({"building": _("The building belongs to another project.")})


def public_area_create(
    *,
    project: Project,
    acting_user: AbstractBaseUser,
    name: str,
    kind: str = PublicAreaKind.OTHER,
    building: Building | None = None,
    is_active: bool = True,
) -> PublicArea:
    access.require_perm(acting_user, "estate.manage", project.pk)
    _check_area_building(building, project.pk)
    area = PublicArea(project=project, name=name, kind=kind, building=building, is_active=is_active)
    return _save(area, acting_user)


def public_area_update(
    *,
    area: PublicArea,
    acting_user: AbstractBaseUser,
    name: str | Unset = KEEP,
    kind: str | Unset = KEEP,
    building: Building | None | Unset = KEEP,
    is_active: bool | Unset = KEEP,
) -> PublicArea:
    """A public area stays in its project."""
    access.require_perm(acting_user, "estate.manage", area.project_id)
    if not isinstance(building, Unset):
        _check_area_building(building, area.project_id)
    return _save(area, acting_user, {"name": name, "kind": kind, "building": building, "is_active": is_active})


# --- units -------------------------------------------------------------------------------------


def unit_code(*, building_number: str, entrance: str, room: str) -> str:
    """Display code building-entrance-room, e.g. 3-2-1201; without entrances building-room."""
    return f"{building_number}-{entrance}-{room}" if entrance else f"{building_number}-{room}"


def unit_create(
    *,
    building: Building,
    acting_user: AbstractBaseUser,
    floor: int,
    room: str,
    entrance: str = "",
    code: str = "",
    use: str = UnitUse.RESIDENCE,
    building_area: Decimal | None = None,
    inner_area: Decimal | None = None,
    warranty_end: dt.date | None = None,
    handover_date: dt.date | None = None,
) -> Unit:
    """A new unit starts not handed over: its status only moves through unit_change_status."""
    access.require_perm(acting_user, "estate.manage", building.project_id)
    unit = Unit(
        project_id=building.project_id, building=building, floor=floor, room=room, entrance=entrance,
        code=code or unit_code(building_number=building.number, entrance=entrance, room=room), use=use,
        building_area=building_area, inner_area=inner_area, warranty_end=warranty_end, handover_date=handover_date,
    )
    return _save(unit, acting_user)


def unit_update(
    *,
    unit: Unit,
    acting_user: AbstractBaseUser,
    floor: int | Unset = KEEP,
    room: str | Unset = KEEP,
    entrance: str | Unset = KEEP,
    code: str | Unset = KEEP,
    use: str | Unset = KEEP,
    building_area: Decimal | None | Unset = KEEP,
    inner_area: Decimal | None | Unset = KEEP,
    warranty_end: dt.date | None | Unset = KEEP,
    handover_date: dt.date | None | Unset = KEEP,
) -> Unit:
    """The unit's own facts; its project, building and status do not change here (the status moves
    through unit_change_status)."""
    access.require_perm(acting_user, "estate.manage", unit.project_id)
    return _save(unit, acting_user, {
        "floor": floor, "room": room, "entrance": entrance, "code": code, "use": use,
        "building_area": building_area, "inner_area": inner_area, "warranty_end": warranty_end,
        "handover_date": handover_date,
    })


@transaction.atomic
def building_generate_units(
    *,
    building: Building,
    floors: int,
    rooms_per_floor: int,
    acting_user: AbstractBaseUser,
    entrances: int = 1,
    start_floor: int = 1,
    skip_floors: list[int] | tuple[int, ...] = (),
    use: str = UnitUse.RESIDENCE,
    building_area: Decimal | None = None,
    inner_area: Decimal | None = None,
    handover_date: dt.date | None = None,
    warranty_end: dt.date | None = None,
) -> list[Unit]:
    """Create a whole building: `floors` floors (numbered from `start_floor`, skipping
    `skip_floors` such as 4, 13, 14) × `entrances` × `rooms_per_floor`, all in one transaction.

    Room numbers are floor + two-digit room index (1201); codes are building-entrance-room
    (3-2-1201), or building-room for a single-entrance building. If any code already exists
    nothing is created.
    """
    access.require_perm(acting_user, "estate.manage", building.project_id)
    errors = {}
    if not 1 <= floors <= 200:
        errors["floors"] = [_("Floors must be between 1 and 200.")]
    if not 1 <= rooms_per_floor <= 99:
        errors["rooms_per_floor"] = [_("Rooms per floor must be between 1 and 99.")]
    if not 1 <= entrances <= 20:
        errors["entrances"] = [_("Entrances must be between 1 and 20.")]
    skip = set(skip_floors)
    if errors:
        raise ValidationError(errors)

    building = Building.objects.select_for_update().get(pk=building.pk)
    floor_numbers: list[int] = []
    floor = start_floor
    while len(floor_numbers) < floors:
        if floor != 0 and floor not in skip:
            floor_numbers.append(floor)
        floor += 1
    now = timezone.now()
    units = []
    for entrance_no in range(1, entrances + 1):
        entrance = str(entrance_no) if entrances > 1 else ""
        for floor in floor_numbers:
            for index in range(1, rooms_per_floor + 1):
                room = f"{floor}{index:02d}"
                units.append(
                    Unit(
                        project_id=building.project_id,
                        building=building,
                        entrance=entrance,
                        floor=floor,
                        room=room,
                        code=unit_code(building_number=building.number, entrance=entrance, room=room),
                        use=use,
                        building_area=building_area,
                        inner_area=inner_area,
                        handover_date=handover_date,
                        warranty_end=warranty_end,
                        status=OccupancyStatus.NOT_HANDED_OVER,
                        status_changed_at=now,
                    )
                )
    codes = [u.code for u in units]
    clashes = list(
        Unit.objects.filter(project_id=building.project_id, code__in=codes).values_list("code", flat=True)[:20]
    )
    if clashes:
        raise BusinessRuleError(
            "unit_code_exists",
            _("These unit codes already exist in the project: %(codes)s") % {"codes": ", ".join(clashes)},
            {"floors": [_("Some of the units already exist.")]},
        )
    created = Unit.objects.bulk_create(units, batch_size=500)
    # bulk_create skips save(); write the history rows ourselves so the audit trail is complete.
    Unit.history.bulk_history_create(created, default_user=acting_user, default_change_reason="generate-units")
    building.floors = max(building.floors, max(floor_numbers))
    stamp(building, acting_user)
    building.save(update_fields=["floors", "updated_at"])
    return created


def unit_change_status(
    *,
    unit: Unit,
    to_status: str,
    acting_user: AbstractBaseUser,
    reason: str = "",
    source: str = StatusChangeSource.MANUAL,
    at: dt.datetime | None = None,
) -> Unit:
    """The one way a unit's occupancy status changes (seed 000 §22).

    The move must be in OCCUPANCY_TRANSITIONS; a manual correction needs a reason and the
    `unit.change_status` permission; procedures (handover, move-in, exit…) pass their `source`.
    The event time may be given for paper records entered later (never in the future).
    """
    if to_status not in OccupancyStatus.values:
        raise ValidationError({"status": [_("Unknown occupancy status.")]})
    reason = (reason or "").strip()
    if source == StatusChangeSource.MANUAL:
        access.require_perm(acting_user, "unit.change_status", unit.project_id)
        if not reason:
            raise ValidationError({"reason": [_("A manual status correction needs a reason.")]})
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        current = locked.status
        if to_status not in OCCUPANCY_TRANSITIONS[current]:
            raise BusinessRuleError(
                "status_transition_forbidden",
                _("A unit cannot change from “%(from)s” to “%(to)s”.")
                % {"from": OccupancyStatus(current).label, "to": OccupancyStatus(to_status).label},
                {"status": [_("This status change is not allowed.")]},
            )
        last = locked.status_changes.order_by("-at").values_list("at", flat=True).first()
        when = event_time(at, not_before=last)
        locked.status = to_status
        locked.status_changed_at = when
        if current == OccupancyStatus.NOT_HANDED_OVER and locked.handover_date is None:
            locked.handover_date = timezone.localtime(when).date()
        stamp(locked, acting_user)
        locked._change_reason = reason[:100]  # type: ignore[attr-defined]  # simple_history's ad-hoc attribute
        locked.save(update_fields=["status", "status_changed_at", "handover_date", "updated_at"])
        UnitStatusChange.objects.create(
            unit=locked,
            from_status=current,
            to_status=to_status,
            source=source,
            reason=reason,
            at=when,
            changed_by_id=acting_user.pk,
        )
    unit.refresh_from_db()
    return unit


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
    fields = clean_identity({"id_type": obj.id_type, "id_number": obj.id_number, **changes})
    changes.update({name: fields[name] for name in ("id_number", "mobile", "emergency_mobile") if name in fields})
    if fields["id_number"]:
        same = type(obj).objects.filter(
            project_id=obj.project_id, id_type=fields.get("id_type") or obj.id_type, id_number=fields["id_number"]
        ).exclude(pk=obj.pk)
        if same.exists():
            raise ValidationError({"id_number": [_("A person with this ID number already exists in the project.")]})
    try:
        with transaction.atomic():
            return _save(obj, acting_user, changes)
    except IntegrityError as exc:  # a concurrent insert of the same identity
        raise ValidationError({"id_number": [_("A person with this ID number already exists in the project.")]}) from exc


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
    return _save_person(Owner(project=project), acting_user, {
        "name": name, "id_type": id_type, "id_number": id_number, "mobile": mobile,
        "emergency_contact": emergency_contact, "emergency_mobile": emergency_mobile, "birthday": birthday,
        "company": company, "notes": notes, "is_vip": is_vip, "archive_note": archive_note,
    })


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
    user: AbstractBaseUser | None | Unset = KEEP,
) -> Owner:
    """An owner stays in their project; `user` links the resident login (set by the account services)."""
    access.require_perm(acting_user, "people.manage", owner.project_id)
    return _save_person(owner, acting_user, {
        "name": name, "id_type": id_type, "id_number": id_number, "mobile": mobile,
        "emergency_contact": emergency_contact, "emergency_mobile": emergency_mobile, "birthday": birthday,
        "company": company, "notes": notes, "is_vip": is_vip, "archive_note": archive_note, "user": user,
    })


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
    return _save_person(Tenant(project=project), acting_user, {
        "name": name, "id_type": id_type, "id_number": id_number, "mobile": mobile,
        "emergency_contact": emergency_contact, "emergency_mobile": emergency_mobile, "birthday": birthday,
        "company": company, "notes": notes,
    })


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
    return _save_person(tenant, acting_user, {
        "name": name, "id_type": id_type, "id_number": id_number, "mobile": mobile,
        "emergency_contact": emergency_contact, "emergency_mobile": emergency_mobile, "birthday": birthday,
        "company": company, "notes": notes, "user": user,
    })


def ownership_create(
    *, owner: Owner, unit: Unit, start_date: dt.date, acting_user: AbstractBaseUser, title_certificate_no: str = ""
) -> Ownership:
    """Add an owner (or co-owner) to a unit from `start_date`."""
    access.require_perm(acting_user, "people.manage", unit.project_id)
    if owner.project_id != unit.project_id:
        raise ValidationError({"owner": [_("The owner belongs to another project.")]})
    if Ownership.objects.active().filter(owner=owner, unit=unit).exists():
        raise BusinessRuleError(
            "ownership_exists", _("This owner already owns this unit."), {"owner": [_("Already an owner of this unit.")]}
        )
    ownership = Ownership(
        owner=owner, unit=unit, start_date=start_date, title_certificate_no=title_certificate_no,
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
    if Lease.objects.active().filter(tenant=tenant, unit=unit).exists():
        raise BusinessRuleError("lease_exists", _("This tenant already has an open lease on this unit."))
    lease = Lease(
        tenant=tenant, unit=unit, start_date=start_date, created_by_id=acting_user.pk,
        contract_end_date=contract_end_date,
        owner_consent_on_file=owner_consent_on_file, lease_agreement_on_file=lease_agreement_on_file,
        safety_letter_signed=safety_letter_signed,
    )
    return _save(lease, acting_user)


def lease_end(*, lease: Lease, end_date: dt.date, acting_user: AbstractBaseUser) -> Lease:
    access.require_perm(acting_user, "people.manage", lease.unit.project_id)
    with transaction.atomic():
        locked = Lease.objects.select_for_update().get(pk=lease.pk)
        if locked.end_date is not None:
            raise BusinessRuleError("lease_already_ended", _("This lease has already ended."))
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
