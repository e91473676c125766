"""Temporary stays at the gate: open, quote and close (cash as a receipted walk-in payment)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.choices import ChargeSource
from wuye.billing.services import (
    charge_create,
    walk_in_payment_create,
)
from wuye.billing.services.charges import TEMP_PARKING_CODE, system_fee_item
from wuye.core import access
from wuye.core.audit import event_time
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.parking import tariff as tariffs
from wuye.parking.models import Session
from wuye.parking.plates import normalize_plate
from wuye.parking.services.rentals import session_payment_key

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Project, Unit


def session_open(
    *, project: Project, plate: str, acting_user: User, entered_at: dt.datetime | None = None
) -> Session:
    access.require_perm(acting_user, "parking.gate", project.pk)
    try:
        plate = normalize_plate(plate)
    except ValidationError as exc:
        raise ValidationError({"plate": exc.messages}) from exc
    try:
        with transaction.atomic():
            return Session.objects.create(
                project=project, plate=plate, entered_at=event_time(entered_at), opened_by=acting_user
            )
    except IntegrityError as exc:
        raise BusinessRuleError(
            "session_open", _("This vehicle is already inside."), {"plate": [_("Already inside.")]}
        ) from exc


def fee_quote(*, project: Project, entered_at: dt.datetime, exited_at: dt.datetime) -> dict:
    if exited_at < entered_at:
        raise ValidationError({"exited_at": [_("The exit cannot be before the entry.")]})
    return tariffs.quote(tariffs.Tariff.for_project(project), entered_at, exited_at)


@transaction.atomic
def session_close(
    *,
    session: Session,
    acting_user: User,
    settlement: str = Session.Settlement.CASH,
    unit: Unit | None = None,
    exited_at: dt.datetime | None = None,
) -> Session:
    """Close a stay at the quoted fee: cash at the gate (a walk-in billing payment with its receipt;
    the stay's `charge` is the walk-in charge it paid), or a charge on the unit's account."""
    access.require_perm(acting_user, "parking.gate", session.project_id)
    session = lock_row(Session, session.pk)
    if session.exited_at is not None:
        raise BusinessRuleError("session_closed", _("This stay is already closed."))
    exited = event_time(exited_at, not_before=session.entered_at)
    result = fee_quote(project=session.project, entered_at=session.entered_at, exited_at=exited)
    amount = result["amount"]
    if settlement == Session.Settlement.ACCOUNT:
        if unit is None or unit.project_id != session.project_id:
            raise ValidationError({"unit": [_("Choose the unit of this project to charge.")]})
        if amount > 0:
            session.charge = charge_create(
                unit=unit,
                fee_item=system_fee_item(session.project, TEMP_PARKING_CODE),
                amount=amount,
                description=f"临时停车 {session.plate}",
                acting_user=acting_user,
                source=ChargeSource.PARKING,
                period_start=timezone.localtime(session.entered_at).date(),
                period_end=timezone.localtime(exited).date(),
            )
        session.unit = unit
    elif settlement != Session.Settlement.CASH and not (
        settlement == Session.Settlement.FREE and amount == 0
    ):
        # "free" only records a stay that cost nothing; a fee is never waived at the gate
        raise ValidationError({"settlement": [_("Choose cash or the unit's account.")]})
    elif amount > 0:
        # cash at the gate: a walk-in billing payment with its receipt (issue 9), once per stay
        paid = walk_in_payment_create(
            fee_item=system_fee_item(session.project, TEMP_PARKING_CODE),
            amount=amount,
            source=ChargeSource.PARKING,
            description=f"临时停车 {session.plate}",
            acting_user=acting_user,
            received_at=exited,
            period_start=timezone.localtime(session.entered_at).date(),
            period_end=timezone.localtime(exited).date(),
            idempotency_key=session_payment_key(session),
            payer=session.plate,
        )
        session.charge = paid.payment.allocations.get(reverses__isnull=True).charge
    if amount == 0:
        settlement = Session.Settlement.FREE
    session.exited_at, session.amount, session.settlement, session.closed_by = (
        exited,
        amount,
        settlement,
        acting_user,
    )
    session.breakdown = {
        "day_rule": result["day_rule"],
        "minutes": result["minutes"],
        "days": [
            {"from": d["from"].isoformat(), "to": d["to"].isoformat(), "charged": str(d["charged"])}
            for d in result["days"]
        ],
    }
    session.save()
    return session
