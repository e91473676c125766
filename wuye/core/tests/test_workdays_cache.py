"""The company calendar lives in the cache every process shares (the database cache by default).

Two processes are two cache instances on the same `wuye_cache` table, each with its own memo.
"""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.db import connection, transaction
from django.test import override_settings

from wuye.accounts.choices import Role
from wuye.core import services, workdays
from wuye.core.models import CalendarDay
from wuye.core.tests.factories import staff

pytestmark = pytest.mark.django_db

DB_CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "wuye_cache"}}
SATURDAY = dt.date(2026, 11, 28)  # an ordinary Saturday (chinese-calendar: day off)
migration = importlib.import_module("wuye.core.migrations.0003_cache_table")


@pytest.fixture
def db_cache():
    with override_settings(CACHES=DB_CACHES):
        migration.create_cache_tables(None, SimpleNamespace(connection=connection))
        yield
        workdays.forget_local()


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(workdays, "_clock", lambda: now[0])
    return now


class Process:
    """One worker: its own connection to the shared cache table and its own memo."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.cache = DatabaseCache("wuye_cache", {})
        self.memo = workdays._Memo()

    def __enter__(self):
        self.monkeypatch.setattr(workdays, "_shared_cache", lambda: self.cache)
        workdays._memo = self.memo
        workdays._pending.edit = False
        return self

    def __exit__(self, *exc):
        self.memo = workdays._memo


def test_migration_creates_the_cache_table_and_reverses(db_cache):
    assert "wuye_cache" in connection.introspection.table_names()
    editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    migration.drop_cache_tables(None, editor)
    assert "wuye_cache" not in connection.introspection.table_names()
    migration.create_cache_tables(None, SimpleNamespace(connection=connection))
    assert "wuye_cache" in connection.introspection.table_names()


def test_an_edit_reaches_another_process_within_the_memo_bound(
    db_cache, clock, monkeypatch, django_capture_on_commit_callbacks
):
    manager = staff(Role.COMPANY_MANAGER, None)
    worker_a, worker_b = Process(monkeypatch), Process(monkeypatch)
    with worker_a:
        assert workdays.is_workday(SATURDAY) is False
    with worker_b, django_capture_on_commit_callbacks(execute=True):
        services.calendar_day_set(date=SATURDAY, kind="workday", name="调休上班", acting_user=manager)
    with worker_b:
        assert workdays.is_workday(SATURDAY) is True  # the editing worker at once
    with Process(monkeypatch):
        assert workdays.is_workday(SATURDAY) is True  # a worker that has not looked yet: at once
    with worker_a:
        assert workdays.is_workday(SATURDAY) is False  # still trusting the version it read …
        clock[0] += workdays.MEMO_SECONDS
        assert workdays.is_workday(SATURDAY) is True  # … for at most MEMO_SECONDS
    with worker_b, django_capture_on_commit_callbacks(execute=True):
        services.calendar_day_remove(day=CalendarDay.objects.get(date=SATURDAY), acting_user=manager)
    with worker_a:
        clock[0] += workdays.MEMO_SECONDS
        assert workdays.is_workday(SATURDAY) is False


def test_the_memo_spares_the_shared_cache_in_a_loop(db_cache, clock, monkeypatch, django_assert_num_queries):
    with Process(monkeypatch):
        workdays.is_workday(SATURDAY)  # reads the version and the year's table once
        with django_assert_num_queries(0):
            due = workdays.add_working_days(dt.datetime(2026, 11, 2, 9), 40)
        assert due.date() == dt.date(2026, 12, 28)
        clock[0] += workdays.MEMO_SECONDS
        with django_assert_num_queries(1):  # the version only: the year's table is still current
            workdays.is_workday(SATURDAY)


def test_an_uncommitted_edit_never_reaches_the_shared_cache(db_cache, monkeypatch):
    manager = staff(Role.COMPANY_MANAGER, None)
    with Process(monkeypatch) as worker:
        assert workdays.is_workday(SATURDAY) is False
        version = workdays._cache_version()
        with pytest.raises(RuntimeError), transaction.atomic():
            services.calendar_day_set(date=SATURDAY, kind="workday", acting_user=manager)
            assert workdays.is_workday(SATURDAY) is True  # its own transaction sees the edit
            raise RuntimeError("rolled back")
        assert worker.cache.get(f"wuye:workdays:{version}:2026") == {}
        assert workdays._cache_version() == version  # no bump without a commit
        assert workdays.is_workday(SATURDAY) is False
