"""Handover's part of the API permission matrix (wuye/core/tests/permission_matrix.py merges it)."""

import datetime as dt

from wuye.core.fakes import make_resident_id
from wuye.core.roles import Role
from wuye.core.tests.factories import UnitFactory, staff
from wuye.core.tests.permission_matrix import GET, POST, A
from wuye.estate.models import RosterEntry, RosterImport
from wuye.handover import services


def _daily(side) -> dict:
    return {"project": side.project.pk, "date": "2026-12-01"}


def _summary(side) -> dict:
    return {"project": side.project.pk, "batch": side.handover_batch.pk}


MATRIX = {
    # the reports: a project outside the caller's scope answers 404 (and so does a batch not of it)
    ("api-report-handover-daily", GET): A("handover.view", query=_daily),
    ("api-report-handover-summary", GET): A("handover.view", query=_summary),
    ("handover-batch-list", GET): A("handover.view"),
    ("handover-batch-list", POST): A("handover.plan"),
    ("handover-batch-detail", GET): A("handover.view"),
    ("handover-batch-checklist", GET): A("handover.view"),
    # the item has no owner: only planners (its owner may too, proven in test_handover_checklist_api.py)
    ("handover-batch-checklist-done", POST): A("handover.plan"),
    ("handover-batch-checklist-assign", POST): A("handover.plan"),
    # a batch no unit has started on (a started one keeps its date)
    ("handover-batch-reschedule", POST): A("handover.plan", obj="handover_batch_unstarted"),
    ("handover-list", GET): A("handover.view"),
    ("handover-list", POST): A("handover.manage"),
    ("handover-detail", GET): A("handover.view"),
    # the body is the first step (roster check); the payment step is the cashier's (billing.take_payment),
    # proven in wuye/handover/tests/test_handover_api.py
    ("handover-complete-step", POST): A("handover.manage"),
    ("handover-finish", POST): A("handover.manage", obj="handover_ready"),
    ("handover-not-taken", POST): A("handover.manage"),
    ("handover-form", GET): A("handover.view"),
    ("handover-document-receipt", GET): A("handover.view"),
    ("handover-defects", GET): A("handover.view"),
    ("handover-defects", POST): A("handover.defects"),
    ("handover-defect-list", GET): A("handover.view"),
    ("handover-defect-detail", GET): A("handover.view"),
    ("handover-defect-close", POST): A("handover.defects"),
}

OBJECTS = {
    "handover-batch": "handover_batch",
    "handover": "handover",
    "handover-defect": "handover_defect",
}

BODIES = {
    ("handover-batch-list", POST): lambda side, world: {
        "project": side.project.pk,
        "name": "二期交房",
        "handover_date": "2027-03-01",
    },
    ("handover-batch-checklist-done", POST): lambda side, world: {
        "item": side.handover_batch.checklist.get(task="rehearsal").pk,
        "note": "已演练",
    },
    ("handover-batch-checklist-assign", POST): lambda side, world: {
        "item": side.handover_batch.checklist.get(task="rehearsal").pk,
        "owner": side.user.pk,
    },
    ("handover-batch-reschedule", POST): lambda side, world: {
        "handover_date": "2027-04-01",
        "reason": "开发商竣工备案延期",
    },
    ("handover-list", POST): lambda side, world: {
        "batch": side.handover_batch.pk,
        "unit": side.handover_spare_unit.pk,
    },
    ("handover-complete-step", POST): lambda side, world: {
        "step": "roster_verified",
        "name": "张三",
        "id_number": side.handover_buyer_id,
    },
    ("handover-finish", POST): lambda side, world: {},
    ("handover-not-taken", POST): lambda side, world: {"reason": "业主出差"},
    ("handover-defects", POST): lambda side, world: {
        "item": "阳台推拉门关不严",
        "location": "阳台",
        "responsible_party": "中建三局（保修期内）",
        "due_date": "2026-12-20",
    },
    ("handover-defect-close", POST): lambda side, world: {"result": "已调整", "owner_signed_off": True},
}


def _unit_in_roster(side, record, name: str) -> tuple:
    unit = UnitFactory(building=side.building, building_area="100.00", status="not_handed_over")
    id_number = make_resident_id(dt.date(1980, 5, 1))
    RosterEntry.objects.create(
        project=side.project,
        roster_import=record,
        unit=unit,
        buyer_name=name,
        id_number=id_number,
        contract_number=f"HT-{side.label}-{unit.pk}",
    )
    return unit, id_number


def build_side(side, world) -> None:
    """A batch (and one no unit has started on), a handover just opened, one ready to finish (steps 1–8 done) with a defect, and a
    unit of the roster without a handover form yet."""
    assistant = side.user
    cashier = staff(Role.CASHIER, side.project)
    record = RosterImport.objects.create(
        project=side.project, file_name="roster.xlsx", imported_by=side.manager, result="accepted"
    )
    side.handover_batch = services.batch_create(
        project=side.project, name="一期交房", handover_date=dt.date(2026, 12, 1), acting_user=side.manager
    )
    side.handover_batch_unstarted = services.batch_create(
        project=side.project, name="二期交房", handover_date=dt.date(2027, 3, 1), acting_user=side.manager
    )
    unit, side.handover_buyer_id = _unit_in_roster(side, record, "张三")
    side.handover = services.handover_start(batch=side.handover_batch, unit=unit, acting_user=assistant)
    side.handover_spare_unit, _id = _unit_in_roster(side, record, "李四")
    ready_unit, ready_id = _unit_in_roster(side, record, "王五")
    ready = services.handover_start(batch=side.handover_batch, unit=ready_unit, acting_user=assistant)
    steps = [
        ("roster_verified", assistant, {"name": "王五", "id_number": ready_id}),
        ("documents_collected", assistant, {"id_copied": True}),
        (
            "archive_completed",
            assistant,
            {"mobile": "13812345678", "emergency_mobile": "13912345678", "birthday": dt.date(1980, 5, 1)},
        ),
        ("safety_letter_signed", assistant, {"signed": True}),
        ("fees_computed", assistant, {}),
        ("paid", cashier, {"method": "cash"}),
        ("keys_prepared", assistant, {"key_count": 2, "handbooks": True}),
        ("documents_signed", assistant, {"receipt_signed": True}),
    ]
    for step, user, body in steps:
        ready = services.handover_complete_step(handover=ready, step=step, acting_user=user, **body)
    side.handover_ready = ready
    side.handover_defect = services.defect_create(
        handover=ready,
        item="卫生间墙砖空鼓",
        location="主卫",
        responsible_party="中建三局（保修期内）",
        due_date=dt.date(2026, 12, 15),
        acting_user=assistant,
    )
