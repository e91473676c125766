"""Occupancy status: every allowed and forbidden move, reasons, event times, history."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wuye.accounts.choices import Role
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tests.factories import UnitFactory, staff
from wuye.estate.choices import OCCUPANCY_TRANSITIONS, OccupancyStatus, StatusChangeSource
from wuye.estate.models import Unit, UnitStatusChange
from wuye.estate.services import unit_change_status

pytestmark = pytest.mark.django_db

S = OccupancyStatus
ALL_MOVES = [(a, b) for a, b in itertools.product(S.values, S.values) if a != b]
ALLOWED = [(a, b) for a, b in ALL_MOVES if b in OCCUPANCY_TRANSITIONS[a]]
FORBIDDEN = [(a, b) for a, b in ALL_MOVES if b not in OCCUPANCY_TRANSITIONS[a]]


def test_table_is_what_the_spec_describes():
    # handover → vacant → renovating → in use, back to vacant on move-out; never back to not handed over
    assert OCCUPANCY_TRANSITIONS[S.NOT_HANDED_OVER] == {S.VACANT}
    assert all(S.NOT_HANDED_OVER not in targets for targets in OCCUPANCY_TRANSITIONS.values())
    for in_use in (S.OWNER_OCCUPIED, S.RENTED, S.OFFICE, S.RENOVATING):
        assert S.VACANT in OCCUPANCY_TRANSITIONS[in_use]
    assert len(ALLOWED) == 14 and len(FORBIDDEN) == 16


def _unit_in(status):
    unit = UnitFactory(status=status)
    return unit, staff(Role.CS_SUPERVISOR, unit.project)


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_allowed_move(from_status, to_status):
    unit, user = _unit_in(from_status)
    unit_change_status(unit=unit, to_status=to_status, acting_user=user, reason="上楼普查核实")
    unit.refresh_from_db()
    assert unit.status == to_status
    change = UnitStatusChange.objects.get(unit=unit)
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
        from_status,
        to_status,
        user,
        "上楼普查核实",
    )
    assert change.source == StatusChangeSource.MANUAL


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_forbidden_move(from_status, to_status):
    unit, user = _unit_in(from_status)
    with pytest.raises(BusinessRuleError) as exc:
        unit_change_status(unit=unit, to_status=to_status, acting_user=user, reason="试图更正")
    assert exc.value.code == "status_transition_forbidden"
    unit.refresh_from_db()
    assert unit.status == from_status
    assert not UnitStatusChange.objects.filter(unit=unit).exists()


def test_same_status_is_not_a_move():
    unit, user = _unit_in(S.VACANT)
    with pytest.raises(BusinessRuleError):
        unit_change_status(unit=unit, to_status=S.VACANT, acting_user=user, reason="x")


@pytest.mark.parametrize("reason", ["", "   "])
def test_manual_correction_needs_a_reason(reason):
    unit, user = _unit_in(S.VACANT)
    with pytest.raises(ValidationError) as exc:
        unit_change_status(unit=unit, to_status=S.RENTED, acting_user=user, reason=reason)
    assert "reason" in exc.value.message_dict
    assert Unit.objects.get(pk=unit.pk).status == S.VACANT


def test_procedure_source_needs_no_reason_and_no_manual_permission():
    unit = UnitFactory(status=S.NOT_HANDED_OVER)
    engineer = staff(Role.ENGINEER, unit.project)
    unit_change_status(
        unit=unit, to_status=S.VACANT, acting_user=engineer, source=StatusChangeSource.HANDOVER
    )
    assert Unit.objects.get(pk=unit.pk).status == S.VACANT


def test_role_without_permission_cannot_correct():
    unit = UnitFactory(status=S.VACANT)
    for role in (Role.ENGINEER, Role.SECURITY, Role.CASHIER):
        with pytest.raises(PermissionDeniedError):
            unit_change_status(
                unit=unit, to_status=S.RENTED, acting_user=staff(role, unit.project), reason="x"
            )


def test_staff_of_another_project_cannot_correct():
    unit = UnitFactory(status=S.VACANT)
    other = staff(Role.CS_SUPERVISOR, UnitFactory().project)
    with pytest.raises(PermissionDeniedError):
        unit_change_status(unit=unit, to_status=S.RENTED, acting_user=other, reason="x")


def test_handover_sets_handover_date_from_event_time():
    unit, user = _unit_in(S.NOT_HANDED_OVER)
    at = timezone.now() - dt.timedelta(days=3)
    unit_change_status(unit=unit, to_status=S.VACANT, acting_user=user, reason="补录交房", at=at)
    unit.refresh_from_db()
    assert unit.handover_date == timezone.localtime(at).date()
    assert unit.status_changed_at == at


def test_event_time_cannot_be_in_the_future_or_before_previous_change():
    unit, user = _unit_in(S.VACANT)
    with pytest.raises(BusinessRuleError) as exc:
        unit_change_status(
            unit=unit,
            to_status=S.RENTED,
            acting_user=user,
            reason="x",
            at=timezone.now() + dt.timedelta(hours=2),
        )
    assert exc.value.code == "event_in_future"
    first = timezone.now() - dt.timedelta(days=1)
    unit_change_status(unit=unit, to_status=S.RENTED, acting_user=user, reason="x", at=first)
    with pytest.raises(BusinessRuleError) as exc:
        unit_change_status(
            unit=unit, to_status=S.VACANT, acting_user=user, reason="y", at=first - dt.timedelta(hours=1)
        )
    assert exc.value.code == "event_before_previous_step"


def test_history_records_acting_user():
    unit, user = _unit_in(S.VACANT)
    unit_change_status(unit=unit, to_status=S.OWNER_OCCUPIED, acting_user=user, reason="入住")
    latest = unit.history.first()
    assert latest.status == S.OWNER_OCCUPIED
    assert latest.history_user == user
