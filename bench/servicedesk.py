#!/usr/bin/env python
"""Service-desk benchmark on PostgreSQL (not a test).

Builds a company of `--projects` projects with `--units` units and `--tickets` tickets spread over
the last year — with their deadlines, timeline events and return visits — by generating the rows
inside PostgreSQL (INSERT … SELECT over generate_series), then measures:

1. ticket intake through the API (POST /api/v1/tickets/, token auth): median / p95 latency, req/s;
2. the three-rates report (GET /api/v1/reports/three-rates/) for one project-month;
3. the same for a whole year of all projects, as a company manager;
4. the ticket list's first page (GET /api/v1/tickets/) with its query count.

    .venv/bin/python bench/servicedesk.py                     # 50,000 units, 1,000,000 tickets
    .venv/bin/python bench/servicedesk.py --units 5000 --tickets 100000
    .venv/bin/python bench/servicedesk.py --keep              # reuse the loaded database
    .venv/bin/python bench/servicedesk.py --keep --server gunicorn --workers 2 --concurrency 4
    .venv/bin/python bench/servicedesk.py --keep --explain    # EXPLAIN ANALYZE of the report queries
    .venv/bin/python bench/servicedesk.py --keep --pg-options="-c jit=off" --proposed-indexes

The proposed indexes (PROPOSED_INDEXES below) are model Meta changes waiting for a migration;
--proposed-indexes creates them in the benchmark database only, to measure their effect.

DATABASE_URL (default postgres://postgres@127.0.0.1:5432/wuye_bench) names the database; it is
dropped and created again unless --keep finds it loaded. Settings: config.settings.local.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wuye_bench"
PASSWORD = "bench-Pass-123"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--units", type=int, default=50_000)
    p.add_argument("--tickets", type=int, default=1_000_000)
    p.add_argument("--projects", type=int, default=10)
    p.add_argument("--keep", action="store_true", help="reuse the database if it is already loaded")
    p.add_argument("--requests", type=int, default=500, help="intake requests to send")
    p.add_argument(
        "--server",
        choices=["client", "gunicorn"],
        default="client",
        help="Django's test client in-process, or a live gunicorn on 127.0.0.1",
    )
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--concurrency", type=int, default=4, help="parallel clients against gunicorn")
    p.add_argument("--repeat", type=int, default=5, help="runs of each report measurement")
    p.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the report's queries")
    p.add_argument(
        "--proposed-indexes",
        action="store_true",
        help="create the indexes proposed for the models (see PROPOSED_INDEXES) before measuring",
    )
    p.add_argument("--drop-proposed-indexes", action="store_true", help="drop them again before measuring")
    p.add_argument(
        "--pg-options",
        default="",
        help='session settings for every connection, e.g. "-c jit=off" (sets PGOPTIONS)',
    )
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    return p.parse_args(argv)


def setup_django(url: str, pg_options: str = "") -> None:
    os.environ["DATABASE_URL"] = url
    if pg_options:
        os.environ["PGOPTIONS"] = pg_options  # libpq reads it: applies to gunicorn's workers too
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "0"  # no per-query bookkeeping while loading
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(BASE_DIR))
    os.chdir(BASE_DIR)
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
    import django

    django.setup()


# --- database ----------------------------------------------------------------------------------


def admin_connection(url: str):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True), parts.path.lstrip("/")


def database_exists(url: str) -> bool:
    conn, name = admin_connection(url)
    with conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def recreate_database(url: str) -> None:
    from psycopg import sql

    conn, name = admin_connection(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def loaded_scale() -> dict | None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass('servicedesk_ticket') IS NOT NULL")
        if not cur.fetchone()[0]:
            return None
        cur.execute("SELECT count(*) FROM estate_project WHERE code LIKE 'bench-%'")
        projects = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM estate_unit")
        units = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM servicedesk_ticket")
        tickets = cur.fetchone()[0]
    return {"projects": projects, "units": units, "tickets": tickets} if projects else None


def timed(label: str, timings: list, fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    seconds = time.perf_counter() - start
    timings.append((label, seconds))
    print(f"  {label:<44} {seconds:8.1f} s", flush=True)
    return result


# --- loading -----------------------------------------------------------------------------------

ROLES = {  # per project: role -> how many
    "cs_assistant": 3,
    "cs_supervisor": 1,
    "project_manager": 1,
    "engineer": 4,
    "engineering_lead": 1,
    "security": 2,
    "security_lead": 1,
}


def load_people(n_projects: int, n_units: int) -> None:
    """Projects, buildings, units (SQL), staff with roles and API tokens (ORM, a few hundred rows)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from rest_framework.authtoken.models import Token

    from wuye.accounts.models import RoleAssignment, User
    from wuye.estate.models import Project

    per_project = n_units // n_projects
    with transaction.atomic():
        projects = Project.objects.bulk_create(
            [
                Project(
                    name=f"基准小区{i:02d}",
                    code=f"bench-{i:02d}",
                    kind="residential",
                    service_phone="010-88886666",
                )
                for i in range(1, n_projects + 1)
            ]
        )
        with connection.cursor() as cur:
            # 100 units a building: 25 floors × 4 rooms
            cur.execute(
                """
                INSERT INTO estate_building (project_id, number, name, floors, notes, created_at, updated_at)
                SELECT p.id, b::text, '', 25, '', now(), now()
                FROM estate_project p CROSS JOIN generate_series(1, ceil(%s / 100.0)::int) b
                WHERE p.code LIKE 'bench-%%'
                """,
                [per_project],
            )
            cur.execute(
                """
                INSERT INTO estate_unit (project_id, building_id, entrance, floor, room, code, use, building_area,
                    inner_area, warranty_end, handover_date, status, status_changed_at, created_at, updated_at)
                SELECT p.id, b.id, '1', 1 + (u %% 100) / 4, (1 + (u %% 100) / 4) * 100 + 1 + u %% 4,
                    b.number || '-1-' || ((1 + (u %% 100) / 4) * 100 + 1 + u %% 4), 'residence',
                    70 + (u %% 7) * 10, NULL, DATE '2027-06-30', DATE '2024-07-01', 'owner_occupied', now(),
                    now(), now()
                FROM estate_project p
                CROSS JOIN generate_series(0, %s - 1) u
                JOIN estate_building b ON b.project_id = p.id AND b.number = (u / 100 + 1)::text
                WHERE p.code LIKE 'bench-%%'
                ORDER BY p.id, u
                """,
                [per_project],
            )
        password = make_password(PASSWORD)
        users, roles = [], []
        boss = User(username="bench-boss", display_name="总经理", kind="staff", password=password)
        users.append(boss)
        for project in projects:
            for role, count in ROLES.items():
                for k in range(1, count + 1):
                    user = User(
                        username=f"bench-{project.code[6:]}-{role}-{k}",
                        display_name=f"{role}{k}",
                        kind="staff",
                        password=password,
                    )
                    users.append(user)
                    roles.append((user, project, role))
        User.objects.bulk_create(users)
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=boss, project=None, role="company_manager")]
            + [RoleAssignment(user=user, project=project, role=role) for user, project, role in roles]
        )
        Token.objects.bulk_create([Token(user=user, key=Token.generate_key()) for user in users])


def staff_arrays() -> dict[str, list[int]]:
    """Per project index (1-based, in id order): ids of the people the generated tickets name."""
    from wuye.accounts.models import RoleAssignment
    from wuye.estate.models import Project

    projects = list(
        Project.objects.filter(code__startswith="bench-").order_by("pk").values_list("pk", flat=True)
    )
    first = {}
    for project_id, role, user_id in (
        RoleAssignment.objects.filter(project_id__in=projects)
        .order_by("user_id")
        .values_list("project_id", "role", "user_id")
    ):
        first.setdefault((project_id, role), user_id)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT project_id, min(id), count(*) FROM estate_unit GROUP BY project_id")
        units = {pid: (lo, n) for pid, lo, n in cur.fetchall()}
    return {
        "pid": projects,
        "ast": [first[(p, "cs_assistant")] for p in projects],
        "eng": [first[(p, "engineer")] for p in projects],
        "sec": [first[(p, "security")] for p in projects],
        "sup": [first[(p, "cs_supervisor")] for p in projects],
        "unit_lo": [units[p][0] for p in projects],
        "unit_n": [units[p][1] for p in projects],
    }


TICKETS_SQL = """
WITH r AS (
    SELECT g, 1 + (g %% %(p)s) AS pi,
        random() AS rc, random() AS rd, random() AS rh, random() AS r1, random() AS r2, random() AS r3,
        random() AS r4, random() AS r5, random() AS r6, random() AS r7, random() AS ru, random() AS rx
    FROM generate_series(1, %(n)s) g
), a AS (
    SELECT r.*,
        CASE WHEN rc < .35 THEN 'repair_in_unit' WHEN rc < .45 THEN 'repair_public' WHEN rc < .48 THEN 'house_defect'
             WHEN rc < .63 THEN 'consultation' WHEN rc < .71 THEN 'complaint' WHEN rc < .76 THEN 'suggestion'
             WHEN rc < .80 THEN 'help' WHEN rc < .85 THEN 'paid_service' WHEN rc < .90 THEN 'security'
             WHEN rc < .91 THEN 'fire' ELSE 'cleaning' END AS category,
        -- a day of the last year, mostly in working hours (07:00–20:00 Beijing time)
        ((%(first_day)s::date + floor(rd * %(days)s)::int)::timestamp + (7 + rh * 13) * interval '1 hour')
            AT TIME ZONE 'Asia/Shanghai' AS received_at
    FROM r
), b AS (
    SELECT a.*,
        category IN ('repair_in_unit', 'repair_public', 'house_defect') AS is_repair,
        category IN ('repair_in_unit', 'repair_public', 'house_defect', 'complaint', 'suggestion', 'help') AS needs_rv,
        category IN ('repair_in_unit', 'repair_public', 'house_defect') AND r4 < .05 AS is_urgent,
        category = 'consultation' AND r7 < .75 AS on_the_spot,
        rx < .02 AS is_cancelled,
        rx >= .02 AND rx < .03 AS is_stuck,
        received_at + (1 + power(r1, 4) * 15) * interval '1 minute' AS t_dispatch
    FROM a
), c AS (
    SELECT b.*,
        t_dispatch + (1 + r2 * 3) * interval '1 minute' AS t_accept,
        t_dispatch + (2 + power(r2, 3) * 14) * interval '1 minute' AS t_start
    FROM b
), d AS (
    SELECT c.*,
        t_start + (15 + power(r3, 2) * 225) * interval '1 minute' AS t_complete
    FROM c
), e AS (
    SELECT d.*,
        CASE WHEN is_repair THEN t_complete + (5 + r5 * 55) * interval '1 minute' END AS t_cust,
        CASE WHEN needs_rv THEN t_complete + (1 + power(r6, 3) * 40) * interval '1 hour' END AS t_rv
    FROM d
), f AS (
    SELECT e.*,
        CASE WHEN on_the_spot THEN received_at
             WHEN needs_rv THEN t_rv + interval '1 minute'
             ELSE t_complete + interval '5 minute' END AS t_close
    FROM e
), h AS (  -- cut every step at "now" (and at cancellation / a stuck ticket)
    SELECT f.*,
        CASE WHEN NOT on_the_spot AND t_dispatch <= %(now)s THEN t_dispatch END AS dispatched_at,
        CASE WHEN NOT on_the_spot AND NOT is_cancelled AND t_accept <= %(now)s THEN t_accept END AS accepted_at,
        CASE WHEN NOT on_the_spot AND NOT is_cancelled AND t_start <= %(now)s THEN t_start END AS started_at,
        CASE WHEN NOT on_the_spot AND NOT is_cancelled AND NOT is_stuck AND t_complete <= %(now)s
             THEN t_complete END AS completed_at,
        CASE WHEN NOT is_cancelled AND NOT is_stuck AND t_cust <= %(now)s THEN t_cust END AS customer_accepted_at,
        CASE WHEN NOT is_cancelled AND NOT is_stuck AND t_rv <= %(now)s THEN t_rv END AS return_visited_at,
        CASE WHEN NOT is_cancelled AND NOT is_stuck AND t_close <= %(now)s THEN t_close END AS closed_at,
        CASE WHEN is_cancelled AND received_at + interval '40 minute' <= %(now)s
             THEN received_at + interval '40 minute' END AS cancelled_at
    FROM f
)
INSERT INTO servicedesk_ticket (
    project_id, number, category, channel, unit_id, public_area_id, content, contact_name, contact_phone,
    caller_number, customer_key, received_by_id, received_at, recorded_at, first_contact_id, appointment_at,
    promised_at, urgent, department, assignee_id, status, dispatched_at, accepted_at, started_at, completed_at,
    customer_accepted_at, return_visited_at, closed_at, cancelled_at, cancel_reason, answer, rework_count,
    escalation_level, needs_return_visit, validity, severity, proposed_severity, classified_by_id, classified_at,
    incident_id, service_item_id, is_paid, labour_hours, materials, materials_fee, labour_fee, fee,
    fee_charged_at, in_warranty, contractor_name, contractor_notified_at, contractor_notice
)
SELECT
    (%(pid)s::bigint[])[pi], 'B' || g, category, CASE WHEN r7 < .7 THEN 'phone' ELSE 'visit' END,
    (%(unit_lo)s::bigint[])[pi] + floor(ru * (%(unit_n)s::int[])[pi])::bigint, NULL,
    '基准数据 ' || category, '', '', '', 'unit:' || ((%(unit_lo)s::bigint[])[pi] + floor(ru * (%(unit_n)s::int[])[pi])::bigint),
    (%(ast)s::bigint[])[pi], received_at, received_at, (%(ast)s::bigint[])[pi], NULL,
    NULL, is_urgent,
    CASE WHEN is_repair THEN 'engineering' WHEN category IN ('security', 'fire') THEN 'security'
         WHEN category = 'cleaning' THEN 'cleaning' WHEN on_the_spot THEN '' ELSE 'customer_service' END,
    CASE WHEN accepted_at IS NULL THEN NULL WHEN is_repair THEN (%(eng)s::bigint[])[pi]
         WHEN category IN ('security', 'fire') THEN (%(sec)s::bigint[])[pi] ELSE (%(ast)s::bigint[])[pi] END,
    CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled' WHEN closed_at IS NOT NULL THEN 'closed'
         WHEN return_visited_at IS NOT NULL THEN 'return_visited'
         WHEN customer_accepted_at IS NOT NULL THEN 'customer_accepted' WHEN completed_at IS NOT NULL THEN 'completed'
         WHEN started_at IS NOT NULL THEN 'in_progress' WHEN accepted_at IS NOT NULL THEN 'accepted'
         WHEN dispatched_at IS NOT NULL THEN 'dispatched' ELSE 'received' END,
    dispatched_at, accepted_at, started_at, completed_at, customer_accepted_at, return_visited_at, closed_at,
    cancelled_at, CASE WHEN cancelled_at IS NOT NULL THEN '业主取消' ELSE '' END,
    CASE WHEN on_the_spot THEN '已当场答复' WHEN completed_at IS NOT NULL THEN '已处理' ELSE '' END,
    CASE WHEN is_repair AND r5 < .04 AND completed_at IS NOT NULL THEN 1 ELSE 0 END,
    0, needs_rv,
    CASE WHEN category <> 'complaint' THEN '' WHEN r6 < .8 THEN 'valid' WHEN r6 < .95 THEN 'invalid' ELSE 'assist' END,
    CASE WHEN category <> 'complaint' OR r6 >= .8 THEN '' WHEN r5 < .7 THEN 'minor' WHEN r5 < .95 THEN 'important'
         ELSE 'major' END,
    CASE WHEN category <> 'complaint' THEN '' WHEN r6 >= .8 OR r5 < .7 THEN 'minor' WHEN r5 < .95 THEN 'important'
         ELSE 'major' END,
    CASE WHEN category = 'complaint' THEN (%(sup)s::bigint[])[pi] END,
    CASE WHEN category = 'complaint' THEN received_at + interval '3 minute' END,
    NULL, NULL, category = 'paid_service', NULL, '', 0, 0, 0, NULL, NULL, '', NULL, ''
FROM h
"""

DEADLINES_SQL = """
INSERT INTO servicedesk_ticketdeadline (ticket_id, step, due_at, original_due_at, met_at, late_notified_at, cancelled)
SELECT t.id, s.step, s.due_at, s.due_at, s.met_at, NULL, t.status = 'cancelled' AND s.met_at IS NULL
FROM servicedesk_ticket t
CROSS JOIN LATERAL (VALUES
    (CASE WHEN t.category <> 'consultation' THEN 'dispatch' END, t.received_at + interval '10 minute', t.dispatched_at),
    (CASE WHEN t.category IN ('repair_in_unit', 'repair_public', 'house_defect') AND NOT t.urgent
          AND t.dispatched_at IS NOT NULL THEN 'on_site' END, t.dispatched_at + interval '10 minute', t.started_at),
    (CASE WHEN t.urgent THEN 'urgent_on_site' END, t.received_at + interval '2 hour', t.started_at),
    (CASE WHEN t.urgent THEN 'urgent_fixed' END, t.received_at + interval '8 hour', t.completed_at),
    (CASE WHEN t.category = 'suggestion' THEN 'reply' END, t.received_at + interval '1 day', t.completed_at),
    (CASE WHEN t.proposed_severity = 'minor' THEN 'complaint_minor' END, t.received_at + interval '4 hour',
     t.completed_at),
    (CASE WHEN t.proposed_severity = 'important' THEN 'complaint_important' END, t.received_at + interval '1 day',
     t.completed_at),
    (CASE WHEN t.proposed_severity = 'major' THEN 'complaint_major_reply' END, t.received_at + interval '2 day',
     t.started_at),
    (CASE WHEN t.proposed_severity = 'major' THEN 'complaint_major_resolve' END, t.received_at + interval '15 day',
     t.completed_at),
    (CASE WHEN t.needs_return_visit AND t.completed_at IS NOT NULL THEN 'return_visit' END,
     t.completed_at + interval '1 day', t.return_visited_at)
) AS s(step, due_at, met_at)
WHERE s.step IS NOT NULL AND t.number LIKE 'B%'
"""

EVENTS_SQL = """
INSERT INTO servicedesk_ticketevent (ticket_id, kind, from_status, to_status, at, recorded_at, actor_id, note, data)
SELECT t.id, e.kind, e.from_status, e.to_status, e.at, e.at, e.actor, '', '{}'::jsonb
FROM servicedesk_ticket t
CROSS JOIN LATERAL (VALUES
    ('intake', '', 'received', t.received_at, t.received_by_id),
    ('transition', 'received', 'dispatched', t.dispatched_at, t.received_by_id),
    ('transition', 'dispatched', 'accepted', t.accepted_at, t.assignee_id),
    ('transition', 'accepted', 'in_progress', t.started_at, t.assignee_id),
    ('transition', 'in_progress', 'completed', t.completed_at, t.assignee_id),
    ('transition', 'completed', 'customer_accepted', t.customer_accepted_at, t.first_contact_id),
    ('transition', CASE WHEN t.customer_accepted_at IS NULL THEN 'completed' ELSE 'customer_accepted' END,
     'return_visited', t.return_visited_at, t.first_contact_id),
    ('transition', CASE WHEN t.return_visited_at IS NOT NULL THEN 'return_visited'
                        WHEN t.completed_at IS NOT NULL THEN 'completed' ELSE 'received' END,
     'closed', t.closed_at, t.first_contact_id),
    ('transition', CASE WHEN t.dispatched_at IS NULL THEN 'received' ELSE 'dispatched' END,
     'cancelled', t.cancelled_at, t.first_contact_id)
) AS e(kind, from_status, to_status, at, actor)
WHERE e.at IS NOT NULL AND t.number LIKE 'B%'
"""

VISITS_SQL = """
INSERT INTO servicedesk_returnvisit (ticket_id, due_at, assigned_to_id, done_at, done_by_id, method, solved,
                                     satisfaction, comment)
SELECT t.id, t.completed_at + interval '1 day', t.first_contact_id, t.return_visited_at,
    CASE WHEN t.return_visited_at IS NOT NULL THEN t.first_contact_id END,
    CASE WHEN t.return_visited_at IS NOT NULL THEN 'phone' ELSE '' END,
    CASE WHEN t.return_visited_at IS NOT NULL THEN true END,
    CASE WHEN t.return_visited_at IS NULL THEN '' WHEN v.r < .45 THEN 'very_satisfied' WHEN v.r < .87 THEN 'satisfied'
         WHEN v.r < .96 THEN 'neutral' ELSE 'dissatisfied' END,
    ''
FROM servicedesk_ticket t CROSS JOIN LATERAL (SELECT random() + 0 * t.id AS r) v
WHERE t.needs_return_visit AND t.completed_at IS NOT NULL AND t.number LIKE 'B%'
"""

# Indexes proposed as model Meta changes (not migrations): created here only to measure them.
PROPOSED_INDEXES = {
    # Ticket.Meta.indexes: models.Index(fields=["-received_at", "-id"], name="ticket_received_desc_idx")
    # — the ticket list's default order across projects (company managers); see the report notes
    "ticket_received_desc_idx": (
        "CREATE INDEX IF NOT EXISTS ticket_received_desc_idx ON servicedesk_ticket (received_at DESC, id DESC)"
    ),
}


def set_proposed_indexes(create: bool) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        for name, ddl in PROPOSED_INDEXES.items():
            cur.execute(ddl if create else f"DROP INDEX IF EXISTS {name}")
        if create:
            cur.execute("ANALYZE servicedesk_ticket")


def existing_proposed_indexes() -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(PROPOSED_INDEXES)])
        return sorted(row[0] for row in cur.fetchall())


BIG_TABLES = [
    "servicedesk_ticket",
    "servicedesk_ticketdeadline",
    "servicedesk_ticketevent",
    "servicedesk_returnvisit",
]


def drop_indexes(cur) -> list[str]:
    """Secondary indexes of the big tables (not those behind constraints): dropped for the load,
    built again afterwards — much faster than maintaining them row by row."""
    cur.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = ANY(%s) AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname
        )
        """,
        [BIG_TABLES],
    )
    rows = cur.fetchall()
    for name, _definition in rows:
        cur.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def load_tickets(n_tickets: int, now: dt.datetime, timings: list) -> None:
    from django.db import connection, transaction

    first_day = (now - dt.timedelta(days=365)).date()
    arrays = staff_arrays()
    params = {
        "n": n_tickets,
        "p": len(arrays["pid"]),
        "first_day": first_day,
        "days": 365,
        "now": now,
        **arrays,
    }
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL synchronous_commit = off")
        cur.execute("SET LOCAL session_replication_role = replica")  # no FK triggers during the bulk load
        cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cur.execute("SET LOCAL work_mem = '256MB'")
        cur.execute("SELECT setseed(0.42)")
        definitions = drop_indexes(cur)
        timed(f"tickets ({n_tickets:,})", timings, cur.execute, TICKETS_SQL, params)
        timed("deadlines", timings, cur.execute, DEADLINES_SQL)
        timed("timeline events", timings, cur.execute, EVENTS_SQL)
        timed("return visits", timings, cur.execute, VISITS_SQL)

        def rebuild():
            for definition in definitions:
                cur.execute(definition)

        timed(f"rebuild {len(definitions)} indexes", timings, rebuild)
        # the intake numbers tickets per project and day from core_sequence; generated ones are B<n>
    with connection.cursor() as cur:  # as autovacuum would: statistics and the visibility map
        timed("vacuum analyze", timings, cur.execute, "VACUUM ANALYZE")


def data_summary() -> list[tuple[str, str]]:
    from django.db import connection

    rows = []
    with connection.cursor() as cur:
        for table, label in [
            ("estate_project", "projects"),
            ("estate_unit", "units"),
            ("servicedesk_ticket", "tickets"),
            ("servicedesk_ticketdeadline", "deadlines"),
            ("servicedesk_ticketevent", "timeline events"),
            ("servicedesk_returnvisit", "return visits"),
        ]:
            cur.execute(f"SELECT count(*) FROM {table}")
            rows.append((label, f"{cur.fetchone()[0]:,}"))
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        rows.append(("database size", cur.fetchone()[0]))
    return rows


# --- measuring ---------------------------------------------------------------------------------


def token_of(username: str) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get(user__username=username).key


def api_client(username: str):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_of(username)}")
    return client


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def intake_payloads(n: int) -> list[tuple[str, dict]]:
    """(assistant's username, body) round-robin over the projects, random units."""
    import random

    arrays = staff_arrays()
    rng = random.Random(7)
    out = []
    for i in range(n):
        k = i % len(arrays["pid"])
        unit = arrays["unit_lo"][k] + rng.randrange(arrays["unit_n"][k])
        category = rng.choice(["repair_in_unit", "repair_in_unit", "complaint", "suggestion", "cleaning"])
        out.append(
            (
                f"bench-{k + 1:02d}-cs_assistant-1",
                {
                    "project": arrays["pid"][k],
                    "unit": unit,
                    "category": category,
                    "content": f"基准报事 {i}",
                    "contact_phone": "13812345678",
                    "channel": "phone",
                },
            )
        )
    return out


def measure_intake_client(n: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    payloads = intake_payloads(n)
    clients = {user: api_client(user) for user in {u for u, _b in payloads}}
    # one request outside the timing, to count its queries and warm the code paths; the test
    # client's request_started signal empties the query log, so start from an empty one
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        response = clients[payloads[0][0]].post("/api/v1/tickets/", payloads[0][1], format="json")
    assert response.status_code == 201, response.content[:500]
    queries = len(ctx.captured_queries)  # read now: the next request empties the log
    latencies = []
    start = time.perf_counter()
    for user, body in payloads:
        t0 = time.perf_counter()
        response = clients[user].post("/api/v1/tickets/", body, format="json")
        latencies.append(time.perf_counter() - t0)
        assert response.status_code == 201, response.content[:500]
    wall = time.perf_counter() - start
    return {"latencies": latencies, "wall": wall, "queries": queries, "mode": "test client, 1 thread"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_intake_gunicorn(n: int, workers: int, concurrency: int, url: str) -> dict:
    import http.client

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "0",
    }
    server = subprocess.Popen(
        [
            str(BASE_DIR / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        payloads = intake_payloads(n)
        tokens = {user: token_of(user) for user in {u for u, _b in payloads}}

        def post(item):
            user, body = item
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            t0 = time.perf_counter()
            conn.request(
                "POST",
                "/api/v1/tickets/",
                json.dumps(body),
                {
                    "Content-Type": "application/json",
                    "Authorization": f"Token {tokens[user]}",
                    "Host": "127.0.0.1",
                },
            )
            response = conn.getresponse()
            response.read()
            conn.close()
            return time.perf_counter() - t0, response.status

        for item in payloads[: workers * 2]:  # warm every worker
            post(item)
        start = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            results = list(pool.map(post, payloads))
        wall = time.perf_counter() - start
        bad = [status for _t, status in results if status != 201]
        assert not bad, f"{len(bad)} failed requests: {bad[:5]}"
        return {
            "latencies": [t for t, _s in results],
            "wall": wall,
            "queries": None,
            "mode": f"gunicorn {workers} workers, {concurrency} clients",
        }
    finally:
        server.terminate()
        server.wait(timeout=20)


def measure_get(client, path: str, params: dict, repeat: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times = []
    for i in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(path, params)
            times.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.content[:500]
        if i == 0:
            queries = list(ctx.captured_queries)  # a copy: the next request empties the log
            body = response.json()
    return {
        "first": times[0],
        "median": statistics.median(times),
        "min": min(times),
        "queries": queries,
        "body": body,
    }


def explain(queries: list[dict]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        for q in queries:
            sql = q["sql"]
            if "servicedesk_" not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print("\n".join(row[0] for row in cur.fetchall()))
            print()


def month_before(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.units < args.projects or args.tickets < 1:
        sys.exit("need at least one unit per project and one ticket")
    reuse = args.keep and database_exists(args.database_url)
    if not reuse:
        recreate_database(args.database_url)
    setup_django(args.database_url, args.pg_options)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    timings: list = []
    scale = loaded_scale() if reuse else None
    print(
        f"database {urllib.parse.urlsplit(args.database_url).path.lstrip('/')}: "
        f"{'reusing ' + json.dumps(scale) if scale else 'loading'}",
        flush=True,
    )
    if not scale:
        if reuse:  # kept but empty or half-loaded: start over
            from django.db import connections

            connections.close_all()
            recreate_database(args.database_url)
        now = timezone.now()
        start = time.perf_counter()
        timed("migrate", timings, call_command, "migrate", "--noinput", "-v", "0")
        timed(f"projects, units ({args.units:,}), staff", timings, load_people, args.projects, args.units)
        load_tickets(args.tickets, now, timings)
        timings.append(("load total", time.perf_counter() - start))
        print(f"  {'load total':<44} {timings[-1][1]:8.1f} s", flush=True)

    if args.proposed_indexes:
        timed("proposed indexes", timings, set_proposed_indexes, True)
    elif args.drop_proposed_indexes:
        set_proposed_indexes(False)
    with connection.cursor() as cur:
        cur.execute("SHOW jit")
        jit = cur.fetchone()[0]
    indexes = existing_proposed_indexes()
    print(f"measuring … (jit {jit}; proposed indexes: {', '.join(indexes) or 'none'})", flush=True)
    if args.server == "gunicorn":
        intake = measure_intake_gunicorn(args.requests, args.workers, args.concurrency, args.database_url)
    else:
        intake = measure_intake_client(args.requests)

    from wuye.estate.models import Project

    first_project = Project.objects.filter(code="bench-01").get()
    today = timezone.localdate()
    month = month_before(today)
    supervisor = api_client("bench-01-cs_supervisor-1")
    boss = api_client("bench-boss")
    report_path = "/api/v1/reports/three-rates/"
    project_month = measure_get(
        supervisor,
        report_path,
        {"project": first_project.pk, "period": "month", "date": month.isoformat()},
        args.repeat,
    )
    year_start = today.replace(day=1)
    for _ in range(11):
        year_start = month_before(year_start)
    year_end = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    year = measure_get(
        boss,
        report_path,
        {"start": year_start.isoformat(), "end": year_end.isoformat(), "period": "month", "trend": 12},
        max(1, args.repeat // 2 + 1),
    )
    list_project = measure_get(supervisor, "/api/v1/tickets/", {}, args.repeat)
    list_all = measure_get(boss, "/api/v1/tickets/", {}, args.repeat)

    if args.explain:
        print("\n== EXPLAIN: three rates, one project-month ==")
        explain(project_month["queries"])
        print("== EXPLAIN: three rates, all projects, one year ==")
        explain(year["queries"])
        print("== EXPLAIN: ticket list, first page (company manager) ==")
        explain(list_all["queries"])

    lat = intake["latencies"]
    row0 = project_month["body"]["rows"][0]["figures"]
    rows = [("data", "", "")] + [(k, v, "") for k, v in data_summary()]
    rows += [("postgresql jit", jit, ""), ("proposed indexes", str(len(indexes)), ", ".join(indexes))]
    rows += [("load", "", "")] + [(label, f"{seconds:,.1f} s", "") for label, seconds in timings]
    rows += [
        ("(1) ticket intake POST /api/v1/tickets/", intake["mode"], f"{len(lat)} requests"),
        ("    throughput", f"{len(lat) / intake['wall']:,.1f} req/s", ""),
        (
            "    latency median / p95",
            f"{fmt_ms(statistics.median(lat))} / {fmt_ms(percentile(lat, 0.95))}",
            f"max {fmt_ms(max(lat))}",
        ),
        ("    queries per request", str(intake["queries"] if intake["queries"] is not None else "n/a"), ""),
        ("(2) three rates, 1 project, month " + month.strftime("%Y-%m"), "", "trend 6 months"),
        (
            "    first / median / min",
            f"{fmt_ms(project_month['first'])} / {fmt_ms(project_month['median'])} / "
            f"{fmt_ms(project_month['min'])}",
            f"{len(project_month['queries'])} queries",
        ),
        (
            "    satisfaction / timeliness / return visits",
            " / ".join(
                f"{row0[k]['numerator']}/{row0[k]['denominator']}"
                for k in ("satisfaction", "timeliness", "return_visit")
            ),
            "",
        ),
        (
            f"(3) three rates, all projects, {year_start:%Y-%m}..{year_end:%Y-%m} (exclusive)",
            "",
            "trend 12 months",
        ),
        (
            "    first / median / min",
            f"{fmt_ms(year['first'])} / {fmt_ms(year['median'])} / {fmt_ms(year['min'])}",
            f"{len(year['queries'])} queries",
        ),
        (
            "    rows",
            str(len(year["body"]["rows"])),
            "timeliness "
            + "{numerator}/{denominator}".format(**year["body"]["rows"][0]["figures"]["timeliness"]),
        ),
        ("(4) ticket list, first page (50)", "", ""),
        (
            "    supervisor, 1 project: first / median",
            f"{fmt_ms(list_project['first'])} / {fmt_ms(list_project['median'])}",
            f"{len(list_project['queries'])} queries",
        ),
        (
            "    company manager, all: first / median",
            f"{fmt_ms(list_all['first'])} / {fmt_ms(list_all['median'])}",
            f"{len(list_all['queries'])} queries, count {list_all['body'].get('count', '?'):,}",
        ),
    ]
    width = max(len(r[0]) for r in rows) + 2
    print()
    print(f"{'Wuye service-desk benchmark':<{width}}{'value':<40}note")
    print("-" * (width + 50))
    for label, value, note in rows:
        print(f"{label:<{width}}{value:<40}{note}")


if __name__ == "__main__":
    main()
