"""Demo key custody (seed 000 §23): the register of the residential project — developer keys of
units not yet taken, keys of handed-over units, one entrusted by the owner of a vacant unit — with
one key handed to its owner, one out for a viewing and one loan overdue. Through the keys services;
skipped when the project already has keys."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wuye.demo.clock import frozen
from wuye.estate.choices import OccupancyStatus as S
from wuye.estate.models import Ownership, Project, Unit
from wuye.keys import services
from wuye.keys.models import Key


def load_demo_keys(project: Project, *, keeper, assistant) -> int:
    """Returns the number of keys registered (0 when the project had keys already)."""
    if Key.objects.filter(project=project).exists():
        return 0
    now = timezone.now()
    units = Unit.objects.filter(project=project).order_by("pk")
    not_taken = list(units.filter(status=S.NOT_HANDED_OVER)[:4])
    owned = Ownership.objects.active().filter(unit__project=project).select_related("unit", "owner")
    handed = [o for o in owned.exclude(unit__status=S.NOT_HANDED_OVER).order_by("unit_id")[:3]]
    vacant = owned.filter(unit__status=S.VACANT).order_by("unit_id").first()
    keys = []
    with frozen(now - dt.timedelta(days=2)):
        for i, unit in enumerate(not_taken, start=1):
            keys.append(
                services.key_register(
                    unit=unit, source="not_taken", storage_location=f"A-{i:02d}", acting_user=keeper
                )
            )
        for i, ownership in enumerate(handed, start=1):
            keys.append(
                services.key_register(
                    unit=ownership.unit, source="developer", storage_location=f"B-{i:02d}", acting_user=keeper
                )
            )
        if vacant is not None:
            keys.append(
                services.key_entrust(
                    unit=vacant.unit,
                    entrusted_by=vacant.owner,
                    storage_location="C-01",
                    consent=True,
                    acting_user=assistant,
                    note="业主出差期间委托保管",
                )
            )
    developer_keys = [k for k in keys if k.source == "developer"]
    if developer_keys:
        first = developer_keys[0]
        owner = handed[0].owner
        services.key_issue(
            key=first,
            to_owner=owner,
            identity_checked=True,
            identity_document="resident_id",
            signed_name=owner.name,
            signed=True,
            acting_user=keeper,
        )
    if len(not_taken) >= 2:
        with frozen(now - dt.timedelta(days=1)):  # lent yesterday for four hours: overdue now
            services.key_borrow(
                key=keys[0],
                borrower=assistant,
                due_back_at=timezone.now() + dt.timedelta(hours=4),
                signed_name=str(assistant),
                signed=True,
                purpose="工程部查看渗水",
                acting_user=keeper,
            )
        services.key_viewing(
            key=keys[1], staff_member=assistant, visitor_name="看房客户王先生", acting_user=keeper
        )
    return len(keys)
