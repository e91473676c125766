"""Issue 10: on SQLite (the embedded default), parallel writers wait for each other instead of
failing with "database is locked" (IMMEDIATE transactions, a busy timeout, WAL; config/settings).

Each case runs in a child process on a fresh SQLite *file* (the test database is in memory,
where these settings cannot be seen), with 20 threads, each its own connection.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SETUP = """
import os, threading, time
import django
django.setup()
from django.db import OperationalError, connection, connections, transaction
errors = []
def run(work, n=20):
    def target(i):
        try:
            work(i)
        except OperationalError as exc:
            errors.append(str(exc))
        finally:
            connections.close_all()
    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
"""

READ_THEN_WRITE = """
with connection.cursor() as c:
    c.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)")
def work(i):
    with transaction.atomic():  # reads, then writes: a deferred transaction could not wait here
        with connection.cursor() as c:
            c.execute("SELECT count(*) FROM t")
            time.sleep(0.02)
            c.execute("INSERT INTO t (n) VALUES (%s)", [i])
run(work)
with connection.cursor() as c:
    c.execute("SELECT count(*) FROM t")
    print(c.fetchone()[0], len(errors), errors[:1])
"""

SERVICES = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
from wuye.accounts.choices import Role
from wuye.core.tests.factories import OwnerFactory, staff
from wuye.estate import services
from wuye.estate.models import Owner
owner = OwnerFactory()
user = staff(Role.CS_SUPERVISOR, owner.project)
def work(i):
    services.owner_update(owner=Owner.objects.get(pk=owner.pk), acting_user=user, notes=f"note {i}")
run(work)
print(owner.history.count() - 1, len(errors), errors[:1])
"""


def _child(tmp_path, code: str) -> list[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'wuye.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    done = subprocess.run(
        [sys.executable, "-c", SETUP + code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split(maxsplit=2)


def test_twenty_transactions_that_read_then_write_all_commit(tmp_path):
    rows, errors, first = _child(tmp_path, READ_THEN_WRITE)
    assert (rows, errors) == ("20", "0"), first


@pytest.mark.django_db  # nothing in the test database; the child has its own
def test_twenty_parallel_owner_updates_all_commit(tmp_path):
    saved, errors, first = _child(tmp_path, SERVICES)
    assert (saved, errors) == ("20", "0"), first
