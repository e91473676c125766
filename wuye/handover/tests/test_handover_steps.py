"""Handing over one unit (seed 000 §1, spec 04): the steps in order, each refusal saying why, and
finishing in one transaction (unit vacant, ownership from the handover day)."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError

from wuye.billing.models import Payment
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.estate.models import Ownership, Unit
from wuye.handover import services
from wuye.handover.choices import STEP_ORDER, HandoverStatus
from wuye.handover.models import HandoverStep
from wuye.handover.tests.factories import Venue
from wuye.keys.models import Key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_of_december():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        yield


@pytest.fixture
def venue():
    return Venue()


def test_the_whole_handover_makes_the_unit_vacant_and_starts_the_ownership(venue):
    handover = venue.through(venue.start(), "documents_signed")
    handover = services.handover_finish(handover=handover, acting_user=venue.assistant)
    assert handover.status == HandoverStatus.HANDED_OVER
    unit = Unit.objects.get(pk=handover.unit_id)
    assert unit.status == "vacant"
    assert unit.handover_date == dt.date(2026, 12, 1)
    ownership = Ownership.objects.get(unit=unit)
    assert ownership.owner_id == handover.owner_id
    assert ownership.start_date == dt.date(2026, 12, 1)
    assert list(HandoverStep.objects.filter(handover=handover).values_list("step", flat=True)) == list(
        STEP_ORDER
    )


def test_fees_are_six_months_from_the_handover_day_and_paid_through_billing(venue):
    handover = venue.through(venue.start(area="100.00"), "paid")
    # ¥2.50/m² × 100 m² + ¥10 fixed = ¥260 a month, six months from 1 December
    assert (handover.fees_start, handover.fees_end) == (dt.date(2026, 12, 1), dt.date(2027, 5, 31))
    assert handover.fees_amount == Decimal("1560.00")
    payment = Payment.objects.get(pk=handover.payment_id)
    assert payment.amount == Decimal("1560.00")
    assert payment.unit_id == handover.unit_id


def test_fees_from_mid_month_are_prorated_by_day():
    with time_machine.travel("2026-12-16 10:00 +0800", tick=False):
        venue = Venue()
        handover = venue.through(venue.start(area="100.00"), "fees_computed")
    assert (handover.fees_start, handover.fees_end) == (dt.date(2026, 12, 16), dt.date(2027, 6, 15))
    # 16/31 of December + January–May + 15/30 of June, at ¥260 a month
    expected = (Decimal(260) * (Decimal(16) / 31 + 5 + Decimal(15) / 30)).quantize(Decimal("0.01"))
    assert handover.fees_amount == expected


@pytest.mark.parametrize("index", range(1, len(STEP_ORDER) - 1))
def test_a_step_before_its_predecessor_is_refused_naming_the_next_step(venue, index):
    handover = venue.through(venue.start(), STEP_ORDER[index - 2]) if index > 1 else venue.start()
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, STEP_ORDER[index], signed=True)
    assert exc.value.code == "step_out_of_order"
    assert "step" in exc.value.fields


def test_a_step_done_twice_is_refused(venue):
    handover = venue.through(venue.start(), "documents_collected")
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "roster_verified", name="张三", id_number=handover.buyer[1])
    assert exc.value.code == "step_done"


def test_finish_is_refused_before_the_last_step(venue):
    handover = venue.through(venue.start(), "keys_prepared")
    with pytest.raises(BusinessRuleError) as exc:
        services.handover_finish(handover=handover, acting_user=venue.assistant)
    assert exc.value.code == "steps_missing"
    assert Unit.objects.get(pk=handover.unit_id).status == "not_handed_over"


def test_unknown_step_and_finish_through_complete_step_are_refused(venue):
    handover = venue.start()
    for step, code in (("dance", "unknown_step"), ("recorded", "finish_is_separate")):
        with pytest.raises(BusinessRuleError) as exc:
            venue.step(handover, step)
        assert exc.value.code == code


# --- step 1: the roster --------------------------------------------------------------------------


def test_a_different_id_number_blocks_and_says_so(venue):
    handover = venue.start(name="张三")
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "roster_verified", name="张三", id_number="110105198001010011")
    assert exc.value.code == "roster_mismatch"
    assert set(exc.value.fields) == {"id_number"}


def test_a_different_name_blocks_and_says_so(venue):
    handover = venue.start(name="张三")
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "roster_verified", name="张三丰", id_number=handover.buyer[1])
    assert exc.value.code == "roster_mismatch"
    assert set(exc.value.fields) == {"name"}


def test_name_and_id_both_different_name_both(venue):
    handover = venue.start(name="张三")
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "roster_verified", name="王五", id_number="110105198001010011")
    assert set(exc.value.fields) == {"name", "id_number"}


def test_a_different_contract_number_blocks(venue):
    handover = venue.start()
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(
            handover, "roster_verified", name="张三", id_number=handover.buyer[1], contract_number="HT-X"
        )
    assert set(exc.value.fields) == {"contract_number"}


def test_a_unit_missing_from_the_roster_is_refused(venue):
    unit = venue.books.unit(handover=None)
    handover = services.handover_start(batch=venue.batch, unit=unit, acting_user=venue.assistant)
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "roster_verified", name="张三", id_number="110105198001010011")
    assert exc.value.code == "not_in_roster"


def test_roster_step_needs_name_and_id(venue):
    with pytest.raises(ValidationError) as exc:
        venue.step(venue.start(), "roster_verified", name="")
    assert set(exc.value.message_dict) == {"name", "id_number"}


# --- steps 2 to 8 -------------------------------------------------------------------------------


def test_documents_need_the_id_copied(venue):
    handover = venue.through(venue.start(), "roster_verified")
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "documents_collected", id_copied=False)
    assert exc.value.code == "id_not_copied"


@pytest.mark.parametrize("missing", ["emergency_mobile", "birthday", "mobile"])
def test_an_incomplete_owner_archive_is_refused_naming_the_field(venue, missing):
    handover = venue.through(venue.start(), "documents_collected")
    body = {"mobile": "13812345678", "emergency_mobile": "13912345678", "birthday": dt.date(1980, 5, 1)}
    del body[missing]
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "archive_completed", **body)
    assert exc.value.code == "archive_incomplete"
    assert set(exc.value.fields) == {missing}


def test_the_archive_step_completes_an_existing_owner_record(venue):
    from wuye.core.tests.factories import OwnerFactory

    handover = venue.start()
    owner = OwnerFactory(
        project=venue.project, name="张三", id_number=handover.buyer[1], mobile="13800001111"
    )
    handover = venue.through(handover, "documents_collected")
    handover = venue.step(
        handover, "archive_completed", emergency_mobile="13912345678", birthday=dt.date(1980, 5, 1)
    )
    owner.refresh_from_db()
    assert handover.owner_id == owner.pk
    assert owner.emergency_mobile == "13912345678"
    assert owner.mobile == "13800001111"


def test_the_safety_letter_must_be_signed(venue):
    handover = venue.through(venue.start(), "archive_completed")
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "safety_letter_signed", signed=False)
    assert exc.value.code == "safety_letter_unsigned"


def test_fees_need_a_fee_schedule(venue):
    from wuye.billing.models import FeeItem

    FeeItem.objects.filter(project=venue.project).update(is_active=False)
    handover = venue.through(venue.start(), "safety_letter_signed")
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "fees_computed")
    assert exc.value.code == "no_fee_schedule"


def test_area_fees_need_the_building_area(venue):
    handover = venue.through(venue.start(), "safety_letter_signed")
    Unit.objects.filter(pk=handover.unit_id).update(building_area=None)
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "fees_computed")
    assert exc.value.code == "unit_without_area"


def test_only_the_cashier_takes_the_payment(venue):
    handover = venue.through(venue.start(), "fees_computed")
    with pytest.raises(PermissionDeniedError):
        services.handover_complete_step(
            handover=handover, step="paid", acting_user=venue.assistant, method="cash"
        )
    assert not Payment.objects.filter(unit_id=handover.unit_id).exists()


def test_a_payment_by_wechat_needs_its_reference(venue):
    handover = venue.through(venue.start(), "fees_computed")
    with pytest.raises(ValidationError) as exc:
        venue.step(handover, "paid", method="wechat")
    assert "reference" in exc.value.message_dict


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"key_count": 0, "handbooks": True}, "no_keys"),
        ({"key_count": 2, "handbooks": False}, "handbooks_missing"),
        ({"key_count": 2, "handbooks": True, "rectification_key_number": "K-1"}, "no_owner_consent"),
        (
            {"key_count": 2, "handbooks": True, "rectification_key_number": "K-1", "owner_consent": True},
            "no_open_defect",
        ),
    ],
)
def test_keys_step_refusals(venue, body, code):
    handover = venue.through(venue.start(), "paid")
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "keys_prepared", **body)
    assert exc.value.code == code


def test_a_rectification_key_is_kept_with_consent_on_the_open_defects(venue):
    handover = venue.through(venue.start(), "paid")
    defect = services.defect_create(
        handover=handover,
        item="卫生间墙砖空鼓",
        location="主卫",
        responsible_party="中建三局（保修期内）",
        due_date=dt.date(2026, 12, 15),
        acting_user=venue.assistant,
    )
    handover = venue.step(
        handover,
        "keys_prepared",
        key_count=3,
        handbooks=True,
        rectification_key_number="K-0101",
        owner_consent=True,
        key_storage_location="A-07",
    )
    defect.refresh_from_db()
    assert handover.rectification_key_number == "K-0101"
    assert (defect.rectification_key_number, defect.owner_consent) == ("K-0101", True)
    # the key is in the register as kept for rectification, entrusted by the owner, in store
    key = Key.objects.get(pk=handover.rectification_key_id)
    assert (key.number, key.source, key.entrusted_by_id) == ("K-0101", "rectification", handover.owner_id)
    assert key.storage_location == "A-07"
    assert key.movements.count() == 1


def test_the_rectification_key_needs_its_cabinet(venue):
    handover = venue.through(venue.start(), "paid")
    services.defect_create(
        handover=handover,
        item="卫生间墙砖空鼓",
        location="主卫",
        responsible_party="中建三局（保修期内）",
        due_date=dt.date(2026, 12, 15),
        acting_user=venue.assistant,
    )
    with pytest.raises(ValidationError) as exc:
        venue.step(
            handover,
            "keys_prepared",
            key_count=3,
            handbooks=True,
            rectification_key_number="K-0101",
            owner_consent=True,
        )
    assert "storage_location" in exc.value.message_dict
    handover.refresh_from_db()
    assert handover.last_step == "paid"
    assert not Key.objects.filter(unit=handover.unit).exists()


def test_the_document_receipt_must_be_signed(venue):
    handover = venue.through(venue.start(), "keys_prepared")
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "documents_signed", receipt_signed=False)
    assert exc.value.code == "receipt_unsigned"


def test_a_step_cannot_be_dated_before_the_previous_one(venue):
    handover = venue.through(venue.start(), "roster_verified")
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(
            handover, "documents_collected", id_copied=True, at=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
        )
    assert exc.value.code == "event_before_previous_step"


# --- start, not taken, finish -------------------------------------------------------------------


def test_a_unit_already_handed_over_cannot_start(venue):
    unit = venue.books.unit()  # owner-occupied since 2024
    with pytest.raises(BusinessRuleError) as exc:
        services.handover_start(batch=venue.batch, unit=unit, acting_user=venue.assistant)
    assert exc.value.code == "unit_already_handed_over"


def test_a_unit_has_one_handover_form(venue):
    handover = venue.start()
    with pytest.raises(BusinessRuleError) as exc:
        services.handover_start(batch=venue.batch, unit=handover.unit, acting_user=venue.assistant)
    assert exc.value.code == "handover_exists"


def test_a_unit_of_another_building_than_the_batch_is_refused(venue):
    from wuye.core.tests.factories import BuildingFactory

    other = BuildingFactory(project=venue.project)
    venue.batch.buildings.set([other])
    unit, _name, _id = venue.unit()
    with pytest.raises(BusinessRuleError) as exc:
        services.handover_start(batch=venue.batch, unit=unit, acting_user=venue.assistant)
    assert exc.value.code == "unit_not_in_batch"


def test_not_taken_needs_a_reason_and_stops_the_steps_until_resumed(venue):
    handover = venue.through(venue.start(), "roster_verified")
    with pytest.raises(BusinessRuleError) as exc:
        services.handover_not_taken(handover=handover, reason=" ", acting_user=venue.assistant)
    assert exc.value.code == "reason_required"
    handover = services.handover_not_taken(handover=handover, reason="业主出差", acting_user=venue.assistant)
    with pytest.raises(BusinessRuleError) as exc:
        venue.step(handover, "documents_collected", id_copied=True)
    assert exc.value.code == "handover_not_in_progress"
    services.handover_resume(handover=handover, acting_user=venue.assistant)
    handover = venue.step(handover, "documents_collected", id_copied=True)
    assert handover.last_step == "documents_collected"


def test_finish_on_another_day_than_the_handover_day_is_refused(venue):
    handover = venue.through(venue.start(), "documents_signed")
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False), pytest.raises(BusinessRuleError) as exc:
        services.handover_finish(handover=handover, acting_user=venue.assistant)
    assert exc.value.code == "finish_other_day"


def test_finish_is_all_or_nothing(venue):
    handover = venue.through(venue.start(), "documents_signed")
    with (
        mock.patch(
            "wuye.handover.services.units.estate.ownership_create",
            side_effect=BusinessRuleError("ownership_exists", "boom"),
        ),
        pytest.raises(BusinessRuleError),
    ):
        services.handover_finish(handover=handover, acting_user=venue.assistant)
    handover.refresh_from_db()
    unit = Unit.objects.get(pk=handover.unit_id)
    assert handover.status == HandoverStatus.IN_PROGRESS
    assert handover.last_step == "documents_signed"
    assert unit.status == "not_handed_over"
    assert unit.handover_date is None
    assert not unit.status_changes.exists()


def test_a_finished_handover_cannot_finish_again(venue):
    handover = venue.through(venue.start(), "documents_signed")
    services.handover_finish(handover=handover, acting_user=venue.assistant)
    with pytest.raises(BusinessRuleError) as exc:
        services.handover_finish(handover=handover, acting_user=venue.assistant)
    assert exc.value.code == "handover_not_in_progress"


def test_a_role_without_handover_manage_cannot_record_a_step(venue):
    from wuye.core.roles import Role
    from wuye.core.tests.factories import staff

    handover = venue.start()
    with pytest.raises(PermissionDeniedError):
        services.handover_complete_step(
            handover=handover,
            step="roster_verified",
            acting_user=staff(Role.SECURITY, venue.project),
            name="张三",
            id_number=handover.buyer[1],
        )
