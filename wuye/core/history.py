"""django-simple-history's `HistoricalRecords`, with its per-instance manager built once.

simple_history's `history` descriptor makes a new manager *class* (`Manager.from_queryset`, which
inspects every method of the queryset) each time it is read, and it is read on every save of a
model with history: about half a millisecond per save. The manager class depends only on the
manager and queryset classes, so it is built once and reused. Use this class in models instead
of `simple_history.models.HistoricalRecords`.
"""

from __future__ import annotations

import functools

from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords as _HistoricalRecords


class CachedHistoryManager(HistoryManager):
    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class HistoricalRecords(_HistoricalRecords):
    def __init__(self, *args, history_manager=CachedHistoryManager, **kwargs):
        super().__init__(*args, history_manager=history_manager, **kwargs)
