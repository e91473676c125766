"""Bulk import of occupancy histories (a project taken over): the same rows and rules as
`unit_change_status`, all or nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from wuye.accounts.choices import Role
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tests.factories import UnitFactory, staff
from wuye.estate.choices import OccupancyStatus as S
from wuye.estate.choices import StatusChangeSource
from wuye.estate.models import Unit, UnitStatusChange
from wuye.estate.services import unit_change_status, unit_status_history_import

pytestmark = pytest.mark.django_db


def _ago(days, hour=10):
    return timezone.make_aware(
        dt.datetime.combine(timezone.localdate() - dt.timedelta(days=days), dt.time(hour))
    )


def test_import_records_the_same_steps_as_one_by_one():
    one = UnitFactory(status=S.NOT_HANDED_OVER, handover_date=None)
    other = UnitFactory(
        project=one.project, building=one.building, status=S.NOT_HANDED_OVER, handover_date=None
    )
    user = staff(Role.CS_SUPERVISOR, one.project)
    steps = [(S.VACANT, _ago(300)), (S.RENOVATING, _ago(280)), (S.OWNER_OCCUPIED, _ago(120))]
    for to_status, at in steps:
        unit_change_status(
            unit=other, to_status=to_status, acting_user=user, source=StatusChangeSource.IMPORT, at=at
        )

    count = unit_status_history_import(
        histories={one.pk: steps}, acting_user=user, reasons={S.OWNER_OCCUPIED: "入住"}
    )

    assert count == 3
    one.refresh_from_db()
    other.refresh_from_db()
    for field in ("status", "status_changed_at", "handover_date"):
        assert getattr(one, field) == getattr(other, field), field
    assert one.handover_date == (timezone.localdate() - dt.timedelta(days=300))
    rows = list(
        UnitStatusChange.objects.filter(unit=one).order_by("at").values_list("from_status", "to_status", "at")
    )
    assert rows == list(
        UnitStatusChange.objects.filter(unit=other)
        .order_by("at")
        .values_list("from_status", "to_status", "at")
    )
    last = UnitStatusChange.objects.filter(unit=one).order_by("-at").first()
    assert (last.source, last.reason, last.changed_by) == (StatusChangeSource.IMPORT, "入住", user)
    assert one.history.first().status == S.OWNER_OCCUPIED  # the unit's audit history has the result


@pytest.mark.parametrize(
    ("steps", "code"),
    [
        ([(S.VACANT, _ago(10)), (S.NOT_HANDED_OVER, _ago(5))], "status_transition_forbidden"),
        ([(S.VACANT, _ago(10)), (S.RENTED, _ago(20))], "event_before_previous_step"),
        ([(S.VACANT, timezone.now() + dt.timedelta(days=2))], "event_in_future"),
    ],
)
def test_one_wrong_chain_refuses_the_whole_import(steps, code):
    good = UnitFactory(status=S.NOT_HANDED_OVER, handover_date=None)
    bad = UnitFactory(
        project=good.project, building=good.building, status=S.NOT_HANDED_OVER, handover_date=None
    )
    with pytest.raises(BusinessRuleError) as error:
        unit_status_history_import(
            histories={good.pk: [(S.VACANT, _ago(30))], bad.pk: steps},
            acting_user=staff(Role.CS_SUPERVISOR, good.project),
        )
    assert error.value.code == code
    assert not UnitStatusChange.objects.exists()
    assert set(Unit.objects.values_list("status", flat=True)) == {S.NOT_HANDED_OVER}


def test_import_continues_after_the_recorded_history():
    unit = UnitFactory(status=S.NOT_HANDED_OVER, handover_date=None)
    user = staff(Role.CS_SUPERVISOR, unit.project)
    unit_change_status(
        unit=unit, to_status=S.VACANT, acting_user=user, source=StatusChangeSource.HANDOVER, at=_ago(50)
    )
    with pytest.raises(BusinessRuleError):  # before the recorded handover
        unit_status_history_import(histories={unit.pk: [(S.RENTED, _ago(60))]}, acting_user=user)
    assert unit_status_history_import(histories={unit.pk: [(S.RENTED, _ago(40))]}, acting_user=user) == 1
    unit.refresh_from_db()
    assert unit.status == S.RENTED


def test_import_needs_the_status_permission_in_the_units_project():
    unit = UnitFactory(status=S.NOT_HANDED_OVER, handover_date=None)
    for user in (staff(Role.ARCHIVIST, unit.project), staff(Role.CS_SUPERVISOR, UnitFactory().project)):
        with pytest.raises(PermissionDeniedError):
            unit_status_history_import(histories={unit.pk: [(S.VACANT, _ago(3))]}, acting_user=user)
    assert not UnitStatusChange.objects.filter(unit=unit).exists()
