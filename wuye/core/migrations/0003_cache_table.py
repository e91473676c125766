"""The shared cache's table (`wuye_cache`) when settings.CACHES uses the database cache.

`migrate` on a fresh database creates it, so no extra `createcachetable` step is needed; with Redis
(or the test settings' local-memory cache) this does nothing.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_tables(apps, schema_editor):
    connection = schema_editor.connection
    existing = set(connection.introspection.table_names())
    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache, BaseDatabaseCache) and cache._table in existing:
            schema_editor.execute(f"DROP TABLE {connection.ops.quote_name(cache._table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_sequence"),
    ]

    operations = [
        migrations.RunPython(create_cache_tables, drop_cache_tables),
    ]
