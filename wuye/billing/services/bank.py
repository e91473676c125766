"""Bank collection (银行托收) result files.

CSV layout (UTF-8, header row required, comma-separated):

    unit_code,amount,bank_reference,paid_on
    1-1-1201,356.40,B20261126000123,2026-11-26

`amount` in yuan with up to two decimals; `paid_on` ISO date; `bank_reference` unique per
transaction (it is the idempotency key: importing the same file twice pays nothing twice).
All rows or none: any bad row rejects the file with a report of every bad row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.choices import PaymentMethod
from wuye.billing.services.batch import PaymentRow, payment_batch_create
from wuye.core import access
from wuye.estate.models import Unit

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Project

REQUIRED = ("unit_code", "amount", "bank_reference", "paid_on")


def bank_import(*, project: Project, text: str, acting_user: User) -> dict:
    access.require_perm(acting_user, "billing.take_payment", project.pk)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or any(col not in reader.fieldnames for col in REQUIRED):
        raise ValidationError(
            {"file": [_("The file needs the columns: %(cols)s") % {"cols": ", ".join(REQUIRED)}]}
        )
    units = dict(Unit.objects.filter(project=project).values_list("code", "id"))
    rows: list[tuple[int, Decimal, str, dt.date]] = []
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        reasons = []
        unit_id = units.get((row.get("unit_code") or "").strip())
        if unit_id is None:
            reasons.append(_("Unknown unit %(code)s.") % {"code": row.get("unit_code")})
        try:
            parsed = Decimal((row.get("amount") or "").strip())
            exponent = parsed.as_tuple().exponent
            if parsed <= 0 or not isinstance(exponent, int) or exponent < -2:
                raise InvalidOperation
            amount: Decimal | None = parsed
        except InvalidOperation:
            reasons.append(_("Invalid amount."))
            amount = None
        reference = (row.get("bank_reference") or "").strip()
        if not reference:
            reasons.append(_("Missing bank reference."))
        elif reference in seen:
            reasons.append(_("Repeated bank reference."))
        seen.add(reference)
        paid_on: dt.date | None
        try:
            paid_on = dt.date.fromisoformat((row.get("paid_on") or "").strip())
            if paid_on > timezone.localdate():
                reasons.append(_("The payment date is in the future."))
        except ValueError:
            reasons.append(_("Invalid date."))
            paid_on = None
        if reasons:
            errors[f"row {number}"] = reasons
        elif unit_id is not None and amount is not None and paid_on is not None:  # no reasons: all three read
            rows.append((unit_id, amount, reference, paid_on))
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError({"file": [_("The file has no rows.")]})
    now = timezone.now()
    result = payment_batch_create(
        project=project,
        rows=[
            PaymentRow(
                unit_id=unit_id,
                method=PaymentMethod.BANK,
                amount=amount,
                idempotency_key=f"bank:{project.pk}:{reference}",
                reference=reference,
                received_at=min(timezone.make_aware(dt.datetime.combine(paid_on, dt.time(12))), now),
            )
            for unit_id, amount, reference, paid_on in rows
        ],
        acting_user=acting_user,
    )
    return {"paid": result.paid, "already_imported": result.already_recorded, "total": result.total}
