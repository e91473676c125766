#!/usr/bin/env python
"""Demo-load benchmark (not a test): how long a new user waits for `make run`'s demo, and what a
bank collection file of many rows costs.

1. `load_demo` into a fresh, migrated SQLite file (the default database of `make run`): wall time
   of the first load, with the SQL statements it ran, then the second run (idempotent: nothing to
   do). `--repeat N` takes the best of N fresh loads (the machine may be shared).
2. `payment_batch_create` (what a bank collection file goes through) for `--rows` payments of
   one project into that demo database, against the same payments one `payment_create` each:
   wall time and statements of both.

    .venv/bin/python bench/demo.py                  # one load, 2,000-row bank file
    .venv/bin/python bench/demo.py --repeat 3 --rows 5000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def run(db: Path, code: str) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    return subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


LOAD = """
import time, django
django.setup()
from django.core.management import call_command
from django.db import connection
count = [0]
def counter(execute, sql, params, many, context):
    count[0] += 1
    return execute(sql, params, many, context)
with connection.execute_wrapper(counter):
    started = time.perf_counter()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    print(f"{time.perf_counter() - started:.2f} {count[0]}")
"""

BATCH = """
import time, datetime as dt, django
django.setup()
from decimal import Decimal
from django.db import connection, transaction
from django.utils import timezone
from wuye.accounts.models import User
from wuye.billing import services
from wuye.billing.services import PaymentRow
from wuye.estate.models import Project, Unit
ROWS = {rows}
project = Project.objects.get(code="cuihu")
cashier = User.objects.get(username="cashier")
units = list(Unit.objects.filter(project=project, handover_date__isnull=False).order_by("pk"))
at = timezone.now() - dt.timedelta(hours=1)
def rows(prefix):
    return [
        PaymentRow(unit_id=units[i % len(units)].pk, method="bank", amount=Decimal("123.45"),
                   idempotency_key=f"{{prefix}}-{{i}}", reference=f"B{{prefix}}{{i}}", received_at=at)
        for i in range(ROWS)
    ]
count = [0]
def counter(execute, sql, params, many, context):
    count[0] += 1
    return execute(sql, params, many, context)
class Rollback(Exception):
    pass
for label in ("batch", "one by one"):
    count[0] = 0
    try:
        with connection.execute_wrapper(counter), transaction.atomic():
            started = time.perf_counter()
            if label == "batch":
                services.payment_batch_create(project=project, rows=rows("b"), acting_user=cashier)
            else:
                by_pk = {{u.pk: u for u in units}}
                for row in rows("s"):
                    services.payment_create(unit=by_pk[row.unit_id], method=row.method, amount=row.amount,
                                            idempotency_key=row.idempotency_key, reference=row.reference,
                                            received_at=row.received_at, acting_user=cashier)
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    print(f"{{label}} {{elapsed:.2f}} {{count[0]}}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        loads = []
        for n in range(args.repeat):
            db = Path(tmp) / f"demo{n}.sqlite3"
            run(
                db,
                "import django; django.setup(); from django.core.management import call_command; "
                "call_command('migrate', verbosity=0)",
            )
            seconds, statements = run(db, LOAD).split()
            loads.append((float(seconds), int(statements)))
        best = min(loads)
        again = run(db, LOAD).split()
        print(
            f"load_demo, first load:  {best[0]:6.2f} s  {best[1]:6d} SQL statements"
            + (f"  (all: {', '.join(f'{s:.2f}' for s, _ in loads)})" if args.repeat > 1 else "")
        )
        print(f"load_demo, second run:  {float(again[0]):6.2f} s  {int(again[1]):6d} SQL statements")
        for line in run(db, BATCH.format(rows=args.rows)).splitlines():
            label, seconds, statements = line.rsplit(" ", 2)
            per = float(seconds) / args.rows * 1000
            print(
                f"{args.rows} bank payments, {label:10}: {float(seconds):6.2f} s  {int(statements):6d} SQL statements"
                f"  ({per:.2f} ms per payment)"
            )


if __name__ == "__main__":
    main()
