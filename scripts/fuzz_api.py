"""`make test`'s API fuzz step (issue 10): schemathesis against the live schema of a test server.

    .venv/bin/python scripts/fuzz_api.py [extra schemathesis options]

A fresh database of the suite's engine — SQLite in a temporary folder (under /dev/shm where there
is one), or, when DATABASE_URL names PostgreSQL, a scratch database on that server, dropped after —
is migrated and filled with the demo data, served by `manage.py runserver` with the test settings on a free port,
and every operation of /api/schema/ (but logout, which would end the token) is called with
generated valid and invalid input, once as a customer-service assistant and once as the
administrator. It fails on any 5xx and on any answer the schema does not describe (status code,
content type, body). Mutations land in the throwaway database only; the login lockout is lifted
for the run so that generated logins lock nobody out.

Bounded by examples, not by the clock: FUZZ_MAX_EXAMPLES cases per operation and phase (default 10;
FUZZ_PHASES, default examples,fuzzing,stateful: schemathesis' coverage phase sends thousands of
boundary cases per user and takes over 10 minutes). FUZZ_TIMEOUT seconds for each user's run
(default 600) is a safety net: past it the step fails. FUZZ_SEED: the cases' seed (default a fixed
one, so a run repeats; `random` explores new cases and schemathesis prints the seed it took).
FUZZ_KEEP=1 keeps the folder with the database and the server's log, which is printed when a run
fails (the tracebacks of 500s are there). Any further arguments go to schemathesis.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "wuye12345"  # the demo accounts' (README.md)
# the assistant first: the administrator's run may end role assignments, the assistant's too
USERS = ["cs_assistant", "admin"]
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
# a fixed seed by default, so that `make test` (and CI) is repeatable: the same code gets the same
# cases; FUZZ_SEED=random explores new ones (schemathesis prints the seed it took), FUZZ_SEED=<n> repeats
SEED = os.environ.get("FUZZ_SEED", "20261130")
# ending the token would turn the rest of the run into 401s
EXCLUDED_PATHS = ["/api/v1/auth/logout/"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the test server stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the test server did not answer {url} within {seconds:.0f} s")


def token(base: str, username: str) -> str:
    request = urllib.request.Request(
        base + "/api/v1/auth/token/",
        data=json.dumps({"username": username, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["token"]


def scratch_postgres(url: str | None):
    """(the scratch database's URL, a function dropping it) when the suite runs on PostgreSQL."""
    if not url or not url.startswith(("postgres://", "postgresql://")):
        return None, lambda: None
    import psycopg

    base, _, _ = url.rpartition("/")
    name = f"wuye_fuzz_{os.getpid()}"
    admin = base + "/postgres"

    def run(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}", lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stop(signum, frame):
    raise SystemExit(128 + signum)  # an interrupted `make test` still stops the server


def main(extra: list[str]) -> int:
    signal.signal(signal.SIGTERM, stop)
    started = time.monotonic()
    shm = Path("/dev/shm")  # no disk syncs: migrating takes half the time
    work = Path(tempfile.mkdtemp(prefix="wuye-fuzz-", dir=shm if os.access(shm, os.W_OK) else None))
    database_url, drop_database = scratch_postgres(os.environ.get("DATABASE_URL"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url or f"sqlite:///{work / 'wuye.sqlite3'}",
        "WUYE_VAR_DIR": str(work),
        # generated logins must not lock the demo accounts out
        "WUYE_LOGIN_FAILURE_LIMIT": "1000000",
        "WUYE_LOGIN_IP_FAILURE_LIMIT": "1000000",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    server = None
    log_path = work / "server.log"
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_demo", stdout=subprocess.DEVNULL)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with open(log_path, "wb") as log:
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(base + "/api/schema/", server)
        print(f"fuzz: on {env['DATABASE_URL'].split(':')[0]}", flush=True)
        print(f"fuzz: test server ready after {time.monotonic() - started:.0f} s", flush=True)
        tokens = {user: token(base, user) for user in USERS}
        failed = []
        for user in USERS:
            command = [
                str(BIN / "schemathesis"),
                "run",
                base + "/api/schema/?format=json",
                "--checks",
                CHECKS,
                "--max-examples",
                os.environ.get("FUZZ_MAX_EXAMPLES", "10"),
                "--phases",
                os.environ.get("FUZZ_PHASES", "examples,fuzzing,stateful"),
                "--workers",
                os.environ.get("FUZZ_WORKERS", "2"),
                "--request-timeout",
                "60",
                "--generation-database",
                "none",
                "--suppress-health-check",
                "all",
                "--no-color",
                "-H",
                f"Authorization: Token {tokens[user]}",
                *[arg for path in EXCLUDED_PATHS for arg in ("--exclude-path", path)],
                *(["--seed", SEED] if SEED != "random" else []),
                *extra,
            ]
            print(f"fuzz: as {user}", flush=True)
            t0 = time.monotonic()
            try:
                result = subprocess.run(
                    command, cwd=work, timeout=float(os.environ.get("FUZZ_TIMEOUT", "600"))
                )
                code = result.returncode
            except subprocess.TimeoutExpired:
                print(f"fuzz: the run as {user} took longer than FUZZ_TIMEOUT", flush=True)
                code = -1
            print(f"fuzz: as {user}: exit {code} after {time.monotonic() - t0:.0f} s", flush=True)
            if code != 0:
                failed.append(user)
        if failed:
            print(f"--- the test server's log ({log_path}) ---")
            print(log_path.read_text(errors="replace")[-20000:])
        print(f"fuzz: done in {time.monotonic() - started:.0f} s", flush=True)
        return 1 if failed else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        if not os.environ.get("FUZZ_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
            drop_database()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
