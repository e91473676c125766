"""Temporary storage and lending at the desk (seed 000 §14; spec 05 "Temporary storage", "Lending").

Storage: the desk keeps items for a short time only; the refused categories (a project setting) are
never taken; a pick-up is checked against what the customer states, the collector's ID is
registered and the condition checked together; every day the duty staff checks the stored items;
items past their pick-up time are listed and the customer contacted.

Lending: umbrellas and other convenience items are lent with their condition recorded; an item lost
or returned damaged is compensated at its original price through billing (a charge on the
borrower's unit, or paid on the spot by a borrower without one) and then repaired or replaced.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuye.billing.choices import ChargeSource, PaymentMethod
from wuye.billing.services.charges import LOST_OR_DAMAGED_CODE, charge_create, system_fee_item
from wuye.billing.services.walk_in import walk_in_payment_create
from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.core.money import to_money
from wuye.core.validators import normalize_mobile, normalize_resident_id
from wuye.estate.choices import IdType
from wuye.estate.models import Project
from wuye.frontdesk.choices import (
    LENDABLE_TRANSITIONS,
    LendableState,
    ReturnOutcome,
    StorageCategory,
    StorageStatus,
)
from wuye.frontdesk.models import LendableItem, Loan, StorageCheck, StoredItem
from wuye.frontdesk.selectors_storage_lending import refused_categories, stored_now

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Unit

DESK = "frontdesk.desk"

#: why the desk refuses each category (seed 000 §14); a category refused by a project's own setting
#: without a reason here is refused "by the project's rules"
REFUSAL_REASONS: dict[str, Any] = {
    StorageCategory.PERISHABLE: gettext_lazy("it spoils and cannot be kept at the desk"),
    StorageCategory.IMPORTANT_DOCUMENTS: gettext_lazy(
        "the desk cannot take responsibility for important documents"
    ),
    StorageCategory.CASH: gettext_lazy("the desk does not keep money"),
    StorageCategory.VOUCHERS: gettext_lazy("vouchers and coupons are as good as money"),
    StorageCategory.PRECISION: gettext_lazy("it is easily damaged and the desk cannot protect it"),
    StorageCategory.FRAGILE: gettext_lazy("it breaks easily"),
    StorageCategory.VALUABLES: gettext_lazy("the desk cannot take responsibility for valuables"),
    StorageCategory.DANGEROUS: gettext_lazy("it endangers people and the building"),
}


def _require_text(value: str, field: str, message: str, errors: dict) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = [message]
    return value


def _unit_of_project(unit: Unit | None, project_id: int, errors: dict) -> None:
    if unit is not None and unit.project_id != project_id:
        errors["unit"] = [_("The unit belongs to another project.")]


def _mobile(value: str, field: str, errors: dict) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return normalize_mobile(value)
    except ValidationError as exc:
        errors[field] = exc.messages
        return value


def _future(
    value: dt.datetime | None, *, after: dt.datetime, field: str, code: str, message: str
) -> dt.datetime:
    if value is None:
        raise ValidationError({field: [_("This field is required.")]})
    if value <= max(after, timezone.now()):
        raise BusinessRuleError(code, message, {field: [message]})
    return value


# --- temporary storage ------------------------------------------------------------------------------


def check_storable(project: Project, category: str) -> None:
    """Refuse a category the project does not store, naming it and why (seed 000 §14)."""
    if category not in StorageCategory.values:
        raise ValidationError({"category": [_("Choose a category.")]})
    if category in refused_categories(project):
        label = StorageCategory(category).label
        reason = REFUSAL_REASONS.get(category) or _("this project's rules refuse it")
        message = _("The desk does not store %(category)s: %(reason)s.") % {
            "category": label,
            "reason": reason,
        }
        raise BusinessRuleError("storage_refused", message, {"category": [message]})


@transaction.atomic
def storage_deposit(
    *,
    project: Project,
    depositor: str,
    category: str,
    description: str,
    quantity: int,
    condition: str,
    expected_pickup_at: dt.datetime | None,
    acting_user: User,
    unit: Unit | None = None,
    depositor_mobile: str = "",
    at: dt.datetime | None = None,
) -> StoredItem:
    """An item left at the desk (寄存物品申请表): who leaves it, what, how many, its condition and
    when it will be picked up (later than now). The refused categories are never taken."""
    access.require_perm(acting_user, DESK, project.pk)
    errors: dict[str, list[str]] = {}
    depositor = _require_text(depositor, "depositor", _("Say who leaves the item."), errors)
    description = _require_text(description, "description", _("Describe the item."), errors)
    condition = _require_text(condition, "condition", _("Record the item's condition as it is left."), errors)
    depositor_mobile = _mobile(depositor_mobile, "depositor_mobile", errors)
    _unit_of_project(unit, project.pk, errors)
    if quantity is None or quantity < 1:
        errors["quantity"] = [_("The quantity must be at least 1.")]
    if errors:
        raise ValidationError(errors)
    check_storable(project, category)
    deposited_at = event_time(at)
    expected_pickup_at = _future(
        expected_pickup_at,
        after=deposited_at,
        field="expected_pickup_at",
        code="pickup_not_future",
        message=_("The expected pick-up time must be later than now."),
    )
    item = StoredItem(
        project=project,
        unit=unit,
        depositor=depositor,
        depositor_mobile=depositor_mobile,
        category=category,
        description=description,
        quantity=quantity,
        condition=condition,
        deposited_at=deposited_at,
        expected_pickup_at=expected_pickup_at,
        received_by=acting_user,
    )
    stamp(item, acting_user).save()
    return item


def _id_document(id_type: str, id_number: str, errors: dict) -> tuple[str, str]:
    id_number = (id_number or "").strip()
    if not id_type:
        errors["id_type"] = [_("Register the collector's ID: choose its type.")]
    elif id_type not in IdType.values:
        errors["id_type"] = [_("Choose an ID type.")]
    if not id_number:
        errors["id_number"] = [_("Register the collector's ID: enter its number.")]
    elif id_type == IdType.RESIDENT_ID:
        try:
            id_number = normalize_resident_id(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    return id_type, id_number


def _same_item(stated: str, recorded: str) -> bool:
    stated, recorded = stated.casefold().replace(" ", ""), recorded.casefold().replace(" ", "")
    return bool(stated) and (stated in recorded or recorded in stated)


@transaction.atomic
def storage_pickup(
    *,
    item: StoredItem,
    picker_name: str,
    stated_item: str,
    stated_deposited_on: dt.date | None,
    id_type: str,
    id_number: str,
    condition_at_pickup: str,
    condition_checked: bool,
    acting_user: User,
    at: dt.datetime | None = None,
) -> StoredItem:
    """The customer picks the item up (seed 000 §14): they state the item and the day it was left,
    which must match the record; the collector's ID (type and number; a resident ID is validated)
    is registered; the condition is checked together with the customer and recorded."""
    access.require_perm(acting_user, DESK, item.project_id)
    item = lock_row(StoredItem, item.pk)
    if item.status != StorageStatus.STORED:
        raise BusinessRuleError(
            "storage_not_stored",
            _("%(item)s is not stored at the desk any more (%(status)s).")
            % {"item": item.description, "status": item.get_status_display()},
        )
    errors: dict[str, list[str]] = {}
    picker_name = _require_text(picker_name, "picker_name", _("Say who picks the item up."), errors)
    stated_item = _require_text(stated_item, "stated_item", _("Ask the customer to name the item."), errors)
    if stated_deposited_on is None:
        errors["stated_deposited_on"] = [_("Ask the customer when the item was left.")]
    id_type, id_number = _id_document(id_type, id_number, errors)
    condition_at_pickup = _require_text(
        condition_at_pickup,
        "condition_at_pickup",
        _("Record the item's condition at pick-up."),
        errors,
    )
    if errors:
        raise ValidationError(errors)
    mismatched: dict[str, list[str]] = {}
    if not _same_item(stated_item, item.description):
        mismatched["stated_item"] = [_("The item stated does not match the record.")]
    if stated_deposited_on != timezone.localtime(item.deposited_at).date():
        mismatched["stated_deposited_on"] = [_("The day stated does not match the record.")]
    if mismatched:
        raise BusinessRuleError(
            "pickup_details_wrong",
            _("What the customer states does not match the record; the item is not handed over."),
            mismatched,
        )
    if not condition_checked:
        msg = _("Check the item's condition together with the customer before handing it over.")
        raise BusinessRuleError("condition_not_checked", msg, {"condition_checked": [msg]})
    item.picked_up_at = event_time(at, not_before=item.deposited_at)
    item.status = StorageStatus.PICKED_UP
    item.picker_name, item.picker_id_type, item.picker_id_number = picker_name, id_type, id_number
    item.condition_at_pickup, item.handed_by = condition_at_pickup, acting_user
    stamp(item, acting_user).save()
    return item


@transaction.atomic
def storage_contacted(
    *, item: StoredItem, note: str, acting_user: User, at: dt.datetime | None = None
) -> StoredItem:
    """The customer of an item past its pick-up time was contacted (seed 000 §14); what was said is
    noted. Only for an item still stored and overdue."""
    access.require_perm(acting_user, DESK, item.project_id)
    item = lock_row(StoredItem, item.pk)
    if item.status != StorageStatus.STORED:
        raise BusinessRuleError(
            "storage_not_stored",
            _("%(item)s is not stored at the desk any more (%(status)s).")
            % {"item": item.description, "status": item.get_status_display()},
        )
    contacted_at = event_time(at, not_before=item.deposited_at)
    if item.expected_pickup_at >= contacted_at:
        raise BusinessRuleError(
            "storage_not_overdue",
            _("%(item)s is not overdue yet: it is to be picked up by %(due)s.")
            % {
                "item": item.description,
                "due": timezone.localtime(item.expected_pickup_at).strftime("%Y-%m-%d %H:%M"),
            },
        )
    errors: dict[str, list[str]] = {}
    note = _require_text(note, "note", _("Note how the customer was contacted and what was said."), errors)
    if errors:
        raise ValidationError(errors)
    item.contacted_at, item.contact_note = contacted_at, note[:200]
    stamp(item, acting_user).save(update_fields=["contacted_at", "contact_note"])
    return item


@transaction.atomic
def storage_check_record(
    *,
    project: Project,
    items_found: int,
    acting_user: User,
    note: str = "",
    at: dt.datetime | None = None,
) -> StorageCheck:
    """The day's check of the stored items (seed 000 §14: 每日检查、核对、交接): the duty staff counts
    what is on the shelf; the items on record are what the register says the desk holds. One check
    per project and day; a difference must be explained in the note."""
    access.require_perm(acting_user, DESK, project.pk)
    lock_row(Project, project.pk)  # one check per day even when two desks post at once
    checked_at = event_time(at)
    day = timezone.localtime(checked_at).date()
    if StorageCheck.objects.filter(project=project, day=day).exists():
        raise BusinessRuleError(
            "storage_check_done",
            _("The stored items of %(day)s have already been checked.") % {"day": day.isoformat()},
        )
    if items_found is None or items_found < 0:
        raise ValidationError({"items_found": [_("Enter how many items were found.")]})
    expected = stored_now(project.pk, at=checked_at).count()
    note = (note or "").strip()
    if items_found != expected and not note:
        msg = _("%(found)s items found but %(expected)s on record: explain the difference.") % {
            "found": items_found,
            "expected": expected,
        }
        raise BusinessRuleError("storage_check_difference", msg, {"note": [msg]})
    return StorageCheck.objects.create(
        project=project,
        day=day,
        checked_at=checked_at,
        checked_by=acting_user,
        items_found=items_found,
        items_expected=expected,
        note=note[:200],
    )


# --- lending ------------------------------------------------------------------------------------------


def _wrong_state(item: LendableItem) -> BusinessRuleError:
    return BusinessRuleError(
        "lendable_wrong_state",
        _("%(item)s is %(state)s; this is not possible now.")
        % {"item": str(item), "state": item.get_state_display()},
    )


def _check_move(item: LendableItem, to_state: str) -> None:
    if to_state not in LENDABLE_TRANSITIONS[item.state]:
        raise _wrong_state(item)


def _price(value, errors: dict) -> Decimal:
    try:
        price = to_money(value if isinstance(value, Decimal) else str(value))
    except (InvalidOperation, TypeError, ValueError):
        errors["original_price"] = [_("Enter the original price.")]
        return Decimal(0)
    if price < 0:
        errors["original_price"] = [_("The original price cannot be negative.")]
    return price


@transaction.atomic
def lendable_item_register(
    *,
    project: Project,
    code: str,
    name: str,
    original_price: Decimal | str,
    acting_user: User,
    condition: str = "",
) -> LendableItem:
    """A convenience item the desk lends (便民雨伞 …), numbered, with its original price: what a lost
    or damaged item is compensated at."""
    access.require_perm(acting_user, DESK, project.pk)
    errors: dict[str, list[str]] = {}
    code = _require_text(code, "code", _("Give the item a number."), errors)
    name = _require_text(name, "name", _("Name the item."), errors)
    price = _price(original_price, errors)
    if code and LendableItem.objects.filter(project=project, code=code).exists():
        errors["code"] = [_("An item with this number is already registered.")]
    if errors:
        raise ValidationError(errors)
    item = LendableItem(
        project=project, code=code, name=name, original_price=price, condition=(condition or "").strip()
    )
    stamp(item, acting_user).save()
    return item


def _move(item: LendableItem, to_state: str, acting_user: User, *, condition: str | None = None) -> None:
    _check_move(item, to_state)
    item.state = to_state
    fields = ["state"]
    if condition is not None:
        item.condition = condition[:200]
        fields.append("condition")
    stamp(item, acting_user).save(update_fields=fields)


@transaction.atomic
def loan_lend(
    *,
    item: LendableItem,
    borrower: str,
    condition_out: str,
    due_back_at: dt.datetime | None,
    acting_user: User,
    unit: Unit | None = None,
    borrower_mobile: str = "",
    at: dt.datetime | None = None,
) -> Loan:
    """Lend an available item (《客户服务中心物品借取登记表》): the borrower (with their unit when
    they have one), the condition checked and recorded at lending, and when it is due back."""
    access.require_perm(acting_user, DESK, item.project_id)
    item = lock_row(LendableItem, item.pk)
    _check_move(item, LendableState.LENT)
    errors: dict[str, list[str]] = {}
    borrower = _require_text(borrower, "borrower", _("Say who borrows the item."), errors)
    condition_out = _require_text(
        condition_out, "condition_out", _("Record the item's condition at lending."), errors
    )
    borrower_mobile = _mobile(borrower_mobile, "borrower_mobile", errors)
    _unit_of_project(unit, item.project_id, errors)
    if errors:
        raise ValidationError(errors)
    lent_at = event_time(at)
    due_back_at = _future(
        due_back_at,
        after=lent_at,
        field="due_back_at",
        code="due_back_not_future",
        message=_("The due-back time must be later than now."),
    )
    loan = Loan(
        item=item,
        borrower=borrower,
        borrower_mobile=borrower_mobile,
        unit=unit,
        lent_at=lent_at,
        lent_by=acting_user,
        condition_out=condition_out,
        due_back_at=due_back_at,
    )
    stamp(loan, acting_user).save()
    _move(item, LendableState.LENT, acting_user, condition=condition_out)
    return loan


def loan_payment_key(loan: Loan) -> str:
    """The idempotency key of a loan's compensation paid on the spot (one payment per loan)."""
    return f"frontdesk-loan:{loan.pk}"


def _compensate(
    loan: Loan,
    item: LendableItem,
    outcome: str,
    acting_user: User,
    *,
    at: dt.datetime,
    method: str,
    reference: str,
) -> None:
    """Compensation at the ORIGINAL price (seed 000 §14: 按原价赔偿) through billing: a charge on the
    borrower's unit, or a walk-in payment on the spot for a borrower without one."""
    amount = item.original_price
    loan.compensation = amount
    if amount <= 0:
        return
    fee_item = system_fee_item(item.project, LOST_OR_DAMAGED_CODE)
    description = f"{fee_item.name} {item.code} {item.name}（{ReturnOutcome(outcome).label}）"
    day = timezone.localtime(at).date()
    if loan.unit is not None:
        loan.charge = charge_create(
            unit=loan.unit,
            fee_item=fee_item,
            amount=amount,
            description=description,
            acting_user=acting_user,
            period_start=day,
            period_end=day,
            due_date=day,
            source=ChargeSource.FRONT_DESK,
        )
        return
    try:
        paid = walk_in_payment_create(
            fee_item=fee_item,
            amount=amount,
            description=description,
            idempotency_key=loan_payment_key(loan),
            acting_user=acting_user,
            source=ChargeSource.FRONT_DESK,
            method=method,
            reference=reference,
            received_at=at,
            payer=loan.borrower,
        )
    except ValidationError as exc:  # billing names its own arguments; say ours
        names = {"method": "payment_method", "reference": "payment_reference"}
        raise ValidationError(
            {
                names.get(k, k): v
                for k, v in (getattr(exc, "message_dict", None) or {"__all__": exc.messages}).items()
            }
        ) from exc
    loan.walk_in_payment = paid.payment


OUTCOME_STATE: dict[str, str] = {
    ReturnOutcome.GOOD: LendableState.AVAILABLE,
    ReturnOutcome.DAMAGED: LendableState.REPAIR,
    ReturnOutcome.LOST: LendableState.LOST,
}


@transaction.atomic
def loan_return(
    *,
    loan: Loan,
    outcome: str,
    acting_user: User,
    condition_in: str = "",
    payment_method: str = PaymentMethod.CASH,
    payment_reference: str = "",
    at: dt.datetime | None = None,
) -> Loan:
    """The item comes back (or is reported lost), its condition checked and recorded (seed 000 §14):
    good → available again; damaged → to repair; lost → lost. Damaged or lost: compensated at the
    item's original price through billing — a charge on the borrower's unit, or, for a borrower
    without a unit, paid on the spot (`payment_method`, with its reference where the method needs
    one) with a receipt."""
    access.require_perm(acting_user, DESK, loan.item.project_id)
    loan = lock_row(Loan, loan.pk)
    if loan.returned_at is not None:
        raise BusinessRuleError("loan_closed", _("This loan is already closed."))
    item = lock_row(LendableItem, loan.item_id, queryset=LendableItem.objects.select_related("project"))
    if outcome not in ReturnOutcome.values:
        raise ValidationError({"outcome": [_("Choose how the item came back.")]})
    condition_in = (condition_in or "").strip()
    if outcome != ReturnOutcome.LOST and not condition_in:
        raise ValidationError({"condition_in": [_("Record the item's condition as it comes back.")]})
    returned_at = event_time(at, not_before=loan.lent_at)
    to_state = OUTCOME_STATE[outcome]
    _check_move(item, to_state)
    loan.returned_at, loan.returned_to, loan.outcome = returned_at, acting_user, outcome
    loan.condition_in = condition_in[:200]
    if outcome != ReturnOutcome.GOOD:
        _compensate(
            loan,
            item,
            outcome,
            acting_user,
            at=returned_at,
            method=payment_method,
            reference=(payment_reference or "").strip(),
        )
    stamp(loan, acting_user).save()
    _move(item, to_state, acting_user, condition=condition_in or item.condition)
    return loan


@transaction.atomic
def item_repaired(*, item: LendableItem, acting_user: User, condition: str = "") -> LendableItem:
    """A damaged item is back from repair and can be lent again."""
    access.require_perm(acting_user, DESK, item.project_id)
    item = lock_row(LendableItem, item.pk)
    if item.state != LendableState.REPAIR:
        raise _wrong_state(item)
    _move(item, LendableState.AVAILABLE, acting_user, condition=(condition or "").strip() or item.condition)
    return item


@transaction.atomic
def item_replaced(*, item: LendableItem, acting_user: User, condition: str = "") -> LendableItem:
    """A lost item has been replaced (上报物业部更换): the new one is lent under the same number."""
    access.require_perm(acting_user, DESK, item.project_id)
    item = lock_row(LendableItem, item.pk)
    if item.state != LendableState.LOST:
        raise _wrong_state(item)
    _move(item, LendableState.AVAILABLE, acting_user, condition=(condition or "").strip() or _("New"))
    return item


@transaction.atomic
def item_retire(*, item: LendableItem, acting_user: User, reason: str) -> LendableItem:
    """An item is no longer lent (worn out, not replaced): it stays in the register as retired."""
    access.require_perm(acting_user, DESK, item.project_id)
    item = lock_row(LendableItem, item.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the item is retired.")]})
    _move(item, LendableState.RETIRED, acting_user, condition=reason)
    return item
