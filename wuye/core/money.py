"""Money is Decimal yuan with two places; one rounding rule: to the fen, half-up."""

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_money(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be built from float; pass str, int or Decimal")
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)
