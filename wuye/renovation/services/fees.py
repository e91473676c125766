"""Renovation fees at the cashier (spec 04 step 9): the deposit, the management service fee, the
debris removal fee and the worker passes, against the project's public fee standard in billing.

The fees are charges (source "renovation"); the deposit is a payment held in billing's deposit
ledger and linked to the renovation, refunded only through it three months after acceptance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.choices import ChargeBasis, ChargeSource, DepositPurpose
from wuye.billing.models import Charge, FeeItem
from wuye.billing.services.charges import charge_create, rate_on
from wuye.billing.services.deposits import deposit_held
from wuye.billing.services.payments import payment_create
from wuye.core import access
from wuye.core.audit import event_time
from wuye.core.errors import BusinessRuleError
from wuye.core.money import to_money
from wuye.renovation.choices import FEE_ITEM_CODES, FeeKind, RenovationStatus
from wuye.renovation.models import Renovation, RenovationFee
from wuye.renovation.services import common

if TYPE_CHECKING:
    from wuye.accounts.models import User

ZERO = Decimal("0.00")
#: the fees that are charges (the deposit is held, not charged)
CHARGED_KINDS = (FeeKind.MANAGEMENT, FeeKind.DEBRIS, FeeKind.PASS)
FEE_PERMS = ("renovation.take_fees", "billing.take_payment")


@dataclass(frozen=True)
class FeeLine:
    """One line of the fee part of the application form: what the cashier fills in."""

    kind: str
    label: str
    fee_item: FeeItem
    basis: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal


def active_workers(renovation: Renovation):
    return renovation.workers.filter(returned_at__isnull=True)


def _quantity(renovation: Renovation, kind: str, item: FeeItem) -> Decimal:
    if kind == FeeKind.PASS:
        return Decimal(active_workers(renovation).count())
    if item.basis == ChargeBasis.AREA_MONTH:
        return renovation.unit.building_area or ZERO
    return Decimal(1)


def fees_quote(renovation: Renovation, *, on: dt.date | None = None) -> list[FeeLine]:
    """Every renovation fee with its rate on `on` (default today) from the public fee standard;
    400 naming each fee whose fee item or tariff is missing, and the passes when no worker is
    registered yet (passes are charged per worker)."""
    on = on or timezone.localdate()
    items = {
        item.code: item
        for item in FeeItem.objects.filter(project_id=renovation.project_id, code__in=FEE_ITEM_CODES.values())
    }
    lines, missing = [], {}
    for kind in FeeKind:
        code = FEE_ITEM_CODES[kind]
        item = items.get(code)
        if item is None:
            missing[kind.value] = [
                _("%(fee)s: the fee standard has no fee item “%(code)s”.") % {"fee": kind.label, "code": code}
            ]
            continue
        rate = rate_on(item, on, unit_use=renovation.unit.use)
        if rate is None:
            missing[kind.value] = [
                _("%(fee)s: no tariff of “%(item)s” is in force on %(day)s.")
                % {"fee": kind.label, "item": item.name, "day": on.isoformat()}
            ]
            continue
        quantity = _quantity(renovation, kind, item)
        if kind == FeeKind.PASS and quantity == 0:
            missing[kind.value] = [
                _("Worker passes: register the workers first (passes are charged per worker).")
            ]
            continue
        if item.basis == ChargeBasis.AREA_MONTH and not quantity:
            missing[kind.value] = [_("%(fee)s: the unit has no building area.") % {"fee": kind.label}]
            continue
        lines.append(
            FeeLine(
                kind=kind.value,
                label=str(kind.label),
                fee_item=item,
                basis=item.basis,
                quantity=quantity,
                rate=rate,
                amount=to_money(quantity * rate),
            )
        )
    common.refuse_if_missing("renovation_fees_incomplete", missing)
    return lines


def charge_late_pass(*, renovation: Renovation, worker, acting_user: User) -> RenovationFee | None:
    """A worker registered after the fees were charged pays the pass of the fee standard then: a
    charge of its own (collected by the cashier), recorded as a pass fee of that worker. Nothing
    before the fees are charged (fees_charge counts every registered worker)."""
    if renovation.fees_charged_at is None:
        return None
    item = FeeItem.objects.filter(project_id=renovation.project_id, code=FEE_ITEM_CODES[FeeKind.PASS]).first()
    rate = rate_on(item, timezone.localdate(), unit_use=renovation.unit.use) if item is not None else None
    if item is None or rate is None:
        message = _("Worker passes: the fee standard has no pass fee in force; the pass cannot be charged.")
        raise BusinessRuleError("renovation_fees_incomplete", message, {FeeKind.PASS.value: [message]})
    amount = to_money(rate)
    charge = None
    if amount > 0:
        charge = charge_create(
            unit=renovation.unit,
            fee_item=item,
            amount=amount,
            rate=rate,
            description=_("%(fee)s, renovation %(number)s: %(worker)s")
            % {"fee": FeeKind.PASS.label, "number": renovation.number, "worker": worker.pass_number},
            acting_user=acting_user,
            source=ChargeSource.RENOVATION,
        )
    return RenovationFee.objects.create(
        renovation=renovation,
        kind=FeeKind.PASS,
        quantity=1,
        rate=rate,
        amount=amount,
        charge=charge,
        worker=worker,
    )


def fees_charged(renovation: Renovation) -> bool:
    return renovation.fees_charged_at is not None


def deposit_is_held(renovation: Renovation) -> bool:
    deposit = renovation.deposit
    return deposit is not None and deposit.closed_at is None and deposit_held(deposit) > 0


@transaction.atomic
def fees_charge(
    *,
    renovation: Renovation,
    method: str,
    acting_user: User,
    reference: str = "",
    payer: str = "",
    pay_fees: bool = True,
    received_at: dt.datetime | None = None,
) -> Renovation:
    """The cashier charges the renovation fees of the fee standard (approved renovations only):
    the management fee, debris removal and the passes become charges (source "renovation", one
    RenovationFee row each); the deposit is taken as a payment held in the deposit ledger and
    linked to the renovation. With `pay_fees` the charges are paid at once by the same method."""
    access.require_any(acting_user, FEE_PERMS, renovation.project_id)
    renovation = common.lock(renovation)
    if renovation.status != RenovationStatus.APPROVED:
        message = _("Fees are taken once the renovation is approved and before the work starts.")
        raise BusinessRuleError("renovation_not_approved", message, {"status": [message]})
    if renovation.fees_charged_at is not None:
        message = _("The renovation fees were already charged on %(day)s.") % {
            "day": timezone.localtime(renovation.fees_charged_at).date().isoformat()
        }
        raise BusinessRuleError("renovation_fees_charged", message, {"fees": [message]})
    when = event_time(received_at)
    lines = {line.kind: line for line in fees_quote(renovation, on=timezone.localdate(when))}
    charges = []
    for kind in CHARGED_KINDS:
        line = lines[kind]
        if line.amount <= 0:
            RenovationFee.objects.create(
                renovation=renovation, kind=kind, quantity=line.quantity, rate=line.rate, amount=line.amount
            )
            continue
        charge = charge_create(
            unit=renovation.unit,
            fee_item=line.fee_item,
            amount=line.amount,
            quantity=line.quantity,
            rate=line.rate,
            description=_("%(fee)s, renovation %(number)s")
            % {"fee": line.label, "number": renovation.number},
            acting_user=acting_user,
            source=ChargeSource.RENOVATION,
        )
        charges.append(charge)
        RenovationFee.objects.create(
            renovation=renovation,
            kind=kind,
            quantity=line.quantity,
            rate=line.rate,
            amount=line.amount,
            charge=charge,
        )
    deposit_line = lines[FeeKind.DEPOSIT]
    if deposit_line.amount > 0:
        result = payment_create(
            unit=renovation.unit,
            method=method,
            amount=deposit_line.amount,
            idempotency_key=f"renovation:{renovation.pk}:deposit",
            acting_user=acting_user,
            received_at=when,
            reference=reference,
            payer=payer,
            note=_("Renovation deposit %(number)s") % {"number": renovation.number},
            deposit_purpose=DepositPurpose.RENOVATION,
            deposit_reference=renovation.number,
        )
        renovation.deposit = result.payment.deposit
    RenovationFee.objects.create(
        renovation=renovation,
        kind=FeeKind.DEPOSIT,
        quantity=deposit_line.quantity,
        rate=deposit_line.rate,
        amount=deposit_line.amount,
    )
    if pay_fees and charges:
        # prepaid credit may already have settled some of them: pay only what is still open
        still_open = list(
            Charge.objects.filter(pk__in=[c.pk for c in charges], allocated__lt=F("amount")).values(
                "pk", "amount", "allocated"
            )
        )
        open_total = sum((row["amount"] - row["allocated"] for row in still_open), ZERO)
        if open_total > 0:
            payment_create(
                unit=renovation.unit,
                method=method,
                amount=to_money(open_total),
                idempotency_key=f"renovation:{renovation.pk}:fees",
                acting_user=acting_user,
                charge_ids=[row["pk"] for row in still_open],
                received_at=when,
                reference=reference,
                payer=payer,
                note=_("Renovation fees %(number)s") % {"number": renovation.number},
            )
    renovation.fees_charged_at = when
    renovation._change_reason = "fees charged"  # type: ignore[attr-defined]
    renovation.save()
    return renovation
