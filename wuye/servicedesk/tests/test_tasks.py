"""The Celery tasks wrap the same idempotent services as the management commands."""

import datetime as dt

import pytest
import time_machine

from config.celery import app
from wuye.notifications.tasks import deliver_notifications
from wuye.servicedesk.tasks import servicedesk_sweep
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db


def test_beat_schedule_names_real_tasks():
    app.loader.import_default_modules()
    schedule = app.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)


def test_sweep_task_runs_eagerly():
    desk = Desk()
    t0 = at(2026, 11, 26, 10)
    with time_machine.travel(t0, tick=False):
        desk.repair()
    with time_machine.travel(t0 + dt.timedelta(minutes=11), tick=False):
        assert servicedesk_sweep.apply().get()["late_marked"] == 1
        assert servicedesk_sweep.apply().get()["late_marked"] == 0
    assert deliver_notifications.apply().get() == 0  # no e-mail address: nothing to send
