"""IC cards with their deposits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.services import (
    deposit_refund_request,
    payment_create,
)
from wuye.core import access
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.parking.models import Card, Rental
from wuye.parking.services.spaces import card_deposit_amount

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.billing.models import DepositRefund


@transaction.atomic
def card_issue(
    *,
    rental: Rental,
    number: str,
    acting_user: User,
    method: str = "cash",
    reference: str = "",
    idempotency_key: str = "",
) -> Card:
    """IC cards only for monthly rentals; the deposit (default ¥50) is taken into the deposit ledger.
    `reference` is the payer's transaction reference, required for every method but cash; the card
    number is the deposit's own reference."""
    access.require_perm(acting_user, "billing.take_payment", rental.project_id)
    rental = lock_row(Rental, rental.pk)
    today = timezone.localdate()
    if rental.end_date < today or (rental.ended_on and rental.ended_on < today):
        raise BusinessRuleError("rental_ended", _("Cards are issued only for current monthly rentals."))
    unit = rental.unit
    if unit is None:
        raise BusinessRuleError("no_account", _("The rental has no unit account to hold the card deposit."))
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": [_("Enter the card number.")]})
    if Card.objects.filter(
        project_id=rental.project_id, number=number, returned_at__isnull=True, lost_at__isnull=True
    ).exists():
        raise ValidationError({"number": [_("This card is already in use.")]})
    # The default key counts the rental's earlier cards: a number returned and issued again to the same
    # rental is a new deposit, not a replay of the first one (whose deposit belongs to the returned card).
    default_key = f"card:{rental.pk}:{number}:{rental.cards.count()}"
    paid = payment_create(
        unit=unit,
        method=method,
        amount=card_deposit_amount(rental.project),
        idempotency_key=idempotency_key or default_key,
        acting_user=acting_user,
        deposit_purpose="ic_card",
        reference=reference,
        deposit_reference=number,
        note=_("IC card deposit"),
    )
    return Card.objects.create(
        project_id=rental.project_id,
        number=number,
        rental=rental,
        deposit=paid.payment.deposit,
        issued_at=timezone.now(),
        issued_by=acting_user,
    )


@transaction.atomic
def card_return(*, card: Card, acting_user: User, lost: bool = False) -> DepositRefund:
    """A returned card's deposit goes to refund (approved by the project manager); a lost card's
    deposit is kept as the deduction."""
    access.require_perm(acting_user, "billing.take_payment", card.project_id)
    card = lock_row(Card, card.pk)
    if card.returned_at or card.lost_at:
        raise BusinessRuleError("card_closed", _("This card is already returned or reported lost."))
    if lost:
        card.lost_at = timezone.now()
        deductions = [{"reason": _("Card lost"), "amount": str(card.deposit.amount)}]
    else:
        card.returned_at = timezone.now()
        deductions = []
    card.save(update_fields=["returned_at", "lost_at"])
    return deposit_refund_request(deposit=card.deposit, deductions=deductions, acting_user=acting_user)
