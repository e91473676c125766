"""Occupancy's part of the API permission matrix (issue 10's test, wuye/core/tests/test_permission_matrix.py).

Each side gets units in the state each procedure starts from, so that an allowed role's write
succeeds (2xx) inside the test's rolled-back savepoint: a vacant unit with its owner (move-in), a
rented unit with nothing owed (tenant exit), an owner-occupied unit settled and prepaid six months
(transfer), and one record of each kind for the lists and actions.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wuye.billing import services as billing
from wuye.core.roles import Role
from wuye.core.tests.factories import LeaseFactory, OwnerFactory, OwnershipFactory, UnitFactory, staff
from wuye.core.tests.permission_matrix import GET, POST, A
from wuye.occupancy import services

VIEW, MANAGE = A("occupancy.view"), A("occupancy.manage")

MATRIX = {
    ("move-in-list", GET): VIEW,
    ("move-in-list", POST): MANAGE,
    ("move-in-detail", GET): VIEW,
    ("move-in-care-done", POST): MANAGE,
    ("move-in-notice", GET): VIEW,
    ("tenant-exit-list", GET): VIEW,
    ("tenant-exit-detail", GET): VIEW,
    ("tenant-exit-cancel", POST): MANAGE,
    ("tenant-exit-form", GET): VIEW,
    ("ownership-transfer-list", GET): VIEW,
    ("ownership-transfer-detail", GET): VIEW,
    ("ownership-transfer-form", GET): VIEW,
    ("lease-exit", POST): A("occupancy.manage", obj="exit_lease"),
    ("unit-transfer", POST): A("occupancy.manage", obj="transfer_unit"),
}

OBJECTS = {
    "move-in": "move_in",
    "tenant-exit": "tenant_exit",
    "ownership-transfer": "ownership_transfer",
}


def _today() -> str:
    return timezone.localdate().isoformat()


BODIES = {
    ("move-in-list", POST): lambda side, world: {
        "unit": side.move_in_unit.pk,
        "kind": "owner",
        "owner": side.move_in_owner.pk,
        "identity_checked": True,
        "moved_in_on": _today(),
    },
    ("move-in-care-done", POST): lambda side, world: {},
    ("tenant-exit-cancel", POST): lambda side, world: {},
    ("lease-exit", POST): lambda side, world: {"moving_date": _today(), "owner_consent": "agreed"},
    ("unit-transfer", POST): lambda side, world: {
        "transfer_date": _today(),
        "title_certificate_no": f"产权证-{side.label}-0001",
        "new_owner_info": {"name": "过户新业主"},
        "fire_safety_letter_signed": True,
    },
}


def _owned(side, status: str):
    # no handover date: nothing is billed by the runs, so nothing keeps the unit unsettled
    unit = UnitFactory(building=side.building, status=status)
    owner = OwnerFactory(project=side.project)
    OwnershipFactory(unit=unit, owner=owner)
    return unit, owner


def _prepaid(side, unit, cashier, key: str) -> None:
    billing.payment_create(
        unit=unit, method="cash", amount=Decimal("5000.00"), idempotency_key=key, acting_user=cashier
    )


def build_side(side, world) -> None:
    assistant = side.user  # a customer-service assistant of the side's project
    cashier = staff(Role.CASHIER, side.project)
    today = timezone.localdate()

    side.move_in_unit, side.move_in_owner = _owned(side, "vacant")
    vip_unit, vip_owner = _owned(side, "vacant")
    side.move_in = services.move_in_record(
        unit=vip_unit,
        kind="owner",
        owner=vip_owner,
        identity_checked=True,
        vip_care=True,
        moved_in_on=today,
        acting_user=assistant,
    )

    exit_unit, _owner = _owned(side, "rented")
    side.exit_lease = LeaseFactory(
        unit=exit_unit, tenant__project=side.project, start_date=dt.date(2025, 1, 1)
    )
    waiting_unit, _owner = _owned(side, "rented")
    waiting_lease = LeaseFactory(
        unit=waiting_unit, tenant__project=side.project, start_date=dt.date(2025, 1, 1)
    )
    side.tenant_exit = services.tenant_exit_request(
        lease=waiting_lease, moving_date=today, owner_consent="not_asked", acting_user=assistant
    )

    side.transfer_unit, _owner = _owned(side, "owner_occupied")
    _prepaid(side, side.transfer_unit, cashier, f"m-occ-t1-{side.label}")
    done_unit, _owner = _owned(side, "owner_occupied")
    _prepaid(side, done_unit, cashier, f"m-occ-t2-{side.label}")
    side.ownership_transfer = services.ownership_transfer(
        unit=done_unit,
        transfer_date=today,
        title_certificate_no=f"产权证-{side.label}-0000",
        new_owner_info={"name": "已过户业主"},
        fire_safety_letter_signed=True,
        acting_user=assistant,
    )
