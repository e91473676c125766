"""Projects, buildings, public areas and units, and generating a building's units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings as django_settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.unset import KEEP, Unset
from wuye.core.validators import check_name, check_names
from wuye.estate.choices import OccupancyStatus, PublicAreaKind, UnitUse
from wuye.estate.models import Building, Project, PublicArea, Unit
from wuye.estate.services.saving import _save

# --- projects, buildings, public areas ---------------------------------------------------------


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
    name = check_name(name)
    project = Project(
        name=name,
        code=code,
        kind=kind,
        address=address,
        service_phone=service_phone,
        settings=settings or {},
        is_active=is_active,
    )
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
    return _save(
        project,
        acting_user,
        {
            "name": check_name(name) if isinstance(name, str) else name,
            "code": code,
            "kind": kind,
            "address": address,
            "service_phone": service_phone,
            "settings": settings,
            "is_active": is_active,
        },
    )


def building_create(
    *, project: Project, acting_user: AbstractBaseUser, number: str, name: str = "", notes: str = ""
) -> Building:
    access.require_perm(acting_user, "estate.manage", project.pk)
    names = check_names(number=number, name=name)
    return _save(Building(project=project, notes=notes, **names), acting_user)


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
    return _save(building, acting_user, {**check_names(number=number, name=name), "notes": notes})


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
    area = PublicArea(
        project=project, name=check_name(name), kind=kind, building=building, is_active=is_active
    )
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
    return _save(
        area,
        acting_user,
        {**check_names(name=name), "kind": kind, "building": building, "is_active": is_active},
    )


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
    names = check_names(room=room, entrance=entrance, code=code)
    room, entrance, code = str(names["room"]), str(names["entrance"]), str(names["code"])
    unit = Unit(
        project_id=building.project_id,
        building=building,
        floor=floor,
        room=room,
        entrance=entrance,
        code=code or unit_code(building_number=building.number, entrance=entrance, room=room),
        use=use,
        building_area=building_area,
        inner_area=inner_area,
        warranty_end=warranty_end,
        handover_date=handover_date,
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
    return _save(
        unit,
        acting_user,
        {
            "floor": floor,
            **check_names(room=room, entrance=entrance, code=code),
            "use": use,
            "building_area": building_area,
            "inner_area": inner_area,
            "warranty_end": warranty_end,
            "handover_date": handover_date,
        },
    )


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
    limit = django_settings.WUYE_GENERATE_UNITS_MAX
    if not errors and floors * rooms_per_floor * entrances > limit:
        # one call writes one transaction; a typo (200 floors for 20) must not lock the table for minutes
        errors["floors"] = [
            _(
                "%(floors)s floors × %(rooms)s rooms × %(entrances)s entrances make %(total)s units; "
                "at most %(limit)s units can be generated at once."
            )
            % {
                "floors": floors,
                "rooms": rooms_per_floor,
                "entrances": entrances,
                "total": floors * rooms_per_floor * entrances,
                "limit": limit,
            }
        ]
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
        Unit.objects.filter(project_id=building.project_id, code__in=codes).values_list("code", flat=True)[
            :20
        ]
    )
    if clashes:
        raise BusinessRuleError(
            "unit_code_exists",
            _("These unit codes already exist in the project: %(codes)s") % {"codes": ", ".join(clashes)},
            {"floors": [_("Some of the units already exist.")]},
        )
    created = Unit.objects.bulk_create(units, batch_size=500)
    # bulk_create skips save(); write the history rows ourselves so the audit trail is complete.
    Unit.history.bulk_history_create(
        created, default_user=acting_user, default_change_reason="generate-units"
    )
    building.floors = max(building.floors, max(floor_numbers))
    stamp(building, acting_user)
    building.save(update_fields=["floors", "updated_at"])
    return created
