"""The shift log's services (seed 000 §14, spec 05): entries written and closed once with an outcome,
hand-overs carrying every open entry, acknowledged once by someone else, flagged when late."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tests.factories import UnitFactory
from wuye.frontdesk.models import ShiftEntry, ShiftHandover
from wuye.frontdesk.selectors_shift_custody import (
    flagged_handovers,
    handover_ack_hours,
    is_flagged,
    open_entries,
)
from wuye.frontdesk.services import shift_custody as services
from wuye.frontdesk.tests.factories_shift_custody import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


# --- writing --------------------------------------------------------------------------------------


def test_a_message_names_who_left_it_and_is_recorded_with_its_author(desk):
    entry = desk.message()
    assert entry.kind == "message" and entry.from_name == "王女士" and entry.unit == desk.unit
    assert entry.created_by == desk.assistant and entry.closed_at is None
    assert entry.history.first().history_user == desk.assistant


def test_every_missing_field_is_named_at_once(desk):
    with pytest.raises(ValidationError) as error:
        services.shift_entry_write(
            project=desk.project, kind="message", text="  ", acting_user=desk.assistant
        )
    assert set(error.value.message_dict) == {"text", "from_name"}
    with pytest.raises(ValidationError) as error:
        services.shift_entry_write(project=desk.project, kind="gossip", text="x", acting_user=desk.assistant)
    assert set(error.value.message_dict) == {"kind"}
    assert not ShiftEntry.objects.exists()


def test_an_open_point_needs_no_sender(desk):
    assert desk.entry().from_name == ""


def test_a_unit_of_another_project_is_refused(desk):
    stranger = UnitFactory()
    with pytest.raises(BusinessRuleError) as error:
        desk.entry(unit=stranger)
    assert error.value.code == "unit_not_in_project" and "unit" in error.value.fields


@pytest.mark.parametrize("who", ["engineer", "manager", "keeper"])
def test_only_the_desk_and_the_gate_write_in_the_log(desk, who):
    with pytest.raises(PermissionDeniedError):
        desk.entry(by=getattr(desk, who))


def test_the_gate_writes_in_the_log_too(desk):
    assert desk.entry(by=desk.guard).created_by == desk.guard


def test_a_paper_record_keeps_its_time_but_never_a_future_one(desk):
    earlier = timezone.now() - dt.timedelta(hours=5)
    assert desk.entry(at=earlier).created_at == earlier
    with pytest.raises(BusinessRuleError) as error:
        desk.entry(at=timezone.now() + dt.timedelta(hours=2))
    assert error.value.code == "event_in_future"


# --- closing --------------------------------------------------------------------------------------


def test_an_entry_is_closed_once_with_its_outcome(desk):
    entry = desk.message()
    closed = services.shift_entry_close(
        entry=entry, outcome="已回电，业主知悉", acting_user=desk.next_assistant
    )
    assert closed.closed_by == desk.next_assistant and closed.outcome == "已回电，业主知悉"
    assert closed.closed_at is not None
    with pytest.raises(BusinessRuleError) as error:
        services.shift_entry_close(entry=entry, outcome="再次", acting_user=desk.assistant)
    assert error.value.code == "shift_entry_closed"
    assert ShiftEntry.objects.get(pk=entry.pk).outcome == "已回电，业主知悉"


def test_closing_needs_an_outcome_and_the_permission(desk):
    entry = desk.entry()
    with pytest.raises(ValidationError) as error:
        services.shift_entry_close(entry=entry, outcome=" ", acting_user=desk.assistant)
    assert "outcome" in error.value.message_dict
    with pytest.raises(PermissionDeniedError):
        services.shift_entry_close(entry=entry, outcome="好", acting_user=desk.manager)
    assert ShiftEntry.objects.get(pk=entry.pk).closed_at is None


def test_an_entry_is_not_closed_before_it_was_written(desk):
    entry = desk.entry()
    with pytest.raises(BusinessRuleError) as error:
        services.shift_entry_close(
            entry=entry, outcome="好", acting_user=desk.assistant, at=entry.created_at - dt.timedelta(hours=1)
        )
    assert error.value.code == "event_before_previous_step"


# --- handing over ---------------------------------------------------------------------------------


def test_a_handover_carries_every_open_entry_of_the_project_and_nothing_else(desk):
    first, second = desk.message(), desk.entry()
    closed = desk.entry(text="已处理")
    services.shift_entry_close(entry=closed, outcome="完成", acting_user=desk.assistant)
    elsewhere = Desk().entry()
    handover = desk.handover(summary="平稳")
    assert set(handover.entries.all()) == {first, second}
    assert elsewhere not in handover.entries.all()
    assert handover.handed_by == desk.assistant and handover.shift == "白班"
    assert handover.acknowledged_at is None


def test_an_open_point_is_carried_from_handover_to_handover_until_closed(desk):
    entry = desk.entry()
    one = desk.handover()
    services.shift_acknowledge(handover=one, acting_user=desk.next_assistant)
    two = desk.handover(by=desk.next_assistant, shift="夜班")
    assert entry in two.entries.all()
    services.shift_entry_close(entry=entry, outcome="完成", acting_user=desk.assistant)
    three = desk.handover(shift="白班")
    assert entry not in three.entries.all()
    assert set(entry.handovers.all()) == {one, two}
    assert list(open_entries(desk.project)) == []


def test_a_backdated_handover_carries_only_what_was_written_before_it(desk):
    early = desk.entry(at=timezone.now() - dt.timedelta(hours=3))
    desk.entry()  # written after the hand-over's time
    handover = desk.handover(at=timezone.now() - dt.timedelta(hours=1))
    assert list(handover.entries.all()) == [early]


def test_a_handover_names_its_shift_and_needs_the_permission(desk):
    with pytest.raises(ValidationError) as error:
        desk.handover(shift="  ")
    assert "shift" in error.value.message_dict
    with pytest.raises(PermissionDeniedError):
        desk.handover(by=desk.manager)
    assert not ShiftHandover.objects.exists()


# --- acknowledging --------------------------------------------------------------------------------


def test_the_next_shift_acknowledges_once(desk):
    handover = desk.handover()
    done = services.shift_acknowledge(handover=handover, acting_user=desk.guard)
    assert done.acknowledged_by == desk.guard and done.acknowledged_at is not None
    with pytest.raises(BusinessRuleError) as error:
        services.shift_acknowledge(handover=handover, acting_user=desk.next_assistant)
    assert error.value.code == "handover_acknowledged"
    assert ShiftHandover.objects.get(pk=handover.pk).acknowledged_by == desk.guard


def test_who_handed_over_does_not_acknowledge_their_own_handover(desk):
    handover = desk.handover()
    with pytest.raises(BusinessRuleError) as error:
        services.shift_acknowledge(handover=handover, acting_user=desk.assistant)
    assert error.value.code == "own_handover"
    assert ShiftHandover.objects.get(pk=handover.pk).acknowledged_at is None


def test_acknowledging_needs_the_permission_and_a_time_after_the_handover(desk):
    handover = desk.handover()
    with pytest.raises(PermissionDeniedError):
        services.shift_acknowledge(handover=handover, acting_user=desk.manager)
    with pytest.raises(BusinessRuleError) as error:
        services.shift_acknowledge(
            handover=handover,
            acting_user=desk.next_assistant,
            at=handover.handed_at - dt.timedelta(minutes=5),
        )
    assert error.value.code == "event_before_previous_step"


# --- flagged when not acknowledged in time --------------------------------------------------------


def test_a_handover_unacknowledged_for_over_an_hour_is_flagged(desk):
    handover = desk.handover()
    assert not is_flagged(handover) and not flagged_handovers(desk.project).exists()
    later = timezone.now() + dt.timedelta(minutes=61)
    with time_machine.travel(later, tick=False):
        assert is_flagged(handover)
        assert list(flagged_handovers(desk.project)) == [handover]
    services.shift_acknowledge(handover=handover, acting_user=desk.next_assistant)
    with time_machine.travel(later, tick=False):
        assert not flagged_handovers(desk.project).exists()


def test_the_acknowledgement_time_is_a_project_setting(desk):
    desk.project.settings = {"frontdesk": {"handover_ack_hours": 4}}
    desk.project.save()
    handover = desk.handover()
    assert handover_ack_hours(desk.project) == 4
    assert not flagged_handovers(desk.project, now=timezone.now() + dt.timedelta(hours=3)).exists()
    assert flagged_handovers(desk.project, now=timezone.now() + dt.timedelta(hours=5)).get() == handover


@pytest.mark.parametrize("raw", ["soon", -2, None, "NaN"])
def test_a_bad_setting_counts_as_one_hour(desk, raw):
    desk.project.settings = {"frontdesk": {"handover_ack_hours": raw}}
    assert handover_ack_hours(desk.project) == 1
