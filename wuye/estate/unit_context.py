"""What the desk should know about a unit the moment it is named: a registry of context blocks.

Estate provides the occupancy status and the people; higher apps (service desk: open tickets,
billing: arrears) register their own block from their AppConfig.ready(), so estate never imports
them. A provider is `(user, unit, now) -> dict | None`; None means "nothing this user may see".
Each block may name a serializer, which the API uses to render it and to document it in OpenAPI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from wuye.core import access
from wuye.core.masking import mask_mobile, personal_data_visible
from wuye.estate.choices import OccupancyStatus
from wuye.estate.models import Lease, Ownership, Unit

Provider = Callable[[object, Unit, dt.datetime], dict | None]


@dataclass(frozen=True)
class ContextBlock:
    key: str
    provider: Provider
    serializer: type[serializers.Serializer] | None = None


_BLOCKS: dict[str, ContextBlock] = {}


def register(key: str, provider: Provider, *, serializer: type[serializers.Serializer] | None = None) -> None:
    """Add (or replace, on a second ready()) the block `key`; blocks keep their registration order."""
    _BLOCKS[key] = ContextBlock(key, provider, serializer)


def blocks() -> list[ContextBlock]:
    return list(_BLOCKS.values())


def unit_context(
    *, user, unit: Unit, now: dt.datetime | None = None, channel: str = "web"
) -> dict[str, dict]:
    """{key: block} of every block the user may see. Owners whose mobile is shown unmasked are
    logged as a view of their record (OwnerAccessLog), like the owner page does."""
    now = now or timezone.now()
    result = {}
    for block in _BLOCKS.values():
        data = block.provider(user, unit, now)
        if data is not None:
            result[block.key] = data
    people = result.get("people")
    if people and people["unmasked"]:
        from wuye.estate.services import owner_record_access

        for row in people["owners"]:
            owner_record_access(owner=row["person"], acting_user=user, channel=channel)
    return result


# --- estate's own blocks ------------------------------------------------------------------------

WARN_STATUSES = {OccupancyStatus.VACANT, OccupancyStatus.NOT_HANDED_OVER}


def status_block(user, unit: Unit, now) -> dict:
    label = OccupancyStatus(unit.status).label
    warning = ""
    if unit.status == OccupancyStatus.NOT_HANDED_OVER:
        warning = _("Not handed over: nobody should be living here; check who is calling.")
    elif unit.status == OccupancyStatus.VACANT:
        warning = _("Vacant: nobody lives here; check who is calling and how to get in.")
    return {
        "unit_id": unit.pk,
        "code": unit.code,
        "building": str(unit.building),
        "status": unit.status,
        "status_label": str(label),
        "warning": str(warning),
    }


def _person_rows(links, attr: str, unmasked: bool) -> list[dict]:
    rows = []
    for link in links:
        person = getattr(link, attr)
        rows.append(
            {
                "person": person,
                "id": person.pk,
                "name": person.name,
                "mobile": person.mobile if unmasked else mask_mobile(person.mobile),
                "since": link.start_date,
            }
        )
    return rows


def people_block(user, unit: Unit, now) -> dict | None:
    """Current owners and tenants; mobiles masked unless the role needs them (people.view_personal)."""
    if not access.has_perm(user, "people.view", unit.project_id):
        return None
    unmasked = personal_data_visible(user, unit.project_id)
    owners = Ownership.objects.active().filter(unit=unit).select_related("owner").order_by("start_date", "id")
    tenants = Lease.objects.active().filter(unit=unit).select_related("tenant").order_by("start_date", "id")
    return {
        "unmasked": unmasked,
        "owners": _person_rows(owners, "owner", unmasked),
        "tenants": _person_rows(tenants, "tenant", unmasked),
    }


class UnitStatusContextSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    code = serializers.CharField()
    building = serializers.CharField()
    status = serializers.ChoiceField(choices=OccupancyStatus.choices)
    status_label = serializers.CharField()
    warning = serializers.CharField(help_text="Non-empty for vacant and not-handed-over units.")


class PersonContextSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    mobile = serializers.CharField(help_text="Masked (138****5678) unless the role may see personal data.")
    since = serializers.DateField()


class UnitPeopleContextSerializer(serializers.Serializer):
    unmasked = serializers.BooleanField()
    owners = PersonContextSerializer(many=True)
    tenants = PersonContextSerializer(many=True)


register("status", status_block, serializer=UnitStatusContextSerializer)
register("people", people_block, serializer=UnitPeopleContextSerializer)
