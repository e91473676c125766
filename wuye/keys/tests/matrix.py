"""Key custody's part of the API permission matrix (see wuye/core/tests/permission_matrix.py)."""

import datetime as dt

from django.utils import timezone

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.core.tests.permission_matrix import GET, POST, A
from wuye.keys import services


def _project(side) -> dict:
    return {"project": side.project.pk}


MATRIX = {
    ("key-list", GET): A("keys.view"),
    ("key-list", POST): A("keys.receive"),
    ("key-detail", GET): A("keys.view"),
    ("key-overdue", GET): A("keys.view", query=_project),
    # printed papers: the receipt of the key's latest signed movement (key_out: its loan), the register
    ("key-receipt", GET): A("keys.view", obj="key_out"),
    ("key-register-pdf", GET): A("keys.view", query=_project),
    ("key-issue", POST): A("keys.manage"),
    ("key-borrow", POST): A("keys.manage"),
    ("key-return", POST): A("keys.manage", obj="key_out"),
    ("key-release", POST): A("keys.manage"),
    # the project manager of the key's project or a company manager; never the person who asked
    ("key-release-decide", POST): A("keys.approve_release", obj="key_release_pending"),
    ("key-release-complete", POST): A("keys.manage", obj="key_release_approved"),
}

OBJECTS = {"key": "key"}


def _signed(side) -> dict:
    return {"signed_name": side.owner.name, "signed": True}


BODIES = {
    ("key-list", POST): lambda side, world: {
        "unit": side.unit.pk,
        "source": "developer",
        "storage_location": "Z-01",
        "number": f"M-{side.label}",
    },
    ("key-issue", POST): lambda side, world: {
        "to_owner": side.owner.pk,
        "identity_checked": True,
        "identity_document": "resident_id",
        **_signed(side),
    },
    ("key-borrow", POST): lambda side, world: {
        "borrower": side.user.pk,
        "due_back_at": (timezone.now() + dt.timedelta(days=1)).isoformat(),
        "signed_name": str(side.user),
        "signed": True,
    },
    ("key-return", POST): lambda side, world: {},
    ("key-release", POST): lambda side, world: {"reason": "业主委托亲属领取", "to_name": "李四"},
    ("key-release-decide", POST): lambda side, world: {"approve": True},
    ("key-release-complete", POST): lambda side, world: {**_signed(side), "identity_checked": True},
}


def build_side(side, world) -> None:
    """A key in the cabinet, one lent out, one whose release waits for approvals, one approved."""
    keeper = staff(Role.KEY_KEEPER, side.project)
    manager = staff(Role.PROJECT_MANAGER, side.project)
    leader = staff(Role.COMPANY_MANAGER, None)

    def register():
        return services.key_register(
            unit=side.unit, source="developer", storage_location="A-01", acting_user=keeper
        )

    side.key = register()
    side.key_out = register()
    services.key_borrow(
        key=side.key_out,
        borrower=side.user,
        due_back_at=timezone.now() + dt.timedelta(days=1),
        signed_name=str(side.user),
        signed=True,
        acting_user=keeper,
    )
    side.key_release_pending = register()
    services.key_release_request(
        key=side.key_release_pending, reason="特殊情况", to_name="李四", acting_user=keeper
    )
    side.key_release_approved = register()
    services.key_release_request(
        key=side.key_release_approved, reason="特殊情况", to_name="李四", acting_user=keeper
    )
    services.key_release_approve(key=side.key_release_approved, acting_user=manager)
    services.key_release_approve(key=side.key_release_approved, acting_user=leader)
