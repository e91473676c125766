"""Move-in, tenant exit and ownership transfer at service level: each refusal says why."""

import datetime as dt

import pytest
import time_machine

from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.roles import Role
from wuye.core.tests.factories import OwnerFactory, staff
from wuye.estate.models import Lease, Ownership, UnitStatusChange
from wuye.notifications.models import Notification
from wuye.occupancy import services
from wuye.occupancy.choices import CareStatus, ExitStatus
from wuye.occupancy.models import TenantExit
from wuye.occupancy.tests.factories import MONTHLY, Estate

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC)):  # 10:00 in Shanghai
        yield


@pytest.fixture
def estate(_today):
    return Estate()


# --- move-in ---------------------------------------------------------------------------------------


def _tenant_move_in(estate, unit, **overrides):
    params = {
        "unit": unit,
        "kind": "tenant",
        "moved_in_on": TODAY,
        "acting_user": estate.assistant,
        "tenant_info": {"name": "王租户", "mobile": "13912345678"},
        "commitment_letter_on_file": True,
        "lease_agreement_on_file": True,
        "tenant_form_completed": True,
        "safety_letter_signed": True,
    }
    params.update(overrides)
    return services.move_in_record(**params)


def test_owner_moves_in_unit_becomes_owner_occupied_and_departments_are_told(
    estate, django_capture_on_commit_callbacks
):
    unit, owner = estate.owned()
    with django_capture_on_commit_callbacks(execute=True):
        move_in = services.move_in_record(
            unit=unit,
            kind="owner",
            owner=owner,
            identity_checked=True,
            moved_in_on=TODAY,
            acting_user=estate.assistant,
        )
    unit.refresh_from_db()
    assert unit.status == "owner_occupied"
    assert UnitStatusChange.objects.get(unit=unit).source == "move_in"
    assert move_in.care == CareStatus.NONE
    notices = Notification.objects.filter(kind="occupancy.move_in")
    # security lead, CS supervisor and cashier of the project (the assistant is not a notice role)
    assert {n.recipient_id for n in notices} == {
        estate.security_lead.pk,
        estate.supervisor.pk,
        estate.cashier.pk,
    }
    assert move_in.departments_notified == 3


def test_tenant_move_in_opens_the_lease_from_the_form_and_unit_is_rented(estate):
    unit, _owner = estate.owned()
    move_in = _tenant_move_in(estate, unit, lease_end_date=dt.date(2027, 11, 19))
    unit.refresh_from_db()
    assert unit.status == "rented"
    lease = Lease.objects.get(unit=unit)
    assert lease == move_in.lease and lease.tenant.name == "王租户"
    assert lease.owner_consent_on_file and lease.lease_agreement_on_file and lease.safety_letter_signed
    assert lease.start_date == TODAY and lease.contract_end_date == dt.date(2027, 11, 19)


def test_office_move_in_makes_the_unit_an_office(estate):
    unit, owner = estate.owned()
    services.move_in_record(
        unit=unit,
        kind="owner",
        owner=owner,
        identity_checked=True,
        as_office=True,
        moved_in_on=TODAY,
        acting_user=estate.assistant,
    )
    unit.refresh_from_db()
    assert unit.status == "office"


@pytest.mark.parametrize(
    ("missing", "code"),
    [
        ("commitment_letter_on_file", "commitment_letter"),
        ("lease_agreement_on_file", "lease_agreement"),
        ("tenant_form_completed", "tenant_form"),
        ("safety_letter_signed", "safety_letter"),
    ],
)
def test_tenant_move_in_refused_without_each_document(estate, missing, code):
    unit, _owner = estate.owned()
    with pytest.raises(BusinessRuleError) as exc:
        _tenant_move_in(estate, unit, **{missing: False})
    assert exc.value.code == "move_in_incomplete"
    assert list(exc.value.fields) == [code]
    assert not Lease.objects.filter(unit=unit).exists()
    unit.refresh_from_db()
    assert unit.status == "vacant"


def test_tenant_move_in_refused_without_tenant_or_owner_on_record(estate):
    unit = estate.unit()
    with pytest.raises(BusinessRuleError) as exc:
        _tenant_move_in(estate, unit, tenant_info={})
    assert set(exc.value.fields) == {"owner", "tenant"}


def test_owner_move_in_refused_for_someone_else_and_without_identity_check(estate):
    unit, _owner = estate.owned()
    stranger = OwnerFactory(project=estate.project)
    with pytest.raises(BusinessRuleError) as exc:
        services.move_in_record(
            unit=unit, kind="owner", owner=stranger, moved_in_on=TODAY, acting_user=estate.assistant
        )
    assert set(exc.value.fields) == {"owner", "identity_checked"}


def test_move_in_refused_into_an_occupied_or_unhanded_unit_and_in_the_future(estate):
    unit, owner = estate.owned("rented")
    with pytest.raises(BusinessRuleError) as exc:
        services.move_in_record(
            unit=unit,
            kind="owner",
            owner=owner,
            identity_checked=True,
            moved_in_on=TODAY + dt.timedelta(days=3),
            acting_user=estate.assistant,
        )
    assert set(exc.value.fields) == {"unit_status", "moved_in_on"}
    fresh, owner2 = estate.owned("not_handed_over")
    with pytest.raises(BusinessRuleError) as exc:
        services.move_in_record(
            unit=fresh,
            kind="owner",
            owner=owner2,
            identity_checked=True,
            moved_in_on=TODAY,
            acting_user=estate.assistant,
        )
    assert set(exc.value.fields) == {"unit_status"}


def test_move_in_needs_the_permission(estate):
    unit, owner = estate.owned()
    with pytest.raises(PermissionDeniedError):
        services.move_in_record(
            unit=unit,
            kind="owner",
            owner=owner,
            identity_checked=True,
            moved_in_on=TODAY,
            acting_user=estate.cashier,
        )


def test_vip_owner_gets_a_care_task_done_once(estate, django_capture_on_commit_callbacks):
    unit, owner = estate.owned(vip=True)
    with django_capture_on_commit_callbacks(execute=True):
        move_in = services.move_in_record(
            unit=unit,
            kind="owner",
            owner=owner,
            identity_checked=True,
            moved_in_on=TODAY,
            acting_user=estate.assistant,
        )
    assert move_in.care == CareStatus.OPEN
    assert Notification.objects.filter(kind="occupancy.care", recipient=estate.supervisor).exists()
    done = services.move_in_care_done(move_in=move_in, acting_user=estate.assistant)
    assert done.care == CareStatus.DONE and done.care_done_by == estate.assistant
    with pytest.raises(BusinessRuleError) as exc:
        services.move_in_care_done(move_in=move_in, acting_user=estate.assistant)
    assert exc.value.code == "care_transition_forbidden"


# --- tenant exit -----------------------------------------------------------------------------------


def test_exit_waits_naming_arrears_meters_and_consent_then_completes(
    estate, django_capture_on_commit_callbacks
):
    unit, _owner, lease = estate.rented()
    estate.books.run(start=dt.date(2026, 11, 1))  # November billed, not paid
    estate.read_meter(unit, dt.date(2026, 10, 31))  # the last reading is before the moving date
    exit_ = services.tenant_exit_request(
        lease=lease, moving_date=TODAY, owner_consent="not_asked", acting_user=estate.assistant
    )
    assert exit_.status == ExitStatus.WAITING and not exit_.release_pass_allowed
    assert set(exit_.outstanding) == {"arrears", "meter_readings", "owner_consent"}
    lease.refresh_from_db()
    assert lease.end_date is None

    estate.read_meter(unit, TODAY, "25")
    estate.pay(unit, sum(c.amount - c.allocated for c in unit.charges.all()))
    exit_ = services.tenant_exit_request(
        lease=lease, moving_date=TODAY, owner_consent="refused", acting_user=estate.assistant
    )
    assert set(exit_.outstanding) == {"owner_consent"}  # the owner disagrees: the exit waits
    assert TenantExit.objects.filter(lease=lease).count() == 1  # the same waiting exit

    with django_capture_on_commit_callbacks(execute=True):
        exit_ = services.tenant_exit_request(
            lease=lease,
            moving_date=TODAY,
            owner_consent="agreed",
            items_to_stay="空调",
            acting_user=estate.assistant,
        )
    assert exit_.status == ExitStatus.COMPLETED and exit_.release_pass_allowed and exit_.outstanding == {}
    lease.refresh_from_db()
    unit.refresh_from_db()
    assert lease.end_date == TODAY
    assert unit.status == "vacant"
    assert UnitStatusChange.objects.get(unit=unit).source == "tenant_exit"
    assert Notification.objects.filter(kind="occupancy.exit", recipient=estate.security_lead).exists()


def test_exit_waits_for_billing_up_to_the_moving_date(estate):
    unit, _owner, lease = estate.rented()
    estate.bill(unit, start=dt.date(2026, 10, 1))  # October paid; November not billed
    exit_ = services.tenant_exit_request(
        lease=lease, moving_date=TODAY, owner_consent="agreed", acting_user=estate.assistant
    )
    assert set(exit_.outstanding) == {"not_billed"}


def test_exit_of_an_ended_lease_and_before_it_started_are_refused(estate):
    unit, _owner, lease = estate.rented()
    with pytest.raises(BusinessRuleError) as exc:
        services.tenant_exit_request(
            lease=lease, moving_date=dt.date(2024, 6, 1), owner_consent="agreed", acting_user=estate.assistant
        )
    assert exc.value.code == "moving_before_lease"
    Lease.objects.filter(pk=lease.pk).update(end_date=dt.date(2026, 1, 1))
    with pytest.raises(BusinessRuleError) as exc:
        services.tenant_exit_request(
            lease=lease, moving_date=TODAY, owner_consent="agreed", acting_user=estate.assistant
        )
    assert exc.value.code == "lease_already_ended"


def test_completed_exit_cannot_be_cancelled_but_a_waiting_one_can(estate):
    unit, _owner, lease = estate.rented()
    estate.bill(unit)
    waiting = services.tenant_exit_request(
        lease=lease, moving_date=TODAY, owner_consent="not_asked", acting_user=estate.assistant
    )
    cancelled = services.tenant_exit_cancel(tenant_exit=waiting, acting_user=estate.assistant)
    assert cancelled.status == ExitStatus.CANCELLED
    done = services.tenant_exit_request(
        lease=lease, moving_date=TODAY, owner_consent="agreed", acting_user=estate.assistant
    )
    assert done.status == ExitStatus.COMPLETED and done.pk != waiting.pk
    with pytest.raises(BusinessRuleError) as exc:
        services.tenant_exit_cancel(tenant_exit=done, acting_user=estate.assistant)
    assert exc.value.code == "exit_transition_forbidden"


def test_exit_needs_the_permission(estate):
    _unit, _owner, lease = estate.rented()
    with pytest.raises(PermissionDeniedError):
        services.tenant_exit_request(
            lease=lease,
            moving_date=TODAY,
            owner_consent="agreed",
            acting_user=staff(Role.ENGINEER, estate.project),
        )


# --- ownership transfer ----------------------------------------------------------------------------

NEW_OWNER = {"name": "新业主", "mobile": "13700001111", "emergency_mobile": "13700002222"}


def _transfer(estate, unit, **overrides):
    params = {
        "unit": unit,
        "transfer_date": TODAY,
        "title_certificate_no": "川(2026)成都市不动产权第0012345号",
        "new_owner_info": NEW_OWNER,
        "fire_safety_letter_signed": True,
        "acting_user": estate.assistant,
    }
    params.update(overrides)
    return services.ownership_transfer(**params)


def _settled_and_prepaid(estate, months=6):
    unit, owner = estate.owned("owner_occupied")
    estate.bill(unit)
    estate.pay(unit, MONTHLY * months)  # the rest becomes prepayment credit
    return unit, owner


def test_transfer_ends_old_ownership_starts_new_and_marks_the_archive(estate):
    unit, old = _settled_and_prepaid(estate)
    transfer = _transfer(estate, unit)
    ended = Ownership.objects.get(unit=unit, owner=old)
    assert ended.end_date == TODAY and ended.end_reason
    current = Ownership.objects.active().get(unit=unit)
    assert current.owner == transfer.new_owner and current.owner.name == "新业主"
    assert current.start_date == TODAY and current.title_certificate_no.endswith("0012345号")
    old.refresh_from_db()
    assert "2026-11-20" in old.archive_note and unit.code in old.archive_note
    assert old.transferred_on == TODAY
    assert list(transfer.ended_ownerships.all()) == [ended]
    assert transfer.monthly_fee == MONTHLY and transfer.prepaid == MONTHLY * 6


def test_transfer_counts_charges_paid_ahead_as_prepayment(estate):
    unit, _old = estate.owned("owner_occupied")
    estate.bill(unit)
    estate.bill(unit, start=dt.date(2026, 12, 1), months=3)  # December to February billed and paid
    with pytest.raises(BusinessRuleError) as exc:
        _transfer(estate, unit)
    assert list(exc.value.fields) == ["prepayment"]  # three months ahead are not six
    estate.pay(unit, MONTHLY * 3)  # and three more as prepayment credit
    transfer = _transfer(estate, unit)
    assert transfer.prepaid == MONTHLY * 6


def test_transfer_refused_with_five_months_prepaid(estate):
    unit, _old = _settled_and_prepaid(estate, months=5)
    with pytest.raises(BusinessRuleError) as exc:
        _transfer(estate, unit)
    assert exc.value.code == "transfer_incomplete"
    assert list(exc.value.fields) == ["prepayment"]
    assert Ownership.objects.active().filter(unit=unit).count() == 1


def test_transfer_refused_without_certificate_new_owner_and_letter(estate):
    unit, _old = _settled_and_prepaid(estate)
    with pytest.raises(BusinessRuleError) as exc:
        _transfer(estate, unit, title_certificate_no="  ", new_owner_info={}, fire_safety_letter_signed=False)
    assert set(exc.value.fields) == {"title_certificate_no", "new_owner", "fire_safety_letter"}


def test_transfer_refused_while_the_old_owner_owes_and_meters_are_unread(estate):
    unit, _old = estate.owned("owner_occupied")
    estate.books.run(start=dt.date(2026, 11, 1))
    estate.read_meter(unit, dt.date(2026, 10, 31))
    with pytest.raises(BusinessRuleError) as exc:
        _transfer(estate, unit)
    assert {"arrears", "meter_readings", "prepayment"} <= set(exc.value.fields)


def test_transfer_refused_without_a_current_owner_or_to_the_same_owner(estate):
    unit = estate.unit("owner_occupied")
    unit2, old = estate.owned("owner_occupied")
    for each in (unit, unit2):
        estate.bill(each)
        estate.pay(each, MONTHLY * 6)
    with pytest.raises(BusinessRuleError) as exc:
        _transfer(estate, unit)
    assert list(exc.value.fields) == ["ownership"]
    with pytest.raises(BusinessRuleError) as exc:
        _transfer(estate, unit2, new_owner=old, new_owner_info=None)
    assert list(exc.value.fields) == ["new_owner"]


def test_transfer_to_an_existing_owner_of_another_project_is_refused(estate):
    unit, _old = _settled_and_prepaid(estate)
    elsewhere = OwnerFactory()
    with pytest.raises(BusinessRuleError) as exc:
        _transfer(estate, unit, new_owner=elsewhere, new_owner_info=None)
    assert list(exc.value.fields) == ["new_owner"]


def test_transfer_needs_the_permission(estate):
    unit, _old = _settled_and_prepaid(estate)
    with pytest.raises(PermissionDeniedError):
        _transfer(estate, unit, acting_user=estate.cashier)
