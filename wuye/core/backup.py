"""Backing up and restoring the whole database (`manage.py backup <file>`, `manage.py restore <file>`).

SQLite (the embedded default): SQLite's online backup API (`sqlite3.Connection.backup`) copies a
consistent snapshot page by page while the server keeps running, and restores by copying a backup
file back over the configured database file the same way. PostgreSQL: `pg_dump -Fc` and
`pg_restore --clean --if-exists --no-owner --single-transaction` (all or nothing), with the
connection settings of DATABASES["default"]; the password goes to them in PGPASSWORD, never on the
command line.

A restore replaces everything in the database: it refuses a database that holds data unless
`force` is given. Stop the application server first (SQLite: a running worker holding the old file
open would carry on with stale connections). Tests: wuye/core/tests/test_backup.py.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.core.cache import cache
from django.db import connections


class BackupError(Exception):
    pass


def _settings(alias: str) -> dict:
    return connections[alias].settings_dict


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _sqlite_file(alias: str) -> Path:
    name = str(_settings(alias)["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"the SQLite database is not a file: {name}")
    return Path(name)


def _pg_env_and_args(alias: str) -> tuple[dict, list[str]]:
    db = _settings(alias)
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, [*args, "--dbname", str(db["NAME"])]


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


def backup(path: Path, *, alias: str = "default", overwrite: bool = False) -> None:
    """Write a backup of the whole database to `path` (written to a temporary file beside it first,
    so a failed backup never leaves half a file under the final name)."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(f"{path} exists (use --force to overwrite it)")
    vendor = _vendor(alias)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if vendor == "sqlite":
            source = sqlite3.connect(_sqlite_file(alias))
            target = sqlite3.connect(partial)
            try:
                with target:
                    source.backup(target)  # one step: a consistent snapshot, writers wait for it
            finally:
                target.close()
                source.close()
        else:
            env, args = _pg_env_and_args(alias)
            _run(["pg_dump", "--format=custom", "--file", str(partial), *args], env)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _has_data(alias: str) -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                return True
    return False


def restore(path: Path, *, alias: str = "default", force: bool = False) -> None:
    """Replace the whole database with the backup at `path`; refuses a database that holds data
    unless `force`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    vendor = _vendor(alias)
    if vendor == "sqlite":
        _check_sqlite_backup(path)
    if _has_data(alias) and not force:
        raise BackupError("the database holds data; a restore replaces all of it (use --force)")
    connections[alias].close()
    if vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_file(alias), timeout=20)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        env, args = _pg_env_and_args(alias)
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(path)],
            env,
        )
    cache.clear()  # cached copies of the old data (the working-day calendar) would be stale


def _check_sqlite_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            ok = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not an SQLite backup: {exc}") from exc
    if not ok or "django_migrations" not in tables:
        raise BackupError(f"{path} is not a backup of this application's database")
