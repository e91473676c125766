from django.db import IntegrityError, transaction
from django.db.models import F

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
