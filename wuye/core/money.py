"""Money is Decimal yuan with two places; one rounding rule: to the fen, half-up."""

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_money(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be built from float; pass str, int or Decimal")
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def money_sum(queryset, field: str = "amount") -> Decimal:
    """Σ field over the queryset, as money. Rounds to the fen: SQLite sums decimals as binary
    floats (0.1 + 0.2 ≠ 0.3), PostgreSQL exactly; both then agree."""
    from django.db.models import Sum

    return to_money(queryset.aggregate(s=Sum(field))["s"] or 0)
