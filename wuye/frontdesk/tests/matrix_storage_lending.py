"""The storage_lending part of the front desk's API permission matrix (see
wuye/core/tests/permission_matrix.py), merged by the lead into wuye/frontdesk/tests/matrix.py.

Reads need frontdesk.view (the desk, the gate, the project manager, the archivist, the company
manager); every write frontdesk.desk (the customer-service assistants and supervisor)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wuye.core.fakes import make_resident_id
from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.core.tests.permission_matrix import GET, POST, A
from wuye.frontdesk.services import storage_lending as services

VIEW, DESK = "frontdesk.view", "frontdesk.desk"


def _project(side) -> dict:
    return {"project": side.project.pk}


MATRIX = {
    # temporary storage
    ("stored-item-list", GET): A(VIEW),
    ("stored-item-list", POST): A(DESK),
    ("stored-item-detail", GET): A(VIEW),
    ("stored-item-pickup", POST): A(DESK),
    ("stored-item-contacted", POST): A(DESK, obj="stored_item_overdue"),
    ("stored-item-overdue", GET): A(VIEW, query=_project),
    ("storage-check-list", GET): A(VIEW),
    ("storage-check-list", POST): A(DESK),
    ("storage-check-detail", GET): A(VIEW),
    # lending
    ("lendable-item-list", GET): A(VIEW),
    ("lendable-item-list", POST): A(DESK),
    ("lendable-item-detail", GET): A(VIEW),
    ("lendable-item-lend", POST): A(DESK),
    ("lendable-item-repaired", POST): A(DESK, obj="lendable_item_repair"),
    ("lendable-item-replaced", POST): A(DESK, obj="lendable_item_lost"),
    ("lendable-item-retire", POST): A(DESK),
    ("loan-list", GET): A(VIEW),
    ("loan-detail", GET): A(VIEW),
    ("loan-return", POST): A(DESK),
    ("loan-overdue", GET): A(VIEW, query=_project),
}

OBJECTS = {
    "stored-item": "stored_item",
    "storage-check": "storage_check",
    "lendable-item": "lendable_item",
    "loan": "loan",
}


def _later(hours: int) -> str:
    return (timezone.now() + dt.timedelta(hours=hours)).isoformat()


BODIES = {
    ("stored-item-list", POST): lambda side, world: {
        "project": side.project.pk,
        "unit": side.unit.pk,
        "depositor": "王先生",
        "category": "luggage",
        "description": "行李箱",
        "quantity": 1,
        "condition": "完好",
        "expected_pickup_at": _later(24),
    },
    ("stored-item-pickup", POST): lambda side, world: {
        "picker_name": "王先生",
        "stated_item": side.stored_item.description,
        "stated_deposited_on": timezone.localtime(side.stored_item.deposited_at).date().isoformat(),
        "id_type": "resident_id",
        "id_number": make_resident_id(),
        "condition_at_pickup": "完好",
        "condition_checked": True,
    },
    ("stored-item-contacted", POST): lambda side, world: {"note": "已电话通知客户"},
    # the world's check is yesterday's: today's may still be recorded
    ("storage-check-list", POST): lambda side, world: {
        "project": side.project.pk,
        "items_found": 0,
        "note": "核对",
    },
    ("lendable-item-list", POST): lambda side, world: {
        "project": side.project.pk,
        "code": f"M-{side.label}",
        "name": "雨伞",
        "original_price": "35.00",
    },
    ("lendable-item-lend", POST): lambda side, world: {
        "borrower": "李女士",
        "unit": side.unit.pk,
        "condition_out": "完好",
        "due_back_at": _later(4),
    },
    ("lendable-item-repaired", POST): lambda side, world: {"condition": "已修好"},
    ("lendable-item-replaced", POST): lambda side, world: {"condition": "新伞"},
    ("lendable-item-retire", POST): lambda side, world: {"reason": "太旧"},
    ("loan-return", POST): lambda side, world: {"outcome": "good", "condition_in": "完好"},
}


def build_side(side, world) -> None:
    """A stored item, an overdue one, yesterday's check; an available item, one lent (its loan),
    one back from a loan damaged (to repair), one lost."""
    desk = staff(Role.CS_ASSISTANT, side.project)
    now = timezone.now()

    def store(description):
        return services.storage_deposit(
            project=side.project,
            unit=side.unit,
            depositor="王先生",
            category="luggage",
            description=description,
            quantity=1,
            condition="完好",
            expected_pickup_at=now + dt.timedelta(days=1),
            acting_user=desk,
        )

    side.stored_item = store("行李箱")
    side.stored_item_overdue = store("纸箱")
    side.stored_item_overdue.deposited_at = now - dt.timedelta(days=3)
    side.stored_item_overdue.expected_pickup_at = now - dt.timedelta(days=1)
    side.stored_item_overdue.save(update_fields=["deposited_at", "expected_pickup_at"])
    side.storage_check = services.storage_check_record(
        project=side.project, items_found=0, note="昨日核对", at=now - dt.timedelta(days=1), acting_user=desk
    )

    def lendable(code):
        return services.lendable_item_register(
            project=side.project, code=code, name="雨伞", original_price=Decimal("35.00"), acting_user=desk
        )

    def lend(item):
        return services.loan_lend(
            item=item,
            borrower="李女士",
            unit=side.unit,
            condition_out="完好",
            due_back_at=now + dt.timedelta(hours=4),
            acting_user=desk,
        )

    side.lendable_item = lendable("U-01")
    side.loan = lend(lendable("U-02"))
    side.lendable_item_repair = lendable("U-03")
    services.loan_return(
        loan=lend(side.lendable_item_repair), outcome="damaged", condition_in="伞骨断", acting_user=desk
    )
    side.lendable_item_lost = lendable("U-04")
    services.loan_return(loan=lend(side.lendable_item_lost), outcome="lost", acting_user=desk)
