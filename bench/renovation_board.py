#!/usr/bin/env python
"""Renovation board benchmark (not a test): time and query count of the board.

Builds, in a scratch database (a temporary SQLite file, or PostgreSQL `wuye_bench_renovation`,
dropped and created again), one project with `--units` renovating units (started before the week
shown, a few accepted during it, a few started during it) and their patrols by the three
departments over the `--days` days, about `--coverage` of the cells patrolled; then times
selectors_board.board() and the API route GET /api/v1/renovations/board/?project=&date= and counts
their SQL statements. The board must use a constant number of queries: the same count is printed
for a project a tenth of the size.

    .venv/bin/python bench/renovation_board.py                      # SQLite, 300 units × 3 × 7 days
    .venv/bin/python bench/renovation_board.py --db postgres --units 3000 --days 31
    .venv/bin/python bench/renovation_board.py --repeat 5           # best of 5

Settings: config.settings.local with DATABASE_URL set to the scratch database; DEBUG off.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/wuye_bench_renovation"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument(
        "--pg-url", default=DEFAULT_PG_URL, help="PostgreSQL scratch database (dropped and created)"
    )
    p.add_argument("--units", type=int, default=300, help="renovating units of the project")
    p.add_argument("--days", type=int, default=7, help="days the board shows (at most 31)")
    p.add_argument("--coverage", type=float, default=0.8, help="share of the cells patrolled")
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


def pg_recreate(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def load(units: int, days: int, coverage: float, day: dt.date, code: str):
    """One project with `units` renovations on site and their patrols; returns (project, a viewer)."""
    from decimal import Decimal

    from django.utils import timezone

    from wuye.accounts.models import RoleAssignment, User
    from wuye.core.roles import Role
    from wuye.estate.models import Building, Owner, Project, Unit
    from wuye.renovation.choices import Department, RenovationStatus
    from wuye.renovation.models import Patrol, Renovation

    rng = random.Random(12)
    project = Project.objects.create(name=f"装修看板{code}", code=code, kind="residential")
    building = Building.objects.create(project=project, number="1", floors=30)
    users = {}
    for role in (Role.CS_ASSISTANT, Role.ENGINEER, Role.SECURITY):
        user = User.objects.create(username=f"{code}-{role}", display_name=role)
        RoleAssignment.objects.create(user=user, project=project, role=role)
        users[role] = user
    viewer = users[Role.CS_ASSISTANT]
    unit_rows = Unit.objects.bulk_create(
        [
            Unit(
                project=project,
                building=building,
                entrance="1",
                floor=1 + i // 10,
                room=f"{1 + i // 10}{i % 10 + 1:02d}",
                code=f"{code}-{i:05d}",
                building_area=Decimal("89.00"),
                status="renovating",
                handover_date=dt.date(2024, 1, 1),
            )
            for i in range(units)
        ]
    )
    owners = Owner.objects.bulk_create(
        [Owner(project=project, name=f"业主{i}", mobile=f"138{i:08d}") for i in range(units)]
    )
    first = day - dt.timedelta(days=days - 1)
    renovations = []
    for i, (unit, owner) in enumerate(zip(unit_rows, owners, strict=True)):
        started = first - dt.timedelta(days=5)
        accepted_on = None
        status = RenovationStatus.IN_PROGRESS
        if i % 20 == 0:  # started during the week
            started = first + dt.timedelta(days=i % days)
        elif i % 20 == 1:  # accepted during the week
            accepted_on = first + dt.timedelta(days=i % days)
            status = RenovationStatus.ACCEPTED
        renovations.append(
            Renovation(
                project=project,
                unit=unit,
                owner=owner,
                number=f"ZX-{code}-{i:05d}",
                status=status,
                started_at=timezone.make_aware(dt.datetime.combine(started, dt.time(9))),
                accepted_on=accepted_on,
                created_by=viewer,
            )
        )
    renovations = Renovation.objects.bulk_create(renovations)
    departments = {
        Department.CUSTOMER_SERVICE: users[Role.CS_ASSISTANT],
        Department.ENGINEERING: users[Role.ENGINEER],
        Department.SECURITY: users[Role.SECURITY],
    }
    patrols = []
    for renovation in renovations:
        for offset in range(days):
            date = first + dt.timedelta(days=offset)
            for department, user in departments.items():
                if rng.random() < coverage:
                    at = timezone.make_aware(dt.datetime.combine(date, dt.time(10)))
                    patrols.append(
                        Patrol(renovation=renovation, department=department, day=date, at=at, by=user)
                    )
    Patrol.objects.bulk_create(patrols, batch_size=2000)
    return project, viewer, len(patrols)


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
    days = max(1, min(args.days, 31))
    with tempfile.TemporaryDirectory() as tmp:
        if args.db == "postgres":
            pg_recreate(args.pg_url)
            url = args.pg_url
        else:
            url = f"sqlite:///{Path(tmp) / 'board.sqlite3'}"
        setup_django(url)
        from django.core.management import call_command
        from django.db import transaction
        from rest_framework.test import APIClient

        from wuye.renovation.selectors_board import board

        call_command("migrate", verbosity=0)
        day = dt.date(2026, 11, 20)
        print(f"{args.db}: {args.units} renovating units × 3 departments × {days} days")
        counts = []
        for units, code in ((max(1, args.units // 10), "small"), (args.units, "big")):
            with transaction.atomic():
                project, viewer, patrols = load(units, days, args.coverage, day, code)
            print(f" {units} units, {patrols} patrols")
            result, n = measure("board()", lambda project=project: board(project, day, days), args.repeat)
            print(f"  {'':<44} {len(result.rows)} rows, {result.gaps} gaps")
            api = APIClient()
            api.force_authenticate(viewer)
            query = {"project": project.pk, "date": day.isoformat(), "days": days}
            response, m = measure(
                "GET /api/v1/renovations/board/",
                lambda api=api, query=query: api.get(
                    "/api/v1/renovations/board/", query, HTTP_HOST="localhost"
                ),
                args.repeat,
            )
            assert response.status_code == 200, response.content[:300]
            counts.append((n, m))
        if args.db == "postgres":
            from django.db import connections

            connections.close_all()
        same = counts[0] == counts[1]
        print(f"[{'ok ' if same else 'MISS'}] constant number of queries: {counts[0]} vs {counts[1]}")
        if args.db == "postgres":
            import psycopg
            from psycopg import sql

            parts = urllib.parse.urlsplit(url)
            with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(parts.path.lstrip("/"))
                    )
                )
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
