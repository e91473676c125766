"""Money is Decimal yuan with two places; one rounding rule: to the fen, half-up."""

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")

# The one money field: yuan to the fen. Models, forms and serializers spread it into their
# DecimalField (`DecimalField(_("amount"), **MONEY)`); queries use `money_output()`.
MONEY = {"max_digits": 14, "decimal_places": 2}


def money_output():
    """The output field of a money expression (Sum, Coalesce, Case) in the ORM."""
    from django.db.models import DecimalField

    return DecimalField(**MONEY)


def to_money(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be built from float; pass str, int or Decimal")
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def money_sum(queryset, field: str = "amount") -> Decimal:
    """Σ field over the queryset, as money. Rounds to the fen: SQLite sums decimals as binary
    floats (0.1 + 0.2 ≠ 0.3), PostgreSQL exactly; both then agree."""
    from django.db.models import Sum

    return to_money(queryset.aggregate(s=Sum(field))["s"] or 0)
