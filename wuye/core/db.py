"""Row locking that behaves the same on PostgreSQL and SQLite."""

from django.db import connection
from django.db.models import F


def lock_row(model, pk, *, queryset=None):
    """Lock one row for the rest of the transaction and return it (read through `queryset`, e.g.
    with its select_related, when given).

    PostgreSQL: SELECT … FOR UPDATE. SQLite has no row locks and ignores FOR UPDATE, so take the
    database write lock first with a no-op write: a concurrent writer then waits (busy timeout)
    and reads the committed state, instead of both reading the old state (and the loser failing on
    its first write with "database is locked" instead of a business error).
    """
    if connection.vendor == "sqlite":
        model.objects.filter(pk=pk).update(**{model._meta.pk.attname: pk})
    # of=("self",): only this row is locked, so a select_related of a nullable relation (an outer
    # join, which PostgreSQL cannot lock) may come along
    return (queryset if queryset is not None else model.objects).select_for_update(of=("self",)).get(pk=pk)


def lock_rows(model, pks) -> None:
    """Lock many rows at once, in primary-key order (two batches never wait on each other in a
    circle). The same no-op write as `lock_row` on SQLite; one SELECT … FOR UPDATE on PostgreSQL."""
    pks = sorted(set(pks))
    if not pks:
        return
    if connection.vendor == "sqlite":
        attname = model._meta.pk.attname
        model.objects.filter(pk__in=pks).update(**{attname: F(attname)})
        return
    list(model.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))
