"""Temporary storage and lending at the desk (seed 000 §14): every rule and refusal of the services,
compensation at the original price through billing, the refused categories setting."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.choices import ChargeSource
from wuye.billing.models import Charge, Payment, Receipt
from wuye.billing.services.charges import LOST_OR_DAMAGED_CODE
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.fakes import make_resident_id
from wuye.core.roles import Role
from wuye.core.tests.factories import UnitFactory, staff
from wuye.frontdesk.choices import DEFAULT_REFUSED_STORAGE, LendableState, StorageCategory, StorageStatus
from wuye.frontdesk.models import StorageCheck
from wuye.frontdesk.selectors_storage_lending import overdue_loans, overdue_stored_items, refused_categories
from wuye.frontdesk.services import storage_lending as services
from wuye.frontdesk.tests.factories_storage_lending import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def _rule(exc_info) -> BusinessRuleError:
    return exc_info.value


# --- deposit -------------------------------------------------------------------------------------------


def test_deposit_records_who_what_condition_and_pickup_time(desk):
    item = desk.store(depositor_mobile="13812345678")
    assert item.status == StorageStatus.STORED
    assert item.received_by == desk.assistant and item.unit == desk.unit
    assert item.history.first().history_user == desk.assistant


@pytest.mark.parametrize("category", list(DEFAULT_REFUSED_STORAGE))
def test_default_refused_categories_are_refused_naming_the_category(desk, category):
    with pytest.raises(BusinessRuleError) as exc:
        desk.store(category=category)
    assert exc.value.code == "storage_refused"
    assert str(StorageCategory(category).label) in exc.value.message
    assert exc.value.fields["category"] == [exc.value.message]


def test_refused_categories_follow_the_project_setting(desk):
    desk.project.settings = {"frontdesk": {"refused_storage": ["luggage", "not-a-category"]}}
    desk.project.save()
    assert refused_categories(desk.project) == ("luggage",)
    with pytest.raises(BusinessRuleError) as exc:
        desk.store(category=StorageCategory.LUGGAGE)
    assert _("this project's rules refuse it") in exc.value.message
    # cash is no longer refused in this project
    assert desk.store(category=StorageCategory.CASH).category == "cash"


def test_default_when_no_setting(desk):
    assert set(refused_categories(desk.project)) == {str(c) for c in DEFAULT_REFUSED_STORAGE}


def test_deposit_missing_fields_and_bad_input(desk):
    with pytest.raises(ValidationError) as exc:
        services.storage_deposit(
            project=desk.project,
            depositor=" ",
            category="luggage",
            description="",
            quantity=0,
            condition="",
            expected_pickup_at=timezone.now() + dt.timedelta(hours=1),
            depositor_mobile="12",
            unit=UnitFactory(),
            acting_user=desk.assistant,
        )
    assert set(exc.value.message_dict) == {
        "depositor",
        "description",
        "quantity",
        "condition",
        "depositor_mobile",
        "unit",
    }


def test_deposit_pickup_time_must_be_later_than_now(desk):
    with pytest.raises(BusinessRuleError) as exc:
        desk.store(hours=-1)
    assert exc.value.code == "pickup_not_future" and "expected_pickup_at" in exc.value.fields
    with pytest.raises(ValidationError):
        services.storage_deposit(
            project=desk.project,
            depositor="王",
            category="luggage",
            description="箱",
            quantity=1,
            condition="好",
            expected_pickup_at=None,
            acting_user=desk.assistant,
        )


def test_deposit_needs_the_desk_permission(desk):
    with pytest.raises(PermissionDeniedError):
        services.storage_deposit(
            project=desk.project,
            depositor="王",
            category="luggage",
            description="箱",
            quantity=1,
            condition="好",
            expected_pickup_at=timezone.now() + dt.timedelta(hours=1),
            acting_user=desk.guard,
        )
    outsider = staff(Role.CS_ASSISTANT, Desk().project)
    with pytest.raises(PermissionDeniedError):
        services.storage_deposit(
            project=desk.project,
            depositor="王",
            category="luggage",
            description="箱",
            quantity=1,
            condition="好",
            expected_pickup_at=timezone.now() + dt.timedelta(hours=1),
            acting_user=outsider,
        )


# --- pick-up -------------------------------------------------------------------------------------------


def _pickup(desk, item, **overrides):
    fields = {
        "picker_name": "王先生",
        "stated_item": "行李箱",
        "stated_deposited_on": timezone.localtime(item.deposited_at).date(),
        "id_type": "resident_id",
        "id_number": make_resident_id(),
        "condition_at_pickup": "完好",
        "condition_checked": True,
        "acting_user": desk.assistant,
    }
    fields.update(overrides)
    return services.storage_pickup(item=item, **fields)


def test_pickup_registers_id_and_condition(desk):
    item = _pickup(desk, desk.store())
    assert item.status == StorageStatus.PICKED_UP and item.handed_by == desk.assistant
    assert item.picker_id_type == "resident_id" and len(item.picker_id_number) == 18
    assert item.condition_at_pickup == "完好" and item.picked_up_at is not None


def test_pickup_needs_the_id_type_and_number_and_a_valid_resident_id(desk):
    item = desk.store()
    with pytest.raises(ValidationError) as exc:
        _pickup(desk, item, id_type="", id_number="")
    assert {"id_type", "id_number"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        _pickup(desk, item, id_number="110105199001011234")
    assert "id_number" in exc.value.message_dict
    # a passport is not checked against the resident ID rules
    assert _pickup(desk, item, id_type="passport", id_number="E12345678").status == "picked_up"


def test_pickup_refused_when_the_statement_does_not_match(desk):
    item = desk.store()
    with pytest.raises(BusinessRuleError) as exc:
        _pickup(desk, item, stated_item="自行车", stated_deposited_on=dt.date(2020, 1, 1))
    assert exc.value.code == "pickup_details_wrong"
    assert set(exc.value.fields) == {"stated_item", "stated_deposited_on"}


def test_pickup_refused_without_the_condition_checked_together(desk):
    item = desk.store()
    with pytest.raises(BusinessRuleError) as exc:
        _pickup(desk, item, condition_checked=False)
    assert exc.value.code == "condition_not_checked"
    with pytest.raises(ValidationError) as exc:
        _pickup(desk, item, condition_at_pickup="")
    assert "condition_at_pickup" in exc.value.message_dict


def test_pickup_twice_is_refused(desk):
    item = _pickup(desk, desk.store())
    with pytest.raises(BusinessRuleError) as exc:
        _pickup(desk, item)
    assert exc.value.code == "storage_not_stored"


# --- overdue and contacted --------------------------------------------------------------------------


def test_overdue_list_and_customer_contacted(desk):
    late = desk.overdue_item(description="纸箱")
    desk.store()
    assert list(overdue_stored_items()) == [late]
    item = services.storage_contacted(item=late, note="电话通知，明天来取", acting_user=desk.assistant)
    assert item.contacted_at is not None and item.contact_note == "电话通知，明天来取"


def test_contacted_refused_when_not_overdue_or_no_note_or_picked_up(desk):
    with pytest.raises(BusinessRuleError) as exc:
        services.storage_contacted(item=desk.store(), note="x", acting_user=desk.assistant)
    assert exc.value.code == "storage_not_overdue"
    late = desk.overdue_item()
    with pytest.raises(ValidationError):
        services.storage_contacted(item=late, note=" ", acting_user=desk.assistant)
    _pickup(desk, late)
    with pytest.raises(BusinessRuleError) as exc:
        services.storage_contacted(item=late, note="x", acting_user=desk.assistant)
    assert exc.value.code == "storage_not_stored"


# --- the daily check --------------------------------------------------------------------------------


def test_daily_check_counts_items_on_record_once_a_day(desk):
    desk.store()
    desk.store(description="雨衣")
    _pickup(desk, desk.store(description="书包"), stated_item="书包")
    check = services.storage_check_record(project=desk.project, items_found=2, acting_user=desk.assistant)
    assert (check.items_expected, check.items_found, check.day) == (2, 2, timezone.localdate())
    with pytest.raises(BusinessRuleError) as exc:
        services.storage_check_record(project=desk.project, items_found=2, acting_user=desk.supervisor)
    assert exc.value.code == "storage_check_done"
    assert StorageCheck.objects.filter(project=desk.project).count() == 1


def test_daily_check_difference_needs_a_note(desk):
    desk.store()
    with pytest.raises(BusinessRuleError) as exc:
        services.storage_check_record(project=desk.project, items_found=0, acting_user=desk.assistant)
    assert exc.value.code == "storage_check_difference" and "note" in exc.value.fields
    check = services.storage_check_record(
        project=desk.project, items_found=0, note="客户已口头取回，待补登记", acting_user=desk.assistant
    )
    assert check.items_expected == 1


def test_daily_check_needs_the_desk(desk):
    with pytest.raises(PermissionDeniedError):
        services.storage_check_record(project=desk.project, items_found=0, acting_user=desk.manager)


# --- lending ----------------------------------------------------------------------------------------


def test_register_lendable_item_rules(desk):
    item = desk.lendable()
    assert item.state == LendableState.AVAILABLE and item.original_price == Decimal("35.00")
    with pytest.raises(ValidationError) as exc:
        services.lendable_item_register(
            project=desk.project, code="U-01", name="", original_price="-1", acting_user=desk.assistant
        )
    assert set(exc.value.message_dict) == {"code", "name", "original_price"}
    with pytest.raises(ValidationError) as exc:
        services.lendable_item_register(
            project=desk.project, code="U-02", name="伞", original_price="abc", acting_user=desk.assistant
        )
    assert "original_price" in exc.value.message_dict


def test_lend_and_return_in_good_condition(desk):
    item = desk.lendable()
    loan = desk.lend(item)
    item.refresh_from_db()
    assert item.state == LendableState.LENT and loan.condition_out == "完好"
    loan = services.loan_return(loan=loan, outcome="good", condition_in="完好", acting_user=desk.supervisor)
    item.refresh_from_db()
    assert item.state == LendableState.AVAILABLE and loan.compensation is None and loan.charge is None
    assert loan.returned_to == desk.supervisor


def test_lend_refusals(desk):
    item = desk.lendable()
    with pytest.raises(ValidationError) as exc:
        services.loan_lend(
            item=item,
            borrower="",
            condition_out="",
            due_back_at=timezone.now() + dt.timedelta(hours=1),
            unit=UnitFactory(),
            acting_user=desk.assistant,
        )
    assert set(exc.value.message_dict) == {"borrower", "condition_out", "unit"}
    with pytest.raises(BusinessRuleError) as exc:
        desk.lend(item, hours=-1)
    assert exc.value.code == "due_back_not_future"
    desk.lend(item)
    with pytest.raises(BusinessRuleError) as exc:
        desk.lend(item)
    assert exc.value.code == "lendable_wrong_state"
    with pytest.raises(PermissionDeniedError):
        services.loan_lend(
            item=desk.lendable(code="U-09"),
            borrower="x",
            condition_out="好",
            due_back_at=timezone.now() + dt.timedelta(hours=1),
            acting_user=desk.guard,
        )


def test_damaged_item_is_charged_to_the_unit_at_the_original_price(desk):
    item = desk.lendable(price="48.50")
    loan = services.loan_return(
        loan=desk.lend(item), outcome="damaged", condition_in="伞骨折断", acting_user=desk.assistant
    )
    item.refresh_from_db()
    assert item.state == LendableState.REPAIR and item.condition == "伞骨折断"
    charge = Charge.objects.get(pk=loan.charge_id)
    assert charge.amount == Decimal("48.50") == loan.compensation
    assert charge.unit == desk.unit and charge.source == ChargeSource.FRONT_DESK
    assert charge.fee_item.code == LOST_OR_DAMAGED_CODE and loan.walk_in_payment is None
    repaired = services.item_repaired(item=item, condition="已修好", acting_user=desk.assistant)
    assert repaired.state == LendableState.AVAILABLE and repaired.condition == "已修好"


def test_lost_item_without_a_unit_is_paid_on_the_spot_at_the_original_price(desk):
    item = desk.lendable(price="60.00")
    loan = desk.lend(item, unit=None, borrower="访客张先生")
    loan = services.loan_return(loan=loan, outcome="lost", acting_user=desk.assistant)
    item.refresh_from_db()
    assert item.state == LendableState.LOST and loan.charge is None
    payment = Payment.objects.get(pk=loan.walk_in_payment_id)
    assert payment.amount == Decimal("60.00") == loan.compensation and payment.unit is None
    assert payment.payer == "访客张先生" and Receipt.objects.filter(payment=payment).exists()
    charge = payment.allocations.get().charge
    assert charge.source == ChargeSource.FRONT_DESK and charge.fee_item.code == LOST_OR_DAMAGED_CODE
    replaced = services.item_replaced(item=item, acting_user=desk.assistant)
    assert replaced.state == LendableState.AVAILABLE


def test_lost_item_of_a_unit_is_charged(desk):
    loan = services.loan_return(loan=desk.lend(desk.lendable()), outcome="lost", acting_user=desk.assistant)
    assert Charge.objects.get(pk=loan.charge_id).amount == Decimal("35.00")


def test_walk_in_compensation_by_a_non_cash_method_needs_its_reference(desk):
    loan = desk.lend(desk.lendable(), unit=None)
    with pytest.raises(ValidationError) as exc:
        services.loan_return(loan=loan, outcome="lost", payment_method="wechat", acting_user=desk.assistant)
    assert "payment_reference" in exc.value.message_dict


def test_a_free_item_is_not_charged(desk):
    loan = services.loan_return(
        loan=desk.lend(desk.lendable(price="0")),
        outcome="damaged",
        condition_in="破",
        acting_user=desk.assistant,
    )
    assert loan.compensation == Decimal("0.00") and loan.charge is None and loan.walk_in_payment is None


def test_return_refusals(desk):
    loan = desk.lend(desk.lendable())
    with pytest.raises(ValidationError) as exc:
        services.loan_return(loan=loan, outcome="good", condition_in="", acting_user=desk.assistant)
    assert "condition_in" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.loan_return(loan=loan, outcome="stolen", condition_in="x", acting_user=desk.assistant)
    assert "outcome" in exc.value.message_dict
    services.loan_return(loan=loan, outcome="good", condition_in="好", acting_user=desk.assistant)
    with pytest.raises(BusinessRuleError) as exc:
        services.loan_return(loan=loan, outcome="good", condition_in="好", acting_user=desk.assistant)
    assert exc.value.code == "loan_closed"


def test_repaired_replaced_retire_follow_the_states(desk):
    item = desk.lendable()
    with pytest.raises(BusinessRuleError):
        services.item_repaired(item=item, acting_user=desk.assistant)
    with pytest.raises(BusinessRuleError):
        services.item_replaced(item=item, acting_user=desk.assistant)
    with pytest.raises(ValidationError):
        services.item_retire(item=item, reason="", acting_user=desk.assistant)
    desk.lend(item)
    with pytest.raises(BusinessRuleError) as exc:
        services.item_retire(item=item, reason="旧了", acting_user=desk.assistant)
    assert exc.value.code == "lendable_wrong_state"
    other = desk.lendable(code="U-02")
    assert services.item_retire(item=other, reason="旧了", acting_user=desk.assistant).state == "retired"
    with pytest.raises(BusinessRuleError):
        desk.lend(other)


def test_overdue_loans(desk):
    late = desk.overdue_loan(desk.lendable())
    desk.lend(desk.lendable(code="U-02"))
    assert list(overdue_loans()) == [late]
