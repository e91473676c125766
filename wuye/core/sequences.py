from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When

from wuye.core.models import Sequence


def next_value(key: str, count: int = 1) -> int:
    """The next number of `key`, gap-free and safe under concurrency (must run in a transaction).

    With `count`, reserves that many numbers at once and returns the last of them (the block is
    `last - count + 1 … last`)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    with transaction.atomic():
        updated = Sequence.objects.filter(key=key).update(last=F("last") + count)
        if not updated:
            try:
                with transaction.atomic():
                    Sequence.objects.create(key=key, last=count)
                    return count
            except IntegrityError:
                Sequence.objects.filter(key=key).update(last=F("last") + count)
        return Sequence.objects.get(key=key).last


def next_values(counts: Mapping[str, int]) -> dict[str, int]:
    """`next_value` for many keys at once (`counts`: key → how many numbers to reserve): the last
    number reserved per key, in a few statements whatever the number of keys. Missing counters are
    created (a concurrent creator wins quietly), then all are incremented in one UPDATE, which
    holds their rows to the end of the transaction as `next_value` does."""
    if any(count < 1 for count in counts.values()):
        raise ValueError("count must be at least 1")
    if not counts:
        return {}
    with transaction.atomic():
        Sequence.objects.bulk_create([Sequence(key=key, last=0) for key in counts], ignore_conflicts=True)
        step = Case(*(When(key=key, then=Value(count)) for key, count in counts.items()))
        Sequence.objects.filter(key__in=list(counts)).update(last=F("last") + step)
        return dict(Sequence.objects.filter(key__in=list(counts)).values_list("key", "last"))
