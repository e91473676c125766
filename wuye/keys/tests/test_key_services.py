"""Every rule and refusal of key custody, at the service level (seed 000 §23)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.roles import Role
from wuye.core.tests.factories import OwnershipFactory, staff
from wuye.keys import services
from wuye.keys.choices import TRANSITIONS, KeySource, KeyState, MovementKind, ReleaseStatus
from wuye.keys.models import Key, KeyMovement
from wuye.keys.selectors import overdue_keys
from wuye.keys.tests.factories import Cabinet
from wuye.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def cab():
    return Cabinet()


def _code(excinfo):
    return excinfo.value.code


# --- the register ---------------------------------------------------------------------------------


def test_register_numbers_keys_in_order_and_writes_a_movement(cab):
    first, second = cab.key(), cab.key()
    assert (first.number, second.number) == ("K0001", "K0002")
    assert first.state == KeyState.IN_STORE and first.storage_location == "A-01"
    movement = first.movements.get()
    assert movement.kind == MovementKind.REGISTERED and movement.by == cab.keeper
    assert first.history.count() == 1


def test_key_number_is_unique_per_project(cab):
    cab.key(number="7-101")
    with pytest.raises(ValidationError) as exc:
        cab.key(number="7-101")
    assert "number" in exc.value.message_dict
    other = Cabinet()
    assert other.key(number="7-101").number == "7-101"  # another project may use it


def test_register_needs_a_locked_storage_location(cab):
    with pytest.raises(ValidationError) as exc:
        services.key_register(unit=cab.unit, source="developer", storage_location=" ", acting_user=cab.keeper)
    assert "storage_location" in exc.value.message_dict


def test_not_taken_key_only_for_a_unit_not_handed_over(cab):
    assert cab.key(unit=cab.new_unit, source=KeySource.NOT_TAKEN).source == "not_taken"
    with pytest.raises(BusinessRuleError) as exc:
        cab.key(unit=cab.unit, source=KeySource.NOT_TAKEN)
    assert _code(exc) == "unit_already_taken"


def test_register_needs_keys_receive(cab):
    guard = staff(Role.SECURITY, cab.project)
    with pytest.raises(PermissionDeniedError):
        services.key_register(unit=cab.unit, source="developer", storage_location="A", acting_user=guard)


# --- entrusted keys -------------------------------------------------------------------------------


def test_owner_entrusts_a_key_of_a_vacant_unit(cab):
    key = cab.entrusted()
    assert key.source == KeySource.OWNER_ENTRUSTED and key.entrusted_by == cab.owner
    assert key.consent_recorded and key.movements.get().kind == MovementKind.ENTRUSTED


@pytest.mark.parametrize("status", ["owner_occupied", "rented", "renovating", "not_handed_over"])
def test_entrusted_key_only_for_a_vacant_unit(cab, status):
    cab.unit.status = status
    cab.unit.save()
    with pytest.raises(BusinessRuleError) as exc:
        cab.entrusted()
    assert _code(exc) == "unit_not_vacant"


def test_entrusting_needs_the_owners_consent(cab):
    with pytest.raises(BusinessRuleError) as exc:
        services.key_entrust(
            unit=cab.unit, entrusted_by=cab.owner, storage_location="B", consent=False, acting_user=cab.desk
        )
    assert _code(exc) == "consent_missing"


def test_only_an_owner_of_the_unit_entrusts(cab):
    with pytest.raises(BusinessRuleError) as exc:
        services.key_entrust(
            unit=cab.unit, entrusted_by=cab.stranger, storage_location="B", consent=True, acting_user=cab.desk
        )
    assert _code(exc) == "not_the_owner"


def test_rectification_key_kept_during_the_handover(cab):
    """The handover keeps one key for defects with the owner's consent while the unit is still being
    handed over (the owner is not yet recorded as owner)."""
    key = services.key_entrust(
        unit=cab.new_unit,
        entrusted_by=cab.stranger,
        source=KeySource.RECTIFICATION,
        storage_location="R-1",
        consent=True,
        acting_user=cab.desk,
    )
    assert key.source == KeySource.RECTIFICATION and key.unit == cab.new_unit
    with pytest.raises(BusinessRuleError) as exc:
        services.key_entrust(
            unit=cab.new_unit,
            entrusted_by=cab.stranger,
            source=KeySource.RECTIFICATION,
            storage_location="R-1",
            acting_user=cab.desk,
        )
    assert _code(exc) == "consent_missing"


def test_register_passes_entrusted_sources_to_entrust(cab):
    with pytest.raises(BusinessRuleError) as exc:
        cab.key(source=KeySource.OWNER_ENTRUSTED)  # nobody entrusting it
    assert _code(exc) == "entrusted_by_missing"


# --- issue to the owner ---------------------------------------------------------------------------


def test_issue_to_the_owner_after_the_handover(cab):
    key = cab.key()
    movement = cab.issue(key)
    key.refresh_from_db()
    assert key.state == KeyState.ISSUED and key.holder_name == cab.owner.name
    assert movement.signed and movement.signed_name == cab.owner.name
    assert movement.identity_checked and movement.identity_document == "resident_id"
    assert movement.to_owner == cab.owner and movement.from_state == KeyState.IN_STORE


def test_no_issue_before_the_handover_is_finished(cab):
    OwnershipFactory(unit=cab.new_unit, owner=cab.stranger)
    key = cab.key(unit=cab.new_unit, source=KeySource.NOT_TAKEN)
    with pytest.raises(BusinessRuleError) as exc:
        cab.issue(key, to_owner=cab.stranger)
    assert _code(exc) == "handover_not_finished"
    key.refresh_from_db()
    assert key.state == KeyState.IN_STORE and key.movements.count() == 1


def test_developer_key_only_to_an_owner_of_the_unit(cab):
    with pytest.raises(BusinessRuleError) as exc:
        cab.issue(cab.key(), to_owner=cab.stranger)
    assert _code(exc) == "not_entitled"


def test_issue_needs_the_identity_checked(cab):
    with pytest.raises(BusinessRuleError) as exc:
        cab.issue(cab.key(), identity_checked=False)
    assert _code(exc) == "identity_not_checked"


def test_issue_names_the_identity_document(cab):
    with pytest.raises(ValidationError) as exc:
        cab.issue(cab.key(), identity_document="")
    assert "identity_document" in exc.value.message_dict


def test_issue_needs_the_signature(cab):
    with pytest.raises(BusinessRuleError) as exc:
        cab.issue(cab.key(), signed=False)
    assert _code(exc) == "signature_missing"
    with pytest.raises(ValidationError):
        cab.issue(cab.key(), signed_name="  ")


def test_entrusted_key_goes_back_to_the_entruster_or_the_verified_owner(cab):
    # entrusted by the owner; the owner sells: the entruster may still collect it
    key = cab.entrusted()
    assert cab.issue(key).to_owner == cab.owner
    # entrusted by one co-owner, collected by the other verified owner
    co_owner = OwnershipFactory(unit=cab.unit, owner__project=cab.project).owner
    assert cab.issue(cab.entrusted(), to_owner=co_owner).to_owner == co_owner


def test_entrusted_key_not_to_anyone_else(cab):
    key = cab.entrusted()
    with translation.override("en"), pytest.raises(BusinessRuleError) as exc:
        cab.issue(key, to_owner=cab.stranger)
    assert _code(exc) == "not_entitled"
    assert "entrusted" in exc.value.message  # the entrusted-key rule, not the developer-key one


def test_issue_only_by_the_key_keeper(cab):
    with pytest.raises(PermissionDeniedError):
        cab.issue(cab.key(), acting_user=cab.desk)


def test_issued_key_cannot_move_again(cab):
    key = cab.key()
    cab.issue(key)
    with pytest.raises(BusinessRuleError) as exc:
        cab.lend(key)
    assert _code(exc) == "key_wrong_state"


# --- viewings, loans, returns -----------------------------------------------------------------------


def test_viewing_keeps_the_key_with_staff(cab):
    key = cab.key()
    movement = services.key_viewing(
        key=key, staff_member=cab.desk, visitor_name="看房客王", acting_user=cab.keeper
    )
    key.refresh_from_db()
    assert key.state == KeyState.VIEWING and key.holder_user == cab.desk
    assert movement.visitor_name == "看房客王" and movement.to_user == cab.desk
    assert key.due_back_at == movement.at + dt.timedelta(hours=services.VIEWING_HOURS)


def test_viewing_never_lends_the_key_to_a_resident(cab):
    from wuye.core.tests.factories import resident_user

    owner_account = resident_user(owner=cab.owner)
    with pytest.raises(BusinessRuleError) as exc:
        services.key_viewing(
            key=cab.key(), staff_member=owner_account, visitor_name="王", acting_user=cab.keeper
        )
    assert _code(exc) == "not_project_staff"


def test_viewing_names_the_visitor(cab):
    with pytest.raises(ValidationError):
        services.key_viewing(key=cab.key(), staff_member=cab.desk, visitor_name="", acting_user=cab.keeper)


def test_borrow_and_return(cab):
    key = cab.key()
    movement = cab.lend(key)
    key.refresh_from_db()
    assert key.state == KeyState.BORROWED and key.holder_user == cab.desk and key.due_back_at
    assert movement.by == cab.keeper and movement.signed  # keeper's consent, borrower's signature
    back = services.key_return(key=key, acting_user=cab.keeper)
    key.refresh_from_db()
    assert back.kind == MovementKind.RETURNED and key.state == KeyState.IN_STORE
    assert key.holder_user is None and key.due_back_at is None


def test_borrow_only_with_the_keepers_consent(cab):
    with pytest.raises(PermissionDeniedError):
        services.key_borrow(
            key=cab.key(),
            borrower=cab.desk,
            due_back_at=timezone.now() + dt.timedelta(hours=1),
            signed_name="x",
            signed=True,
            acting_user=cab.manager,
        )


def test_keeper_does_not_consent_to_their_own_loan(cab):
    with pytest.raises(PermissionDeniedError) as exc:
        cab.lend(cab.key(), borrower=cab.keeper)
    assert _code(exc) == "self_approval_forbidden"


def test_borrower_must_be_staff_of_the_project(cab):
    outsider = staff(Role.CS_ASSISTANT, Cabinet().project)
    with pytest.raises(BusinessRuleError) as exc:
        cab.lend(cab.key(), borrower=outsider)
    assert _code(exc) == "not_project_staff"


@pytest.mark.parametrize(("hours", "code"), [(-1, "due_back_not_future"), (24 * 8, "loan_too_long")])
def test_due_back_time_is_checked(cab, hours, code):
    with pytest.raises(BusinessRuleError) as exc:
        cab.lend(cab.key(), hours=hours)
    assert _code(exc) == code


def test_borrower_signs(cab):
    with pytest.raises(BusinessRuleError) as exc:
        services.key_borrow(
            key=cab.key(),
            borrower=cab.desk,
            due_back_at=timezone.now() + dt.timedelta(hours=1),
            signed_name="x",
            signed=False,
            acting_user=cab.keeper,
        )
    assert _code(exc) == "signature_missing"


def test_a_key_out_cannot_be_lent_again(cab):
    key = cab.key()
    cab.lend(key)
    with pytest.raises(BusinessRuleError) as exc:
        cab.lend(key)
    assert _code(exc) == "key_wrong_state"


def test_return_only_a_key_that_is_out(cab):
    with pytest.raises(BusinessRuleError) as exc:
        services.key_return(key=cab.key(), acting_user=cab.keeper)
    assert _code(exc) == "key_not_out"


def test_movement_cannot_predate_the_last_one(cab):
    key = cab.key()
    with pytest.raises(BusinessRuleError) as exc:
        cab.issue(key, at=key.registered_at - dt.timedelta(hours=1))
    assert _code(exc) == "event_before_previous_step"


def test_transition_table_has_every_state():
    assert set(TRANSITIONS) == set(KeyState.values)
    assert TRANSITIONS[KeyState.ISSUED] == frozenset() and TRANSITIONS[KeyState.RELEASED] == frozenset()


# --- overdue --------------------------------------------------------------------------------------


def test_overdue_keys_are_listed_and_notified_once(cab):
    late, on_time = cab.key(), cab.key()
    cab.lend(late, hours=1)
    cab.lend(on_time, hours=48)
    later = timezone.now() + dt.timedelta(hours=3)
    assert list(overdue_keys(now=later)) == [late]
    assert services.keys_overdue_sweep(now=later) == 2  # the borrower and the key keeper
    assert services.keys_overdue_sweep(now=later) == 0  # idempotent
    recipients = set(Notification.objects.filter(kind="key_overdue").values_list("recipient_id", flat=True))
    assert recipients == {cab.desk.pk, cab.keeper.pk}


def test_a_new_loan_of_the_same_key_is_notified_again(cab):
    key = cab.key()
    cab.lend(key, hours=1)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        services.keys_overdue_sweep()
        services.key_return(key=key, acting_user=cab.keeper)
        cab.lend(key, hours=1)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=4)):
        assert services.keys_overdue_sweep() == 2


def test_keys_overdue_command(cab):
    cab.lend(cab.key(), hours=1)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        call_command("keys_overdue", stdout=__import__("io").StringIO())
    assert Notification.objects.filter(kind="key_overdue").count() == 2


def test_returned_key_is_not_overdue(cab):
    key = cab.key()
    cab.lend(key, hours=1)
    services.key_return(key=key, acting_user=cab.keeper)
    assert not overdue_keys(now=timezone.now() + dt.timedelta(hours=3)).exists()


# --- abnormal release -----------------------------------------------------------------------------


def _request(cab, key=None):
    key = key or cab.key(unit=cab.new_unit)
    return services.key_release_request(
        key=key, reason="业主出国，委托亲属领取", to_name="李四", acting_user=cab.keeper
    )


def test_release_needs_both_approvals_then_the_keeper_hands_it_over(cab):
    release = _request(cab)
    key = release.key
    with pytest.raises(BusinessRuleError) as exc:
        services.key_release_complete(
            key=key, signed_name="李四", signed=True, identity_checked=True, acting_user=cab.keeper
        )
    assert _code(exc) == "release_not_approved"
    services.key_release_approve(key=key, acting_user=cab.manager)
    with pytest.raises(BusinessRuleError) as exc:
        services.key_release_complete(
            key=key, signed_name="李四", signed=True, identity_checked=True, acting_user=cab.keeper
        )
    assert _code(exc) == "release_not_approved"
    release = services.key_release_approve(key=key, acting_user=cab.boss)
    assert release.status == ReleaseStatus.APPROVED
    assert release.manager_approved_by == cab.manager and release.leadership_approved_by == cab.boss
    movement = services.key_release_complete(
        key=key, signed_name="李四", signed=True, identity_checked=True, acting_user=cab.keeper
    )
    key.refresh_from_db()
    release.refresh_from_db()
    assert key.state == KeyState.RELEASED and movement.release == release and movement.to_name == "李四"
    assert release.status == ReleaseStatus.RELEASED


def test_nobody_approves_their_own_release_request(cab):
    release = services.key_release_request(
        key=cab.key(), reason="特殊情况", to_name="李四", acting_user=cab.keeper
    )
    keeper_manager = staff(Role.PROJECT_MANAGER, cab.project)
    # a project manager who is also a keeper asks, and may not approve
    from wuye.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=keeper_manager, project=cab.project, role=Role.KEY_KEEPER)
    other = services.key_release_request(
        key=cab.key(), reason="特殊情况", to_name="王五", acting_user=keeper_manager
    )
    with pytest.raises(PermissionDeniedError) as exc:
        services.key_release_approve(key=other.key, acting_user=keeper_manager)
    assert _code(exc) == "self_approval_forbidden"
    assert release.status == ReleaseStatus.PENDING


def test_one_person_does_not_give_both_approvals(cab):
    release = _request(cab)
    services.key_release_approve(key=release.key, acting_user=cab.manager)
    with pytest.raises(PermissionDeniedError) as exc:
        services.key_release_approve(key=release.key, acting_user=cab.manager)
    assert _code(exc) == "already_approved"


def test_a_second_project_manager_cannot_stand_in_for_leadership(cab):
    release = _request(cab)
    services.key_release_approve(key=release.key, acting_user=cab.manager)
    with pytest.raises(BusinessRuleError) as exc:
        services.key_release_approve(key=release.key, acting_user=staff(Role.PROJECT_MANAGER, cab.project))
    assert _code(exc) == "approval_not_needed"


def test_release_approval_needs_the_role(cab):
    release = _request(cab)
    with pytest.raises(PermissionDeniedError):
        services.key_release_approve(key=release.key, acting_user=cab.desk)


def test_rejected_release_leaves_the_key_in_the_cabinet(cab):
    release = _request(cab)
    with pytest.raises(ValidationError):
        services.key_release_reject(key=release.key, acting_user=cab.boss, comment="")
    release = services.key_release_reject(key=release.key, acting_user=cab.boss, comment="手续不全")
    assert release.status == ReleaseStatus.REJECTED
    with pytest.raises(BusinessRuleError) as exc:
        services.key_release_approve(key=release.key, acting_user=cab.manager)
    assert _code(exc) == "no_pending_release"
    assert Key.objects.get(pk=release.key_id).state == KeyState.IN_STORE


def test_one_open_release_per_key(cab):
    release = _request(cab)
    with pytest.raises(BusinessRuleError) as exc:
        _request(cab, key=release.key)
    assert _code(exc) == "release_already_requested"


def test_release_only_of_a_key_in_the_cabinet(cab):
    key = cab.key()
    cab.lend(key)
    with pytest.raises(BusinessRuleError) as exc:
        _request(cab, key=key)
    assert _code(exc) == "key_not_in_store"


def test_release_request_says_why_and_to_whom(cab):
    with pytest.raises(ValidationError) as exc:
        services.key_release_request(key=cab.key(), reason="", to_name="", acting_user=cab.keeper)
    assert {"reason", "to_name"} <= set(exc.value.message_dict)


def test_release_complete_needs_identity_and_signature(cab):
    release = _request(cab)
    services.key_release_approve(key=release.key, acting_user=cab.manager)
    services.key_release_approve(key=release.key, acting_user=cab.boss)
    with pytest.raises(BusinessRuleError) as exc:
        services.key_release_complete(
            key=release.key, signed_name="李四", signed=True, identity_checked=False, acting_user=cab.keeper
        )
    assert _code(exc) == "identity_not_checked"
    with pytest.raises(BusinessRuleError) as exc:
        services.key_release_complete(
            key=release.key, signed_name="李四", signed=False, identity_checked=True, acting_user=cab.keeper
        )
    assert _code(exc) == "signature_missing"
    assert KeyMovement.objects.filter(key=release.key, kind=MovementKind.RELEASED).count() == 0
