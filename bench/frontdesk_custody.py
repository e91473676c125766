#!/usr/bin/env python
"""Front desk custody benchmark (not a test): time and query count of the custody view.

Builds, in a scratch database (a temporary SQLite file, or PostgreSQL `wuye_bench_custody`, dropped
and created again), one project with `--items` things in the desk's custody — important mail waiting,
stored items, lent items, keys out of the cabinet, today's release passes, about a fifth of them
overdue — next to as many that are done with (collected, picked up, returned, in the cabinet); then
times selectors_shift_custody.custody() and the API route GET /api/v1/frontdesk/custody/?project= and
counts their SQL statements. The view must use a constant number of queries: the same count is printed
for a project a tenth of the size.

    .venv/bin/python bench/frontdesk_custody.py                     # SQLite, 2,000 open items
    .venv/bin/python bench/frontdesk_custody.py --db postgres --items 20000
    .venv/bin/python bench/frontdesk_custody.py --repeat 5          # best of 5

Settings: config.settings.local with DATABASE_URL set to the scratch database; DEBUG off.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/wuye_bench_custody"
#: shares of the open items by register
SHARES = {"mail": 0.3, "storage": 0.2, "loan": 0.2, "key": 0.2, "pass": 0.1}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument(
        "--pg-url", default=DEFAULT_PG_URL, help="PostgreSQL scratch database (dropped and created)"
    )
    p.add_argument("--items", type=int, default=2000, help="open items in the desk's custody")
    p.add_argument("--repeat", type=int, default=3, help="time this many times; report the best")
    return p.parse_args(argv)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(BASE_DIR))
    os.chdir(BASE_DIR)
    import django

    django.setup()


def pg_drop(url: str, *, create: bool) -> None:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def load(items: int, code: str):
    """One project with `items` open things in custody (and as many done with); returns (project, viewer)."""
    from decimal import Decimal

    from django.utils import timezone

    from wuye.accounts.models import RoleAssignment, User
    from wuye.core.roles import Role
    from wuye.estate.models import Building, Project, Unit
    from wuye.frontdesk.models import LendableItem, Loan, MailItem, ReleasePass, StoredItem
    from wuye.keys.models import Key

    now = timezone.now()
    today = timezone.localdate()
    project = Project.objects.create(name=f"前台在管{code}", code=code, kind="residential")
    building = Building.objects.create(project=project, number="1", floors=30)
    viewer = User.objects.create(username=f"{code}-desk", display_name="前台")
    RoleAssignment.objects.create(user=viewer, project=project, role=Role.CS_ASSISTANT)
    units = Unit.objects.bulk_create(
        [
            Unit(
                project=project,
                building=building,
                entrance="1",
                floor=1 + i // 10,
                room=f"{1 + i // 10}{i % 10 + 1:02d}",
                code=f"{code}-{i:05d}",
                building_area=Decimal("89.00"),
                status="owner_occupied",
            )
            for i in range(max(10, items // 4))
        ]
    )
    n = {kind: max(1, int(items * share)) for kind, share in SHARES.items()}

    def unit(i):
        return units[i % len(units)]

    def late(i):  # about a fifth overdue
        return i % 5 == 0

    MailItem.objects.bulk_create(
        [
            MailItem(
                project=project,
                unit=unit(i),
                kind="parcel",
                recipient=f"住户{i}",
                tracking_number=f"SF{i:010d}",
                status="waiting" if i < n["mail"] else "collected",
                received_at=now - dt.timedelta(days=2 if late(i) else 0, minutes=i % 60),
                received_by=viewer,
            )
            for i in range(2 * n["mail"])
        ],
        batch_size=1000,
    )
    StoredItem.objects.bulk_create(
        [
            StoredItem(
                project=project,
                unit=unit(i),
                depositor=f"住户{i}",
                category="luggage",
                description="行李箱",
                condition="完好",
                deposited_at=now - dt.timedelta(days=1),
                expected_pickup_at=now + dt.timedelta(hours=-3 if late(i) else 24),
                received_by=viewer,
                status="stored" if i < n["storage"] else "picked_up",
            )
            for i in range(2 * n["storage"])
        ],
        batch_size=1000,
    )
    lendables = LendableItem.objects.bulk_create(
        [
            LendableItem(project=project, code=f"YS{i:05d}", name="雨伞", original_price=Decimal("35"))
            for i in range(2 * n["loan"])
        ],
        batch_size=1000,
    )
    Loan.objects.bulk_create(
        [
            Loan(
                item=item,
                borrower=f"住户{i}",
                unit=unit(i),
                lent_at=now - dt.timedelta(hours=5),
                lent_by=viewer,
                condition_out="完好",
                due_back_at=now + dt.timedelta(hours=-1 if late(i) else 3),
                returned_at=None if i < n["loan"] else now,
            )
            for i, item in enumerate(lendables)
        ],
        batch_size=1000,
    )
    Key.objects.bulk_create(
        [
            Key(
                project=project,
                unit=unit(i),
                number=f"K{i:05d}",
                source="developer",
                storage_location="A-01",
                state="borrowed" if i < n["key"] else "in_store",
                holder_name="员工" if i < n["key"] else "",
                out_since=now - dt.timedelta(hours=4) if i < n["key"] else None,
                due_back_at=(now + dt.timedelta(hours=-1 if late(i) else 4)) if i < n["key"] else None,
                registered_at=now - dt.timedelta(days=30),
                registered_by=viewer,
            )
            for i in range(2 * n["key"])
        ],
        batch_size=1000,
    )
    ReleasePass.objects.bulk_create(
        [
            ReleasePass(
                project=project,
                unit=unit(i),
                number=f"FX{code}{i:05d}",
                kind="temporary",
                valid_on=today if i < n["pass"] else today - dt.timedelta(days=1),
                status="approved" if i < n["pass"] else "expired",
                carrier_kind="owner",
                carrier_name=f"住户{i}",
                approved_by=viewer,
                approved_at=now,
                created_by=viewer,
            )
            for i in range(2 * n["pass"])
        ],
        batch_size=1000,
    )
    return project, viewer, sum(n.values())


def measure(label: str, fn, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, result = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    print(f"  {label:<44} {min(times) * 1000:8.1f} ms  {queries:3d} queries", flush=True)
    return result, queries


def main(argv=None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.db == "postgres":
            pg_drop(args.pg_url, create=True)
            url = args.pg_url
        else:
            url = f"sqlite:///{Path(tmp) / 'custody.sqlite3'}"
        setup_django(url)
        from django.core.management import call_command
        from django.db import transaction
        from rest_framework.test import APIClient

        from wuye.frontdesk.selectors_shift_custody import custody

        call_command("migrate", verbosity=0)
        print(f"{args.db}: {args.items} open items in the desk's custody")
        counts = []
        for items, code in ((max(10, args.items // 10), "small"), (args.items, "big")):
            with transaction.atomic():
                project, viewer, total = load(items, code)
            print(f" {total} open items (and as many done with)")
            result, n = measure("custody()", lambda project=project: custody(project), args.repeat)
            print(f"  {'':<44} {len(result.rows)} rows, {result.overdue_count} overdue")
            api = APIClient()
            api.force_authenticate(viewer)
            response, m = measure(
                "GET /api/v1/frontdesk/custody/",
                lambda api=api, project=project: api.get(
                    "/api/v1/frontdesk/custody/", {"project": project.pk}, HTTP_HOST="localhost"
                ),
                args.repeat,
            )
            assert response.status_code == 200, response.content[:300]
            assert len(response.json()["rows"]) == total
            counts.append((n, m))
        if args.db == "postgres":
            from django.db import connections

            connections.close_all()
            pg_drop(url, create=False)
        same = counts[0] == counts[1]
        print(f"[{'ok ' if same else 'MISS'}] constant number of queries: {counts[0]} vs {counts[1]}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
