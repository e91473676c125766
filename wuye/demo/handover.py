"""Demo handover (spec 04, seed 000 §1, seed 003): a batch of building 3 in progress since
yesterday — its checklist done but one item late, units handed over yesterday and today, one
under way, one not taken with its reason, and defects open, overdue and closed. Through the
handover services; skipped when the project already has a batch."""

from __future__ import annotations

import datetime as dt

from stdnum.cn import ric

from wuye.demo.clock import frozen, moment
from wuye.estate.choices import OccupancyStatus as S
from wuye.estate.models import Building, Project, RosterEntry
from wuye.handover import services
from wuye.handover.models import HandoverBatch

ARCHIVE = {"mobile": "13800000000", "emergency_contact": "家属", "emergency_mobile": "13900000000"}


def _steps(entry, index: int) -> list[tuple[str, dict]]:
    return [
        ("roster_verified", {"name": entry.buyer_name, "id_number": entry.id_number}),
        ("documents_collected", {"id_copied": True, "documents": "身份证复印件、购房合同复印件"}),
        (
            "archive_completed",
            {**ARCHIVE, "mobile": f"1380000{index:04d}", "birthday": ric.get_birth_date(entry.id_number)},
        ),
        ("safety_letter_signed", {"signed": True}),
        ("fees_computed", {}),
        ("paid", {"method": "cash"}),
        ("keys_prepared", {"key_count": 3, "handbooks": True}),
        ("documents_signed", {"receipt_signed": True}),
    ]


def _hand_over(batch, entry, index, *, staff, at: dt.datetime | None, last: str | None = None):
    handover = services.handover_start(batch=batch, unit=entry.unit, acting_user=staff["cs_assistant"])
    for number, (step, body) in enumerate(_steps(entry, index)):
        user = staff["cashier"] if step == "paid" else staff["cs_assistant"]
        when = at + dt.timedelta(minutes=3 * number) if at else None
        handover = services.handover_complete_step(
            handover=handover, step=step, acting_user=user, at=when, **body
        )
        if step == last:
            return handover
    finish_at = at + dt.timedelta(minutes=30) if at else None
    return services.handover_finish(handover=handover, acting_user=staff["cs_assistant"], at=finish_at)


def load_demo_handover(project: Project, *, staff: dict, today: dt.date) -> int:
    """Returns the number of handovers recorded (0 when the project had a batch already)."""
    if HandoverBatch.objects.filter(project=project).exists():
        return 0
    building = Building.objects.filter(project=project, number="3").first()
    entries = list(
        RosterEntry.objects.filter(project=project, unit__status=S.NOT_HANDED_OVER)
        .select_related("unit")
        .order_by("unit__floor", "unit__code")
    )
    if building is None or len(entries) < 6:
        return 0
    manager, assistant = staff["project_manager"], staff["cs_assistant"]
    yesterday = today - dt.timedelta(days=1)
    with frozen(moment(yesterday - dt.timedelta(days=70), 9)):
        batch = services.batch_create(
            project=project,
            name="3号楼集中交房（演示）",
            handover_date=yesterday,
            buildings=[building],
            acting_user=manager,
            notes="会所一楼交房现场，8:30–17:00",
        )
    for item in batch.checklist.order_by("due_date", "id"):
        if item.task == "one_script":  # left open: late on the project manager's workbench
            services.checklist_item_assign(item=item, owner=staff["cs_supervisor"], acting_user=manager)
            continue
        done_on = item.due_date + dt.timedelta(days=2 if item.task == "first_cleaning" else -1)
        services.checklist_item_done(item=item, acting_user=manager, at=moment(done_on, 16), note="已完成")
    count = 0
    done_yesterday = []
    for index, entry in enumerate(entries[:2]):  # yesterday
        done_yesterday.append(_hand_over(batch, entry, index, staff=staff, at=moment(yesterday, 9 + index)))
        count += 1
    done_today = []
    for index, entry in enumerate(entries[2:4], start=2):  # today, as they happened
        done_today.append(_hand_over(batch, entry, index, staff=staff, at=None))
        count += 1
    under_way = _hand_over(batch, entries[4], 4, staff=staff, at=None, last="archive_completed")
    not_taken = services.handover_start(batch=batch, unit=entries[5].unit, acting_user=assistant)
    services.handover_not_taken(
        handover=not_taken, reason="业主在外地，委托手续未办妥", acting_user=assistant
    )
    count += 2
    with frozen(moment(yesterday, 11)):
        overdue = services.defect_create(
            handover=done_yesterday[0],
            item="卫生间墙砖空鼓",
            location="主卫",
            responsible_party="中建三局（保修期内）",
            due_date=yesterday,
            acting_user=assistant,
        )
    first = done_today[0]
    services.defect_create(
        handover=first,
        item="入户门门锁卡涩",
        location="入户门",
        responsible_party="门窗分包单位（保修期内）",
        due_date=today + dt.timedelta(days=7),
        acting_user=assistant,
        rectification_key_number=f"ZG-{first.unit.code}",
        owner_consent=True,
        key_storage_location="整改钥匙柜 Z-01",
    )
    closed = services.defect_create(
        handover=under_way,
        item="阳台推拉门关不严",
        location="阳台",
        responsible_party="门窗分包单位（保修期内）",
        due_date=today + dt.timedelta(days=3),
        acting_user=assistant,
    )
    services.defect_close(
        defect=closed, result="已调整滑轮", owner_signed_off=True, acting_user=staff["engineer"]
    )
    assert overdue.is_open
    return count
