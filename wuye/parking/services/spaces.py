"""Settings, spaces and vehicles."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import stamp
from wuye.parking.models import ParkingSpace, Vehicle
from wuye.parking.plates import normalize_plate

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Owner, Project, Tenant


def parking_setting(project: Project, name: str, default: object) -> Any:
    return (project.settings or {}).get("parking", {}).get(name, default)


def standard_rent(project: Project) -> Decimal:
    return Decimal(str(parking_setting(project, "monthly_rent", "100.00")))


def card_deposit_amount(project: Project) -> Decimal:
    return Decimal(str(parking_setting(project, "card_deposit", "50.00")))


def space_save(
    *,
    project: Project,
    acting_user: User,
    number: str,
    area: str,
    owner: Owner | None = None,
    let_contract_on_file: bool = False,
    is_active: bool = True,
    space: ParkingSpace | None = None,
) -> ParkingSpace:
    """Create a parking space, or with `space`, update it (every field is given: the caller passes
    the space's current value for what does not change)."""
    access.require_perm(acting_user, "parking.manage", project.pk)
    space = space or ParkingSpace(project=project)
    space.number, space.area, space.owner = number, area, owner
    space.let_contract_on_file, space.is_active = let_contract_on_file, is_active
    if owner is not None and owner.project_id != project.pk:
        raise ValidationError({"owner": [_("The owner belongs to another project.")]})
    space.full_clean()
    stamp(space, acting_user)
    space.save()
    return space


def vehicle_register(
    *,
    project: Project,
    plate: str,
    licence_owner: str,
    acting_user: User,
    model: str = "",
    owner: Owner | None = None,
    tenant: Tenant | None = None,
) -> Vehicle:
    access.require_perm(acting_user, "parking.manage", project.pk)
    errors = {}
    try:
        plate = normalize_plate(plate)
    except ValidationError as exc:
        errors["plate"] = exc.messages
    if not (licence_owner or "").strip():
        errors["licence_owner"] = [_("Record the owner named on the vehicle licence.")]
    for name, person in (("owner", owner), ("tenant", tenant)):
        if person is not None and person.project_id != project.pk:
            errors[name] = [_("This person belongs to another project.")]
    if not errors and Vehicle.objects.filter(project=project, plate=plate).exists():
        errors["plate"] = [_("This vehicle is already registered.")]
    if errors:
        raise ValidationError(errors)
    vehicle = Vehicle(
        project=project,
        plate=plate,
        licence_owner=licence_owner.strip(),
        model=model,
        owner=owner,
        tenant=tenant,
    )
    stamp(vehicle, acting_user)
    vehicle.save()
    return vehicle
