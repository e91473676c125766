"""Writes to the estate registry. Every state change goes through a function here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.validators import normalize_mobile, normalize_resident_id
from wuye.estate.choices import OCCUPANCY_TRANSITIONS, IdType, OccupancyStatus, StatusChangeSource, UnitUse
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

# --- projects, buildings, public areas ---------------------------------------------------------


def _save(obj, acting_user, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    stamp(obj, acting_user)
    obj.save()
    return obj


def project_create(*, acting_user, **fields) -> Project:
    access.require_perm(acting_user, "project.manage", None)
    return _save(Project(), acting_user, **fields)


def project_update(*, project: Project, acting_user, **fields) -> Project:
    access.require_perm(acting_user, "project.manage", project.pk)
    return _save(project, acting_user, **fields)


def building_create(*, project: Project, acting_user, **fields) -> Building:
    access.require_perm(acting_user, "estate.manage", project.pk)
    return _save(Building(project=project), acting_user, **fields)


def building_update(*, building: Building, acting_user, **fields) -> Building:
    access.require_perm(acting_user, "estate.manage", building.project_id)
    fields.pop("project", None)
    return _save(building, acting_user, **fields)


def public_area_create(*, project: Project, acting_user, **fields) -> PublicArea:
    access.require_perm(acting_user, "estate.manage", project.pk)
    building = fields.get("building")
    if building is not None and building.project_id != project.pk:
        raise ValidationError({"building": _("The building belongs to another project.")})
    return _save(PublicArea(project=project), acting_user, **fields)


def public_area_update(*, area: PublicArea, acting_user, **fields) -> PublicArea:
    access.require_perm(acting_user, "estate.manage", area.project_id)
    fields.pop("project", None)
    building = fields.get("building")
    if building is not None and building.project_id != area.project_id:
        raise ValidationError({"building": _("The building belongs to another project.")})
    return _save(area, acting_user, **fields)


# --- units -------------------------------------------------------------------------------------


def unit_code(*, building_number: str, entrance: str, room: str) -> str:
    """Display code building-entrance-room, e.g. 3-2-1201; without entrances building-room."""
    return f"{building_number}-{entrance}-{room}" if entrance else f"{building_number}-{room}"


def unit_create(*, building: Building, acting_user, **fields) -> Unit:
    access.require_perm(acting_user, "estate.manage", building.project_id)
    fields.pop("status", None)  # status only moves through unit_change_status
    if not fields.get("code"):
        fields["code"] = unit_code(
            building_number=building.number, entrance=fields.get("entrance", ""), room=fields.get("room", "")
        )
    unit = Unit(project_id=building.project_id, building=building)
    return _save(unit, acting_user, **fields)


def unit_update(*, unit: Unit, acting_user, **fields) -> Unit:
    access.require_perm(acting_user, "estate.manage", unit.project_id)
    for frozen in ("status", "project", "building", "status_changed_at"):
        fields.pop(frozen, None)
    return _save(unit, acting_user, **fields)


@transaction.atomic
def building_generate_units(
    *,
    building: Building,
    floors: int,
    rooms_per_floor: int,
    acting_user,
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
    floor_numbers = []
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
    acting_user,
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
        locked._change_reason = reason[:100]
        locked.save(update_fields=["status", "status_changed_at", "handover_date", "updated_at"])
        UnitStatusChange.objects.create(
            unit=locked,
            from_status=current,
            to_status=to_status,
            source=source,
            reason=reason,
            at=when,
            changed_by=acting_user,
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


def _save_person(obj, acting_user, fields):
    fields = clean_identity(fields)
    if fields["id_number"]:
        same = type(obj).objects.filter(
            project_id=obj.project_id, id_type=fields.get("id_type") or obj.id_type, id_number=fields["id_number"]
        ).exclude(pk=obj.pk)
        if same.exists():
            raise ValidationError({"id_number": [_("A person with this ID number already exists in the project.")]})
    try:
        with transaction.atomic():
            return _save(obj, acting_user, **fields)
    except IntegrityError as exc:  # a concurrent insert of the same identity
        raise ValidationError({"id_number": [_("A person with this ID number already exists in the project.")]}) from exc


def owner_create(*, project: Project, acting_user, **fields) -> Owner:
    access.require_perm(acting_user, "people.manage", project.pk)
    return _save_person(Owner(project=project), acting_user, fields)


def owner_update(*, owner: Owner, acting_user, **fields) -> Owner:
    access.require_perm(acting_user, "people.manage", owner.project_id)
    fields.pop("project", None)
    merged = {"id_type": owner.id_type, "id_number": owner.id_number, **fields}
    return _save_person(owner, acting_user, merged)


def tenant_create(*, project: Project, acting_user, **fields) -> Tenant:
    access.require_perm(acting_user, "people.manage", project.pk)
    return _save_person(Tenant(project=project), acting_user, fields)


def tenant_update(*, tenant: Tenant, acting_user, **fields) -> Tenant:
    access.require_perm(acting_user, "people.manage", tenant.project_id)
    fields.pop("project", None)
    merged = {"id_type": tenant.id_type, "id_number": tenant.id_number, **fields}
    return _save_person(tenant, acting_user, merged)


def ownership_create(
    *, owner: Owner, unit: Unit, start_date: dt.date, acting_user, title_certificate_no: str = ""
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
        owner=owner, unit=unit, start_date=start_date, title_certificate_no=title_certificate_no, created_by=acting_user
    )
    try:
        with transaction.atomic():
            return _save(ownership, acting_user)
    except IntegrityError as exc:
        raise BusinessRuleError("ownership_exists", _("This owner already owns this unit.")) from exc


def ownership_end(*, ownership: Ownership, end_date: dt.date, reason: str, acting_user) -> Ownership:
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
        return _save(locked, acting_user, end_date=end_date, end_reason=reason.strip())


def lease_create(*, tenant: Tenant, unit: Unit, start_date: dt.date, acting_user, **fields) -> Lease:
    access.require_perm(acting_user, "people.manage", unit.project_id)
    if tenant.project_id != unit.project_id:
        raise ValidationError({"tenant": [_("The tenant belongs to another project.")]})
    if Lease.objects.active().filter(tenant=tenant, unit=unit).exists():
        raise BusinessRuleError("lease_exists", _("This tenant already has an open lease on this unit."))
    lease = Lease(tenant=tenant, unit=unit, start_date=start_date, created_by=acting_user)
    return _save(lease, acting_user, **fields)


def lease_end(*, lease: Lease, end_date: dt.date, acting_user) -> Lease:
    access.require_perm(acting_user, "people.manage", lease.unit.project_id)
    with transaction.atomic():
        locked = Lease.objects.select_for_update().get(pk=lease.pk)
        if locked.end_date is not None:
            raise BusinessRuleError("lease_already_ended", _("This lease has already ended."))
        if end_date < locked.start_date:
            raise ValidationError({"end_date": [_("The end date cannot be before the start date.")]})
        return _save(locked, acting_user, end_date=end_date)


def owner_record_access(*, owner: Owner, acting_user, channel: str) -> bool:
    """Log a view of an owner's record and say whether personal data may be shown unmasked.

    Owners see their own record in full, and the log must say so (it records what was shown).
    """
    unmasked = (owner.user_id is not None and owner.user_id == acting_user.pk) or access.has_perm(
        acting_user, "people.view_personal", owner.project_id
    )
    OwnerAccessLog.objects.create(owner=owner, user=acting_user, channel=channel, unmasked=unmasked)
    return unmasked


def resident_account_create(*, person: Owner | Tenant, username: str, password: str, acting_user):
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
