"""On PostgreSQL the database itself refuses overlapping rentals of one space (an exclusion
constraint over the rental's date range). SQLite has no such constraint: there the service's
lock on the space row is the guard."""

from django.db import migrations

SQL = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE parking_rental ADD CONSTRAINT rental_no_overlap
    EXCLUDE USING gist (space_id WITH =, daterange(start_date, COALESCE(ended_on, end_date), '[]') WITH &&);
"""
REVERSE = "ALTER TABLE parking_rental DROP CONSTRAINT IF EXISTS rental_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("parking", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
