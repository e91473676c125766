"""Issue 10: `manage.py backup <file>` and `manage.py restore <file>` (wuye/core/backup.py) carry the
whole database over: a project with units, charge runs and a payment is backed up, restored into a
fresh database, and every model's row count and every unit's balance come back the same; a restore
refuses a database that holds data unless --force.

Each side runs in its own child process on its own database (a SQLite file under tmp_path; on
PostgreSQL two scratch databases next to the test database), as in test_sqlite_concurrency.py.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]

FIGURES = """
import json
from django.apps import apps
from wuye.billing.selectors import unit_account
from wuye.estate.models import Unit
counts = {m._meta.label: m._base_manager.count() for m in apps.get_models(include_auto_created=True)}
balances = {u.code: [str(unit_account(u)[k]) for k in ("charged", "paid", "credit", "balance")]
            for u in Unit.objects.order_by("code")}
print("FIGURES " + json.dumps({"counts": counts, "balances": balances}))
"""

BUILD = (
    """
import datetime as dt, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from wuye.billing.tests.factories import Books
books = Books()
units = [books.unit(code=f"1-1-{n}") for n in (101, 102, 103)]
books.run(start=dt.date(2026, 10, 1))
books.run(start=dt.date(2026, 11, 1))
books.pay(units[0], "300.00")
books.pay(units[1], "1000.00")  # more than owed: a prepayment credit
call_command("backup", BACKUP)
"""
    + FIGURES
)

RESTORE = (
    """
import django
django.setup()
from django.core.management import call_command
call_command("restore", BACKUP, *FLAGS)
"""
    + FIGURES
)


def _child(database_url: str, code: str, **values) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    prelude = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    return subprocess.run(
        [sys.executable, "-c", prelude + code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def _figures(done: subprocess.CompletedProcess) -> dict:
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("FIGURES "))
    return json.loads(line.removeprefix("FIGURES "))


def _round_trip(source_url: str, fresh_url: str, backup: Path):
    before = _figures(_child(source_url, BUILD, BACKUP=str(backup)))
    assert backup.stat().st_size > 0
    assert before["counts"]["billing.Charge"] >= 6 and before["counts"]["billing.Payment"] == 2
    assert len({tuple(b) for b in before["balances"].values()}) == 3  # three different balances
    assert any(b[3] not in ("0.00", "0") for b in before["balances"].values())

    after = _figures(_child(fresh_url, RESTORE, BACKUP=str(backup), FLAGS=[]))
    assert after == before

    # the source holds data: a restore over it needs --force
    refused = _child(source_url, RESTORE, BACKUP=str(backup), FLAGS=[])
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert _figures(_child(source_url, RESTORE, BACKUP=str(backup), FLAGS=["--force"])) == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip runs with the SQLite suite")
def test_sqlite_backup_restores_every_row_and_balance(tmp_path):
    _round_trip(
        f"sqlite:///{tmp_path / 'source.sqlite3'}",
        f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        tmp_path / "wuye.backup.sqlite3",
    )


@pytest.mark.django_db(transaction=True)  # CREATE DATABASE runs outside a transaction
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (the suite on DATABASE_URL=postgres://…)"
)
def test_postgresql_backup_restores_every_row_and_balance(tmp_path):
    db = connection.settings_dict
    names = [f"wuye_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "fresh")]
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db.get("PASSWORD") else f"{db['USER']}@"
    urls = [f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}" for name in names]
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        _round_trip(*urls, tmp_path / "wuye.dump")
    finally:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_refuses_to_overwrite_a_file_and_restore_a_missing_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    existing = tmp_path / "old.backup"
    existing.write_text("keep me")
    code = """
import django
django.setup()
from django.core.management import call_command, CommandError
for args in (["backup", EXISTING], ["restore", MISSING], ["restore", EXISTING]):
    try:
        call_command(*args)
        print("ran", args[0])
    except CommandError as exc:
        print("refused", args[0], exc)
"""
    done = _child(url, code, EXISTING=str(existing), MISSING=str(tmp_path / "missing"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("refused backup") and "--force" in lines[0]
    assert lines[1].startswith("refused restore") and "no backup file" in lines[1]
    assert lines[2].startswith("refused restore") and "not an SQLite backup" in lines[2]
    assert existing.read_text() == "keep me"
