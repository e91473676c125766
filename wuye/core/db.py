"""Row locking that behaves the same on PostgreSQL and SQLite."""

from django.db import connection


def lock_row(model, pk):
    """Lock one row for the rest of the transaction and return it.

    PostgreSQL: SELECT … FOR UPDATE. SQLite has no row locks and ignores FOR UPDATE, so take the
    database write lock first with a no-op write: a concurrent writer then waits (busy timeout)
    and reads the committed state, instead of both reading the old state.
    """
    if connection.vendor == "sqlite":
        model.objects.filter(pk=pk).update(**{model._meta.pk.attname: pk})
    return model.objects.select_for_update().get(pk=pk)
