"""Handover batches: the preparation checklist counted back from the date (seed 003), its states;
defects found at handover tracked to closure (spec 04)."""

import datetime as dt

import pytest
import time_machine

from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.roles import Role
from wuye.core.tests.factories import BuildingFactory, staff
from wuye.handover import selectors, services
from wuye.handover.choices import ItemState
from wuye.handover.tests.factories import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_of_december():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        yield


def test_the_checklist_counts_back_from_the_handover_date():
    venue = Venue(handover_date=dt.date(2027, 3, 1))
    due = {item.task: item.due_date for item in venue.batch.checklist.all()}
    assert due["team_formed"] == due["acceptance_inspection"] == dt.date(2026, 12, 31)  # T−60
    assert due["keys_materials_received"] == due["archives_created"] == due["dates_fees_decided"]
    assert (
        due["venue_flow"]
        == due["first_cleaning"]
        == due["one_script"]
        == due["rehearsal"]
        == dt.date(2027, 2, 14)
    )
    assert due["notice_letters"] == dt.date(2027, 2, 19)  # T−10
    assert due["public_announcement"] == dt.date(2027, 2, 22)  # T−7
    assert len(due) == 11


def test_item_states_open_late_done_and_done_late():
    venue = Venue(handover_date=dt.date(2027, 1, 10))  # T−60 was 11 November: late today
    items = {item.task: item for item in selectors.checklist(venue.batch)}
    assert items["team_formed"].current_state == ItemState.LATE
    assert items["public_announcement"].current_state == ItemState.OPEN
    services.checklist_item_done(item=items["team_formed"], acting_user=venue.manager)
    services.checklist_item_done(item=items["public_announcement"], acting_user=venue.manager)
    items = {item.task: item for item in selectors.checklist(venue.batch)}
    assert items["team_formed"].current_state == ItemState.DONE_LATE
    assert items["public_announcement"].current_state == ItemState.DONE


def test_an_item_is_done_once_and_by_its_owner_or_a_planner():
    venue = Venue()
    item = venue.batch.checklist.get(task="rehearsal")
    with pytest.raises(PermissionDeniedError):
        services.checklist_item_done(item=item, acting_user=venue.assistant)
    services.checklist_item_assign(item=item, owner=venue.assistant, acting_user=venue.manager)
    services.checklist_item_done(item=item, acting_user=venue.assistant)
    with pytest.raises(BusinessRuleError) as exc:
        services.checklist_item_done(item=item, acting_user=venue.manager)
    assert exc.value.code == "checklist_item_done"


def test_the_owner_of_an_item_is_staff_of_the_project():
    venue = Venue()
    other = Venue()
    item = venue.batch.checklist.first()
    with pytest.raises(BusinessRuleError) as exc:
        services.checklist_item_assign(item=item, owner=other.assistant, acting_user=venue.manager)
    assert exc.value.code == "owner_not_project_staff"


def test_rescheduling_moves_the_open_items_and_not_after_the_start():
    venue = Venue(handover_date=dt.date(2027, 3, 1))
    done = venue.batch.checklist.get(task="team_formed")
    services.checklist_item_done(item=done, acting_user=venue.manager)
    services.batch_reschedule(
        batch=venue.batch, handover_date=dt.date(2027, 4, 1), reason="开发商延期", acting_user=venue.manager
    )
    assert venue.batch.checklist.get(task="team_formed").due_date == dt.date(2026, 12, 31)
    assert venue.batch.checklist.get(task="public_announcement").due_date == dt.date(2027, 3, 25)
    venue.start()
    with pytest.raises(BusinessRuleError) as exc:
        services.batch_reschedule(
            batch=venue.batch,
            handover_date=dt.date(2027, 5, 1),
            reason="开发商延期",
            acting_user=venue.manager,
        )
    assert exc.value.code == "batch_started"


def test_only_planners_create_batches_and_only_with_their_buildings():
    venue = Venue()
    with pytest.raises(PermissionDeniedError):
        services.batch_create(
            project=venue.project, name="二期", handover_date=dt.date(2027, 3, 1), acting_user=venue.assistant
        )
    with pytest.raises(BusinessRuleError) as exc:
        services.batch_create(
            project=venue.project,
            name="二期",
            handover_date=dt.date(2027, 3, 1),
            acting_user=venue.manager,
            buildings=[BuildingFactory()],
        )
    assert exc.value.code == "building_of_other_project"


# --- defects ------------------------------------------------------------------------------------


def _defect(venue, handover, **kwargs):
    body = {
        "item": "卫生间墙砖空鼓",
        "location": "主卫",
        "responsible_party": "中建三局（保修期内）",
        "due_date": dt.date(2026, 12, 15),
    }
    return services.defect_create(handover=handover, acting_user=venue.assistant, **{**body, **kwargs})


def test_a_defect_needs_item_location_and_responsible_party():
    venue = Venue()
    with pytest.raises(BusinessRuleError) as exc:
        _defect(venue, venue.start(), item=" ", responsible_party="")
    assert exc.value.code == "defect_incomplete"
    assert set(exc.value.fields) == {"item", "responsible_party"}


def test_a_rectification_key_needs_the_owners_consent():
    venue = Venue()
    with pytest.raises(BusinessRuleError) as exc:
        _defect(venue, venue.start(), rectification_key_number="K-1")
    assert exc.value.code == "no_owner_consent"


def test_a_rectification_key_is_kept_from_the_keys_step_on():
    from wuye.keys.models import Key

    venue = Venue()
    with pytest.raises(BusinessRuleError) as exc:
        _defect(venue, venue.start(), rectification_key_number="K-1", owner_consent=True)
    assert exc.value.code == "key_before_keys_step"
    # after the keys step (no key kept then), a defect with a key number puts it into custody
    handover = venue.through(venue.start(), "keys_prepared")
    defect = _defect(
        venue, handover, rectification_key_number="K-1", owner_consent=True, key_storage_location="A-01"
    )
    assert (defect.rectification_key_number, defect.owner_consent) == ("K-1", True)
    handover.refresh_from_db()
    assert handover.rectification_key.number == "K-1"
    assert Key.objects.get(number="K-1").source == "rectification"
    # the unit keeps one rectification key: another number is refused, the same one recorded
    with pytest.raises(BusinessRuleError) as exc:
        _defect(venue, handover, rectification_key_number="K-2", owner_consent=True)
    assert exc.value.code == "other_rectification_key"
    again = _defect(venue, handover, rectification_key_number="K-1", owner_consent=True)
    assert again.rectification_key_number == "K-1"
    assert Key.objects.filter(unit=handover.unit).count() == 1


def test_closing_needs_result_and_owner_sign_off_and_happens_once():
    venue = Venue()
    defect = _defect(venue, venue.start())
    with pytest.raises(BusinessRuleError) as exc:
        services.defect_close(defect=defect, result="", owner_signed_off=True, acting_user=venue.assistant)
    assert exc.value.code == "result_required"
    with pytest.raises(BusinessRuleError) as exc:
        services.defect_close(
            defect=defect, result="已重贴", owner_signed_off=False, acting_user=venue.assistant
        )
    assert exc.value.code == "owner_sign_off_required"
    engineer = staff(Role.ENGINEER, venue.project)
    services.defect_close(defect=defect, result="已重贴", owner_signed_off=True, acting_user=engineer)
    assert not defect.is_open and defect.owner_signed_off
    with pytest.raises(BusinessRuleError) as exc:
        services.defect_close(defect=defect, result="again", owner_signed_off=True, acting_user=engineer)
    assert exc.value.code == "defect_closed"


def test_open_defects_per_building_with_the_overdue_ones():
    venue = Venue()
    _defect(venue, venue.start(), due_date=dt.date(2026, 11, 25))
    _defect(venue, venue.start(), due_date=dt.date(2026, 12, 20))
    closed = _defect(venue, venue.start(), due_date=dt.date(2026, 11, 20))
    services.defect_close(defect=closed, result="ok", owner_signed_off=True, acting_user=venue.assistant)
    rows = selectors.open_defects_by_building(venue.project)
    assert [(r["open"], r["overdue"]) for r in rows] == [(2, 1)]


def test_security_may_not_record_defects():
    venue = Venue()
    with pytest.raises(PermissionDeniedError):
        services.defect_create(
            handover=venue.start(),
            item="x",
            location="y",
            responsible_party="z",
            due_date=dt.date(2026, 12, 15),
            acting_user=staff(Role.SECURITY, venue.project),
        )
