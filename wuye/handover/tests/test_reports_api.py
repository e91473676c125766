"""The handover reports in the API: GET /api/v1/reports/handover-daily/?project=&date= (交房日报表)
and GET /api/v1/reports/handover-summary/?project=&batch= (房屋交接汇总报表) — the console pages'
figures (same selectors, same rows as the Excel), anonymous 401, residents 403, another project 404,
bad input 400 with field errors, a pinned query count."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from wuye.core.tests.factories import OwnerFactory, resident_user
from wuye.handover import excel, selectors, services
from wuye.handover.tests.factories import Venue

pytestmark = pytest.mark.django_db

DAILY = "/api/v1/reports/handover-daily/"
SUMMARY = "/api/v1/reports/handover-summary/"


@pytest.fixture
def clock():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False) as traveller:
        yield traveller


def client(user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def _defect(venue, handover):
    return services.defect_create(
        handover=handover,
        item="卫生间墙砖空鼓",
        location="主卫",
        responsible_party="中建三局（保修期内）",
        due_date=dt.date(2026, 12, 15),
        acting_user=venue.assistant,
    )


@pytest.fixture
def venue(clock):
    """A batch of today: one unit handed over on 12-01 (with a defect), one on 12-02, one not taken,
    one in progress, one whose owner has not come; and a batch of next March still being prepared."""
    venue = Venue()
    venue.done = services.handover_finish(
        handover=venue.through(venue.start(name="张三"), "documents_signed"), acting_user=venue.assistant
    )
    _defect(venue, venue.done)
    venue.not_taken = services.handover_not_taken(
        handover=venue.start(name="王五"), reason="业主出差", acting_user=venue.assistant
    )
    venue.in_progress = venue.start(name="赵六")
    venue.waiting, _name, _id = venue.unit(name="钱七")
    clock.move_to("2026-12-02 15:30 +0800")
    venue.next_day = services.handover_finish(
        handover=venue.through(venue.start(name="李四"), "documents_signed"), acting_user=venue.assistant
    )
    venue.later = services.batch_create(
        project=venue.project, name="二期交房", handover_date=dt.date(2027, 3, 1), acting_user=venue.manager
    )
    return venue


def test_the_paths_are_the_contract():
    assert reverse("api-report-handover-daily") == DAILY
    assert reverse("api-report-handover-summary") == SUMMARY


def test_the_daily_report_has_the_pages_figures_and_rows(venue):
    answer = client(venue.assistant).get(DAILY, {"project": venue.project.pk, "date": "2026-12-01"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["project"] == venue.project.pk and body["date"] == "2026-12-01"
    assert [b["batch"] for b in body["batches"]] == [venue.batch.pk]  # the March batch is not due yet
    assert body["handed_over_today"] == 1 and body["defects_found"] == 1
    (batch,) = body["batches"]
    page = selectors.daily_report(venue.batch, dt.date(2026, 12, 1))  # what the console page shows
    assert {k: batch[k] for k in ("handed_over_today", "handed_over_to_date", "total_units")} == {
        "handed_over_today": page.handed_over_today,
        "handed_over_to_date": page.handed_over_to_date,
        "total_units": page.total_units,
    }
    assert batch["remaining"] == page.remaining == page.total_units - 1
    assert batch["not_taken"] == page.not_taken == 1
    assert batch["defects_found"] == page.defects_found == 1
    (row,) = batch["handovers"]
    (excel_row,) = excel.daily_rows(page)
    assert row["unit_code"] == excel_row[0] == venue.done.unit.code
    assert row["owner_name"] == excel_row[1] == "张三"
    assert row["fees_start"] == excel_row[3].isoformat() and row["fees_end"] == excel_row[4].isoformat()
    assert Decimal(row["fees_amount"]) == excel_row[5]
    assert row["key_count"] == excel_row[6] == 3
    assert row["defect_count"] == excel_row[7] == 1
    assert row["handover"] == venue.done.pk and row["unit"] == venue.done.unit_id


def test_the_running_totals_on_the_next_day_and_one_batch_by_name(venue):
    api = client(venue.manager)
    body = api.get(DAILY, {"project": venue.project.pk, "date": "2026-12-02"}).json()
    (batch,) = body["batches"]
    assert batch["handed_over_today"] == 1 and batch["handed_over_to_date"] == 2
    assert [h["unit_code"] for h in batch["handovers"]] == [venue.next_day.unit.code]
    assert batch["defects_found"] == 0
    # the batch still being prepared, asked for by name: nothing handed over, all its units remain
    body = api.get(DAILY, {"project": venue.project.pk, "date": "2026-12-02", "batch": venue.later.pk}).json()
    (later,) = body["batches"]
    assert later["batch"] == venue.later.pk and later["handed_over_today"] == 0
    assert later["remaining"] == later["total_units"]


def test_the_day_defaults_to_today(venue):
    body = client(venue.assistant).get(DAILY, {"project": venue.project.pk}).json()
    assert body["date"] == "2026-12-02" and body["handed_over_today"] == 1


def test_the_summary_has_the_pages_rows(venue):
    answer = client(venue.assistant).get(SUMMARY, {"project": venue.project.pk, "batch": venue.batch.pk})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    page = selectors.summary(venue.batch)
    assert body["batch"] == venue.batch.pk and body["project"] == venue.project.pk
    assert body["handed_over"] == len(page.handed_over) == 2
    assert body["not_taken"] == len(page.not_taken)
    rows = {row["unit_code"]: row for row in body["rows"]}
    assert list(rows) == [row[0] for row in excel.summary_rows(page)]  # same units, same order
    done = rows[venue.done.unit.code]
    assert done["taken"] is True and done["owner_name"] == "张三" and done["reason"] == ""
    assert done["handover"] == venue.done.pk and done["handover_date"] == "2026-12-01"
    assert done["fees_start"] == "2026-12-01"
    not_taken = rows[venue.not_taken.unit.code]
    assert not_taken["taken"] is False and not_taken["reason"] == "业主出差"
    assert not_taken["owner"] is None and not_taken["fees_start"] is None
    reasons = {row[0]: row[-1] for row in excel.summary_rows(page)}
    assert rows[venue.in_progress.unit.code]["reason"] == reasons[venue.in_progress.unit.code]
    waiting = rows[venue.waiting.code]
    assert waiting["handover"] is None and waiting["reason"] == reasons[venue.waiting.code]


def test_anonymous_401_residents_403_and_another_project_404(venue):
    query = {"project": venue.project.pk, "batch": venue.batch.pk}
    assert client().get(DAILY, query).status_code == 401
    assert client().get(SUMMARY, query).status_code == 401
    resident = resident_user(owner=OwnerFactory(project=venue.project))
    assert client(resident).get(DAILY, query).status_code == 403
    assert client(resident).get(SUMMARY, query).status_code == 403
    other = Venue()
    outsider = client(other.manager)
    assert outsider.get(DAILY, {"project": venue.project.pk}).status_code == 404
    assert outsider.get(SUMMARY, query).status_code == 404
    # a batch of another project, named with one's own project: not found either
    mixed = {"project": other.project.pk, "batch": venue.batch.pk}
    assert outsider.get(SUMMARY, mixed).status_code == 404
    assert outsider.get(DAILY, mixed).status_code == 404


@pytest.mark.parametrize(
    ("url", "query", "fields"),
    [
        (DAILY, {}, {"project"}),
        (DAILY, {"project": "x", "date": "2026-13-01"}, {"project", "date"}),
        (DAILY, {"project": 1, "date": "1800-01-01"}, {"date"}),
        (DAILY, {"project": 1, "batch": "0"}, {"batch"}),
        (SUMMARY, {"project": 1}, {"batch"}),
        (SUMMARY, {}, {"project", "batch"}),
    ],
)
def test_bad_input_answers_400_naming_the_fields(clock, url, query, fields):
    answer = client(Venue().assistant).get(url, query)
    assert answer.status_code == 400
    assert set(answer.json()["fields"]) == fields


def test_the_reports_do_not_query_per_row(venue, django_assert_max_num_queries):
    for _ in range(3):
        services.handover_finish(
            handover=venue.through(venue.start(), "documents_signed"), acting_user=venue.assistant
        )
    api = client(venue.assistant)
    with django_assert_max_num_queries(10):
        body = api.get(DAILY, {"project": venue.project.pk, "date": "2026-12-02"}).json()
    assert body["handed_over_today"] == 4
    with django_assert_max_num_queries(8):
        body = api.get(SUMMARY, {"project": venue.project.pk, "batch": venue.batch.pk}).json()
    assert body["handed_over"] == 5
