"""Ticket lists on the shared table mechanism: sort by a column, filters kept in the page links,
and the Excel export of every page of the filtered, scoped list in a bounded number of queries."""

import datetime as dt
import io

import pytest
import time_machine
from django.utils.translation import gettext
from openpyxl import load_workbook

from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db
NOW = at(2026, 11, 26, 11)


def sheet_rows(response):
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == gettext("Next step due"))
    return rows[start], rows[start + 1 :]


@time_machine.travel(NOW, tick=False)
def test_ticket_list_sorts_by_number_and_keeps_filters_in_links(client):
    desk = Desk()
    tickets = [desk.repair(at=NOW - dt.timedelta(minutes=m)) for m in (30, 20, 10)]
    desk.complaint(at=NOW)
    client.force_login(desk.supervisor)
    response = client.get("/tickets/", {"category": "repair_in_unit", "sort": "-number"})
    assert [t.number for t in response.context["page"]] == sorted((t.number for t in tickets), reverse=True)
    page = response.content.decode()
    assert 'aria-sort="descending"' in page
    assert "?category=repair_in_unit&amp;sort=number" in page  # the toggle keeps the filter
    assert "?category=repair_in_unit&amp;sort=-number&amp;export=xlsx" in page
    unknown = client.get("/tickets/", {"category": "repair_in_unit", "sort": "contact_phone"})
    assert [t.number for t in unknown.context["page"]] == [
        t.number for t in tickets
    ]  # nearest deadline first


@time_machine.travel(NOW, tick=False)
def test_ticket_export_is_the_filtered_scoped_list_in_bounded_queries(client, django_assert_max_num_queries):
    desk = Desk()
    repairs = [desk.repair(at=NOW - dt.timedelta(minutes=m)) for m in range(60, 0, -1)]
    complaint = desk.complaint(at=NOW)
    Desk().repair(at=NOW, content="别的小区的水管")  # another project: numbers restart there
    client.force_login(desk.supervisor)
    with django_assert_max_num_queries(16):
        response = client.get("/tickets/", {"category": "repair_in_unit", "export": "xlsx"})
    header, rows = sheet_rows(response)
    numbers = [row[header.index(gettext("Number"))] for row in rows]
    assert numbers == [t.number for t in repairs]  # both pages, nearest deadline first
    assert complaint.number not in numbers and "别的小区的水管" not in str(rows)
    assert all(row[header.index(gettext("Next step"))] for row in rows)
    assert response["Content-Disposition"].startswith("attachment;")


def test_notification_export_has_only_my_notifications_and_keeps_the_unread_filter(client):
    from wuye.notifications.services import notification_mark_read, notify

    desk = Desk()
    notes = {
        key: notify(recipient=desk.assistant, kind="test", title=f"通知 {key}", dedupe_key=key)
        for key in "abc"
    }
    notify(recipient=desk.engineer, kind="test", title="别人的通知", dedupe_key="x")
    notification_mark_read(notification=notes["b"], acting_user=desk.assistant)
    client.force_login(desk.assistant)

    def exported_titles(**params):
        response = client.get("/notifications/", {**params, "export": "xlsx"})
        rows = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
        return sorted(
            row[1] for row in rows if row and len(row) > 1 and row[1] and row[1] != gettext("Title")
        )

    assert exported_titles() == ["通知 a", "通知 b", "通知 c"]
    assert exported_titles(unread="1") == ["通知 a", "通知 c"]
