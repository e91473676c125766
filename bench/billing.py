#!/usr/bin/env python
"""Charge-run benchmark on SQLite and PostgreSQL (not a test).

Issue 4's performance requirement: a charge run for 100,000 units × 3 fee items in under 30 s on
this 2-core machine, within 3× of a raw bulk insert of the same rows (the physical floor for this
work), with flat memory (units streamed in batches, rows written in batches, never all in memory).

For each database the script creates a scratch database (a temporary SQLite file; a PostgreSQL
database `wuye_bench_billing`, dropped again at the end), migrates it and loads, with bulk inserts
(COPY on PostgreSQL, executemany on SQLite), a project of `--units` units and a second one of
`--flat-check` units, each with 3 run-billed fee items — management fee per m² (2.50; 4.80 for
shops), lift fee per m² (0.35 → 0.42 from the 16th of the month: a tariff change mid-month) and a
fixed monthly garbage fee (10.00; 30.00 for shops) — and units of varied use and area, about one in
seven handed over during the month (prorated by day). Then, for each project, for this month:

  preview  charge_run_preview (the dry run): wall time;
  (a)      charge_run_create: wall time and rows/s, and the growth of the resident set during the
           run (VmHWM after − VmRSS before, the high-water mark reset via /proc/self/clear_refs);
           then the run again under tracemalloc for the peak of Python allocations (the traced
           run is slower; its time is shown but is not the figure);
  (b)      the floor: the same rows (read back as tuples with the same column list and Python
           types, before timing) inserted raw into the same, emptied table in one transaction —
           one COPY on PostgreSQL, one executemany on SQLite;
  (c)      a / b.

Memory is flat when the run's peaks for `--flat-check` units and for `--units` units are about
the same although the second run writes several times as many rows (both sizes must exceed the
run's batch of 5,000 units for that to show). On a busy machine use `--repeat`: the run and the
raw insert are then timed that many times each and the best is reported, all times listed. The
goals are checked on the `--units` project and printed as [ok ] / [MISS] lines.

    .venv/bin/python bench/billing.py                       # both databases, 100,000 and 25,000 units
    .venv/bin/python bench/billing.py --repeat 3            # best of 3 (the machine is shared)
    .venv/bin/python bench/billing.py --db postgres --units 20000 --flat-check 10000
    .venv/bin/python bench/billing.py --db sqlite --keep    # keep the SQLite file, print its path

Settings: config.settings.local with DATABASE_URL set to the scratch database; DEBUG off.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.parse
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/wuye_bench_billing"
GOAL_SECONDS = 30.0
GOAL_RATIO = 3.0
FLAT_TOLERANCE = 1.5  # Python peak at --units ≤ this × the peak at --flat-check counts as flat
RSS_NOISE_MIB = 16  # and RSS growth at most this much more (allocator noise; each row held is ~1 KiB)
UNITS_PER_BUILDING = 100  # 25 floors × 4 rooms
MIB = 1024 * 1024


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--units", type=int, default=100_000, help="units of the main project")
    p.add_argument(
        "--flat-check",
        type=int,
        default=25_000,
        help="units of the second project, run to show memory does not grow with N (0: skip)",
    )
    p.add_argument(
        "--pg-url", default=DEFAULT_PG_URL, help="PostgreSQL scratch database (dropped and created)"
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time the run and the raw insert this many times; report the best",
    )
    p.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    p.add_argument("--result-file", help=argparse.SUPPRESS)  # a child run writes its figures here
    return p.parse_args(argv)


# --- set-up ------------------------------------------------------------------------------------


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "0"  # no per-query bookkeeping
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(BASE_DIR))
    os.chdir(BASE_DIR)
    import django

    django.setup()


def pg_admin(url: str):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    return psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True), parts.path.lstrip("/")


def pg_recreate(url: str, *, create: bool = True) -> None:
    from psycopg import sql

    conn, name = pg_admin(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"  {label:<46} {time.perf_counter() - start:8.1f} s", flush=True)
    return result


def is_pg() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def bulk_insert(table: str, columns: tuple[str, ...], rows) -> None:
    """COPY on PostgreSQL, executemany elsewhere (within the caller's transaction)."""
    from django.db import connection

    with connection.cursor() as cur:
        if is_pg():
            with cur.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)


UNIT_COLUMNS = (
    "project_id",
    "building_id",
    "entrance",
    "floor",
    "room",
    "code",
    "use",
    "building_area",
    "inner_area",
    "warranty_end",
    "handover_date",
    "status",
    "status_changed_at",
    "created_at",
    "updated_at",
)


def unit_rows(
    project_id: int, buildings: list[tuple[int, str]], n: int, period_start: dt.date, now: dt.datetime
):
    """Deterministic, varied units: 90 % residences, 5 % shops, 5 % offices; 45.00–259.99 m²; one
    in seven handed over on a day of the billed month (prorated), the rest in 2019–2024."""
    for i in range(n):
        building_id, number = buildings[i // UNITS_PER_BUILDING]
        k = i % UNITS_PER_BUILDING
        floor = 1 + k // 4
        room = str(floor * 100 + 1 + k % 4)
        use = "shop" if i % 20 == 0 else "office" if i % 20 == 1 else "residence"
        area = Decimal(4500 + (i * 7919) % 21500).scaleb(-2)
        if i % 7 == 3:
            handover = period_start + dt.timedelta(days=1 + (i * 13) % 27)
        else:
            handover = dt.date(2019 + i % 6, 1 + i % 12, 1 + i % 28)
        yield (
            project_id,
            building_id,
            "1",
            floor,
            room,
            f"{number}-1-{room}",
            use,
            area,
            None,
            None,
            handover,
            "owner_occupied",
            now,
            now,
            now,
        )


def load_project(code: str, n_units: int, period_start: dt.date):
    """A project with 3 run-billed fee items, their tariffs, a project manager and `n_units` units."""
    from django.db import transaction
    from django.utils import timezone

    from wuye.accounts.models import RoleAssignment, User
    from wuye.billing.models import FeeItem, Tariff
    from wuye.estate.models import Building, Project

    now = timezone.now()
    since = dt.date(2019, 1, 1)
    with transaction.atomic():
        project = Project.objects.create(
            name=f"账单基准{code}", code=code, kind="residential", settings={"billing": {"due_days": 15}}
        )
        manager = User.objects.create(username=f"{code}-pm", display_name="项目经理", kind="staff")
        RoleAssignment.objects.create(user=manager, project=project, role="project_manager")
        mgmt = FeeItem.objects.create(
            project=project,
            code="mgmt",
            name="物业管理服务费",
            kind="income",
            basis="area_month",
            sort_order=1,
        )
        lift = FeeItem.objects.create(
            project=project, code="lift", name="电梯运行费", kind="income", basis="area_month", sort_order=2
        )
        garbage = FeeItem.objects.create(
            project=project,
            code="garbage",
            name="垃圾清运费",
            kind="income",
            basis="fixed_month",
            sort_order=3,
        )
        FeeItem.objects.create(
            project=project,
            code="water",
            name="水费",
            kind="on_behalf",
            basis="meter",
            meter_type="water",
            billed_in_runs=False,
        )  # not in runs: must be skipped
        Tariff.objects.bulk_create(
            [
                Tariff(
                    fee_item=mgmt, unit_use="", effective_from=since, rate=Decimal("2.50"), created_by=manager
                ),
                Tariff(
                    fee_item=mgmt,
                    unit_use="shop",
                    effective_from=since,
                    rate=Decimal("4.80"),
                    created_by=manager,
                ),
                Tariff(
                    fee_item=lift, unit_use="", effective_from=since, rate=Decimal("0.35"), created_by=manager
                ),
                Tariff(
                    fee_item=lift,
                    unit_use="",
                    effective_from=period_start + dt.timedelta(days=15),
                    rate=Decimal("0.42"),
                    created_by=manager,
                ),
                Tariff(
                    fee_item=garbage,
                    unit_use="",
                    effective_from=since,
                    rate=Decimal("10.00"),
                    created_by=manager,
                ),
                Tariff(
                    fee_item=garbage,
                    unit_use="shop",
                    effective_from=since,
                    rate=Decimal("30.00"),
                    created_by=manager,
                ),
            ]
        )
        n_buildings = -(-n_units // UNITS_PER_BUILDING)
        buildings = Building.objects.bulk_create(
            [Building(project=project, number=str(b), floors=25) for b in range(1, n_buildings + 1)]
        )
        pairs = [(b.pk, b.number) for b in buildings]
        bulk_insert("estate_unit", UNIT_COLUMNS, unit_rows(project.pk, pairs, n_units, period_start, now))
    return project, manager


# --- measuring ---------------------------------------------------------------------------------


def proc_status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def trim_heap() -> None:
    """Give freed heap memory back to the OS (glibc), so VmRSS before a run counts live memory only
    and the growth is not hidden by memory an earlier step freed but kept."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def reset_hwm() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0); False when not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def delete_run(run_id: int, *, keep_run: bool = False) -> None:
    """Empty the charge table again so every timed insert starts from the same, empty table as the
    first run did: the scratch database holds no other charges. TRUNCATE on PostgreSQL (a DELETE
    would leave dead tuples and index entries for the next insert to wade through); DELETE and
    VACUUM on SQLite (rewriting freed pages would cost rollback-journal writes that appending to
    the file does not)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM billing_charge WHERE charge_run_id IS DISTINCT FROM %s"
            if is_pg()
            else "SELECT count(*) FROM billing_charge WHERE charge_run_id IS NOT %s",
            [run_id],
        )
        assert cur.fetchone()[0] == 0, "the scratch charge table holds other rows"
        if is_pg():
            cur.execute("TRUNCATE billing_charge CASCADE")  # cascades to the (empty) tables pointing at it
        else:
            cur.execute("DELETE FROM billing_charge")
        if not keep_run:
            cur.execute("DELETE FROM billing_chargerun WHERE id = %s", [run_id])
        if not is_pg():
            cur.execute("VACUUM")


def quiesce() -> None:
    """Before a timed step: collect garbage and, on PostgreSQL, checkpoint, so the step does not pay
    for the WAL an earlier step left behind."""
    from django.db import connection

    gc.collect()
    if is_pg():
        with connection.cursor() as cur:
            cur.execute("CHECKPOINT")


def measure(project, manager, period_start: dt.date, repeat: int = 1) -> dict:
    """Preview, run (best of `repeat`), run under tracemalloc, floor (best of `repeat`) for one project."""
    from django.db import transaction
    from django.db.models import Count, Sum

    from wuye.billing.models import Charge
    from wuye.billing.services.runs import _Writer, charge_run_create, charge_run_preview

    n_units = project.units.count()
    out: dict = {"units": n_units, "load_before": os.getloadavg()[0]}

    # dry run
    quiesce()
    t0 = time.perf_counter()
    preview = charge_run_preview(project=project, period_start=period_start, acting_user=manager)
    out["preview_s"] = time.perf_counter() - t0
    assert not preview.already_run

    # (a) the run, untraced: wall and CPU time, resident set
    runs, growths, run = [], [], None
    for _attempt in range(repeat):
        if run is not None:
            delete_run(run.pk)
        quiesce()
        trim_heap()
        rss_before = proc_status_kib("VmRSS")
        hwm_reset = reset_hwm()
        hwm_before = proc_status_kib("VmHWM")
        t0, c0 = time.perf_counter(), time.process_time()
        result = charge_run_create(project=project, period_start=period_start, acting_user=manager)
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
        hwm = proc_status_kib("VmHWM")
        growths.append((hwm - (rss_before if hwm_reset else hwm_before)) / 1024)
        out["rss_before_mib"], out["rss_peak_mib"] = rss_before / 1024, hwm / 1024
        out["hwm_reset"] = hwm_reset
        run = result.run
        assert not result.already_run and run is not None
    out["run_s"], out["run_cpu_s"] = min(runs)
    out["run_all_s"] = [wall for wall, _cpu in runs]
    out["rss_growth_mib"] = max(growths)
    rows = run.charge_count
    out["rows"] = rows
    out["total"] = str(preview.total_amount)
    check = Charge.objects.filter(charge_run=run).aggregate(
        n=Count("id"), s=Sum("amount"), runs=Count("id", filter=~_run_source_q())
    )
    assert check["n"] == rows == preview.charge_count == 3 * n_units, (check, rows, preview.charge_count)
    # SQLite sums decimals as floats: compare to the fen (the stored total is rounded when saved)
    fen = Decimal("0.01")
    assert check["s"].quantize(fen) == run.total_amount.quantize(fen) == preview.total_amount, (
        check,
        run.total_amount,
        preview.total_amount,
    )
    assert check["runs"] == 0, "rows written with a source other than 'run'"
    out["prorated"] = Charge.objects.filter(charge_run=run).exclude(period_start=period_start).count()

    # (a') the run again under tracemalloc: peak of Python allocations
    delete_run(run.pk)
    quiesce()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    result = charge_run_create(project=project, period_start=period_start, acting_user=manager)
    out["traced_run_s"] = time.perf_counter() - t0
    out["traced_peak_mib"] = (tracemalloc.get_traced_memory()[1] - base) / MIB
    tracemalloc.stop()
    run = result.run
    assert run.charge_count == rows

    # (b) the floor: the same rows, precomputed, inserted raw into the emptied table
    floor_rows = list(Charge.objects.filter(charge_run=run).order_by("id").values_list(*_Writer.COLUMNS))
    floors = []
    for _attempt in range(repeat):
        delete_run(run.pk, keep_run=True)
        quiesce()
        t0, c0 = time.perf_counter(), time.process_time()
        with transaction.atomic():
            bulk_insert(Charge._meta.db_table, _Writer.COLUMNS, floor_rows)
        floors.append((time.perf_counter() - t0, time.process_time() - c0))
        assert Charge.objects.filter(charge_run=run).count() == rows
    out["floor_s"], out["floor_cpu_s"] = min(floors)
    out["floor_all_s"] = [wall for wall, _cpu in floors]
    del floor_rows
    delete_run(run.pk)
    gc.collect()

    out["run_rows_s"] = rows / out["run_s"]
    out["floor_rows_s"] = rows / out["floor_s"]
    out["ratio"] = out["run_s"] / out["floor_s"]
    out["load_after"] = os.getloadavg()[0]
    return out


def _run_source_q():
    from django.db.models import Q

    return Q(source="run")


# --- report ------------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return f"{seconds:,.2f} s"


def report_rows(results: list[dict], floor_name: str) -> list[tuple]:
    def row(label, fn):
        return (label, *[fn(r) for r in results])

    best = f", best of {len(results[0]['run_all_s'])}" if len(results[0]["run_all_s"]) > 1 else ""
    rows = [
        row("units × fee items", lambda r: f"{r['units']:,} × 3"),
        row("charge rows written", lambda r: f"{r['rows']:,}"),
        row("  of which prorated (handover in month)", lambda r: f"{r['prorated']:,}"),
        row("  total amount (yuan)", lambda r: f"{Decimal(r['total']):,}"),
        row("dry-run preview", lambda r: fmt_s(r["preview_s"])),
        row(f"(a) charge_run_create{best}", lambda r: fmt_s(r["run_s"])),
        row("    rows/s", lambda r: f"{r['run_rows_s']:,.0f}"),
        row("    CPU time in this process", lambda r: fmt_s(r["run_cpu_s"])),
        row("    peak Python memory (tracemalloc)", lambda r: f"{r['traced_peak_mib']:,.1f} MiB"),
        row("    resident set growth (VmHWM − VmRSS)", lambda r: f"{r['rss_growth_mib']:,.1f} MiB"),
        row(
            "    resident set before → peak",
            lambda r: f"{r['rss_before_mib']:,.0f} → {r['rss_peak_mib']:,.0f} MiB",
        ),
        row("    the same run under tracemalloc", lambda r: fmt_s(r["traced_run_s"])),
        row(f"(b) raw insert, {floor_name}{best}", lambda r: fmt_s(r["floor_s"])),
        row("    rows/s", lambda r: f"{r['floor_rows_s']:,.0f}"),
        row("    CPU time in this process", lambda r: fmt_s(r["floor_cpu_s"])),
        row("(c) ratio a / b", lambda r: f"{r['ratio']:.2f}×"),
        row(
            "load average (1 min) before → after", lambda r: f"{r['load_before']:.1f} → {r['load_after']:.1f}"
        ),
    ]
    if len(results[0]["run_all_s"]) > 1:
        rows.insert(
            -1,
            row(
                "all runs / raw inserts (s)",
                lambda r: (
                    " ".join(f"{t:.1f}" for t in r["run_all_s"])
                    + " / "
                    + " ".join(f"{t:.1f}" for t in r["floor_all_s"])
                ),
            ),
        )
    return rows


def goals(results: list[dict]) -> list[tuple[str, bool]]:
    main = results[-1]
    out = [
        (
            f"{main['units']:,} units in under {GOAL_SECONDS:.0f} s: {main['run_s']:.1f} s",
            main["run_s"] < GOAL_SECONDS,
        ),
        (f"within {GOAL_RATIO:.0f}× of the raw insert: {main['ratio']:.2f}×", main["ratio"] <= GOAL_RATIO),
    ]
    if len(results) > 1:
        small = results[0]
        grow_n = main["units"] / small["units"]
        py = main["traced_peak_mib"] / max(small["traced_peak_mib"], 0.1)
        rss_extra = main["rss_growth_mib"] - small["rss_growth_mib"]
        extra_rows = main["rows"] - small["rows"]
        out.append(
            (
                f"memory flat: {grow_n:.0f}× the units ({extra_rows:,} more rows) → {py:.2f}× the Python peak, "
                f"{rss_extra:+.1f} MiB of RSS growth",
                py <= FLAT_TOLERANCE and rss_extra <= RSS_NOISE_MIB,
            )
        )
    return out


def print_report(title: str, results: list[dict], floor_name: str) -> None:
    rows = report_rows(results, floor_name)
    width = max(len(r[0]) for r in rows) + 2
    cols = [max(len(r[i]) for r in rows) + 4 for i in range(1, len(results) + 1)]
    print()
    print(title)
    print("-" * (width + sum(cols)))
    for label, *values in rows:
        print(f"{label:<{width}}" + "".join(f"{v:>{c}}" for v, c in zip(values, cols, strict=True)))
    for text, ok in goals(results):
        print(f"  [{'ok ' if ok else 'MISS'}] {text}")
    if not results[-1].get("hwm_reset", True):
        print("  (could not reset VmHWM: RSS growth is measured against the process's earlier peak)")
    print(flush=True)


# --- one database ------------------------------------------------------------------------------


def run_one(db: str, args) -> dict:
    if db == "postgres":
        url = args.pg_url
        pg_recreate(url)
        where = urllib.parse.urlsplit(url).path.lstrip("/")
    else:
        tmp = tempfile.mkdtemp(prefix="wuye-bench-billing-")
        path = Path(tmp) / "bench.sqlite3"
        url = f"sqlite:///{path}"
        where = str(path)
    try:
        setup_django(url)
        from django.core.management import call_command
        from django.db import connection, connections
        from django.utils import timezone

        with connection.cursor():
            pass
        version = (
            f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
            if is_pg()
            else f"SQLite {connection.Database.sqlite_version}"
        )
        period_start = timezone.localdate().replace(day=1)
        print(f"{version} scratch database {where}", flush=True)
        timed("migrate", call_command, "migrate", "--noinput", "-v", "0")
        sizes = [n for n in (args.flat_check, args.units) if n]
        if len(sizes) == 2 and sizes[0] >= sizes[1]:
            sizes = sizes[1:]
        projects = [
            timed(f"project with {n:,} units", load_project, f"bench-{n}", n, period_start) for n in sizes
        ]
        if is_pg():
            with connection.cursor() as cur:
                timed("analyze", cur.execute, "ANALYZE")
        results = []
        for (project, manager), n in zip(projects, sizes, strict=True):
            print(f"  measuring {n:,} units, period {period_start:%Y-%m} …", flush=True)
            results.append(measure(project, manager, period_start, args.repeat))
        floor_name = "one COPY" if is_pg() else "one executemany"
        print_report(
            f"Wuye charge-run benchmark — {version}, period {period_start:%Y-%m}", results, floor_name
        )
        connections.close_all()
        return {"db": db, "version": version, "floor": floor_name, "results": results}
    finally:
        if args.keep:
            print(f"kept {where}")
        elif db == "postgres":
            from django.db import connections

            connections.close_all()
            pg_recreate(url, create=False)
        else:
            for p in Path(tmp).iterdir():
                p.unlink()
            os.rmdir(tmp)


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.units < 1 or args.flat_check < 0 or args.repeat < 1:
        sys.exit("--units and --repeat must be positive, --flat-check zero or positive")
    if args.db != "both":
        out = run_one(args.db, args)
        if args.result_file:
            Path(args.result_file).write_text(json.dumps(out))
        return
    # one process per database: Django's settings are fixed at set-up, and each gets its own memory
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        for db in ("sqlite", "postgres"):
            result_file = Path(tmp) / f"{db}.json"
            cmd = [
                sys.executable,
                __file__,
                "--db",
                db,
                "--units",
                str(args.units),
                "--flat-check",
                str(args.flat_check),
                "--pg-url",
                args.pg_url,
                "--repeat",
                str(args.repeat),
                "--result-file",
                str(result_file),
            ]
            if args.keep:
                cmd.append("--keep")
            print(f"== {db} ==", flush=True)
            subprocess.run(cmd, check=True)
            summary.append(json.loads(result_file.read_text()))
    print("Summary (the main project)")
    print(
        f"{'database':<18}{'run':>10}{'rows/s':>12}{'floor':>10}{'ratio':>8}{'py peak':>12}{'RSS growth':>13}"
        f"{'preview':>10}"
    )
    for entry in summary:
        r = entry["results"][-1]
        print(
            f"{entry['version']:<18}{fmt_s(r['run_s']):>10}{r['run_rows_s']:>12,.0f}{fmt_s(r['floor_s']):>10}"
            f"{r['ratio']:>7.2f}×{r['traced_peak_mib']:>8.1f} MiB{r['rss_growth_mib']:>9.1f} MiB"
            f"{fmt_s(r['preview_s']):>10}"
        )


if __name__ == "__main__":
    main()
