from django.db import IntegrityError, transaction
from django.db.models import F

from wuye.core.models import Sequence


def next_value(key: str) -> int:
    """The next number of `key`, gap-free and safe under concurrency (must run in a transaction)."""
    with transaction.atomic():
        updated = Sequence.objects.filter(key=key).update(last=F("last") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    Sequence.objects.create(key=key, last=1)
                    return 1
            except IntegrityError:
                Sequence.objects.filter(key=key).update(last=F("last") + 1)
        return Sequence.objects.get(key=key).last
