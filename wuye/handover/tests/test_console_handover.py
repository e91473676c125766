"""Console pages of handover: batches and checklist, the unit's form step by step, defects, the
daily report and the summary (page and Excel), the workbench card."""

import datetime as dt
import io

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from wuye.core import workbench
from wuye.core.roles import Role
from wuye.core.tests.factories import resident_user, staff
from wuye.handover import services
from wuye.handover.models import Handover
from wuye.handover.tests.factories import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_of_december():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        yield


@pytest.fixture
def venue():
    return Venue()


def login(client, user):
    client.force_login(user)
    return client


def test_batches_page_plans_a_batch_with_its_checklist(client, venue):
    login(client, venue.manager)
    answer = client.post("/handover/", {"name": "二期交房", "handover_date": "2027-03-01"})
    assert answer.status_code == 302
    page = client.get(answer["Location"])
    assert page.status_code == 200
    assert page.content.decode().count('class="state-') == 11


def test_an_assistant_cannot_plan_but_sees_the_batches(client, venue):
    login(client, venue.assistant)
    assert client.get("/handover/").status_code == 200
    assert client.post("/handover/", {"name": "x", "handover_date": "2027-03-01"}).status_code == 403


def test_residents_are_refused(client, venue):
    from wuye.core.tests.factories import OwnerFactory

    login(client, resident_user(owner=OwnerFactory(project=venue.project)))
    assert client.get("/handover/").status_code == 403


def test_the_unit_form_goes_step_by_step_and_says_why_it_refuses(client, venue):
    unit, name, id_number = venue.unit()
    login(client, venue.assistant)
    answer = client.post(f"/handover/batches/{venue.batch.pk}/start/", {"unit_code": unit.code})
    assert answer.status_code == 302
    handover = Handover.objects.get(unit=unit)
    url = f"/handover/units/{handover.pk}/step/"
    answer = client.post(url, {"step": "roster_verified", "name": "李四", "id_number": id_number})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "does not match" in html or "不符" in html
    assert (
        client.post(url, {"step": "roster_verified", "name": name, "id_number": id_number}).status_code == 302
    )
    handover.refresh_from_db()
    assert handover.last_step == "roster_verified"
    page = client.get(f"/handover/units/{handover.pk}/")
    assert 'name="step" value="documents_collected"' in page.content.decode()


def test_checklist_item_done_from_the_batch_page(client, venue):
    login(client, venue.manager)
    item = venue.batch.checklist.get(task="rehearsal")
    assert client.post(f"/handover/checklist/{item.pk}/done/").status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None


def test_daily_report_and_summary_with_excel(client, venue):
    done = services.handover_finish(
        handover=venue.through(venue.start(), "documents_signed"), acting_user=venue.assistant
    )
    waiting = venue.start()
    services.handover_not_taken(handover=waiting, reason="业主出差", acting_user=venue.assistant)
    login(client, venue.assistant)
    page = client.get(f"/handover/batches/{venue.batch.pk}/daily/?day=2026-12-01")
    assert page.status_code == 200
    assert done.unit.code in page.content.decode()
    book = load_workbook(
        io.BytesIO(
            client.get(f"/handover/batches/{venue.batch.pk}/daily/?day=2026-12-01&export=xlsx").content
        )
    )
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert done.unit.code in cells
    book = load_workbook(
        io.BytesIO(client.get(f"/handover/batches/{venue.batch.pk}/summary/?export=xlsx").content)
    )
    rows = {row[0]: row for row in book.active.iter_rows(values_only=True) if row and row[0]}
    assert rows[waiting.unit.code][-1] == "业主出差"
    assert rows[done.unit.code][-1] in ("", None)


def test_defects_page_closes_a_defect(client, venue):
    handover = venue.start()
    defect = services.defect_create(
        handover=handover,
        item="门锁卡涩",
        location="入户门",
        responsible_party="中建三局",
        due_date=dt.date(2026, 11, 28),
        acting_user=venue.assistant,
    )
    login(client, staff(Role.ENGINEER, venue.project))
    page = client.get("/handover/defects/?state=overdue")
    assert "门锁卡涩" in page.content.decode()
    client.post(f"/handover/defects/{defect.pk}/close/", {"result": "已更换", "owner_signed_off": "on"})
    defect.refresh_from_db()
    assert defect.closed_at is not None


def test_workbench_card_counts_late_items_and_overdue_defects(venue):
    late = Venue(handover_date=dt.date(2027, 1, 10))  # its T−60 items are late
    services.defect_create(
        handover=late.start(),
        item="门锁卡涩",
        location="入户门",
        responsible_party="中建三局",
        due_date=dt.date(2026, 11, 28),
        acting_user=late.assistant,
    )
    cards = workbench.cards(user=late.manager, project=late.project, now=timezone.now())
    card = next(c for c in cards if c.key == "handover")
    values = {f.url.split("?")[-1]: f.value for f in card.figures}
    assert values["state=late"] == 5
    assert values["state=overdue"] == 1
    assert not [
        c
        for c in workbench.cards(user=late.assistant, project=late.project, now=timezone.now())
        if c.key == "handover"
    ]


def test_the_workbench_links_open_exactly_the_rows_they_count(client):
    late = Venue(handover_date=dt.date(2027, 1, 10))
    cards = workbench.cards(user=late.manager, project=late.project, now=timezone.now())
    figures = next(c for c in cards if c.key == "handover").figures
    login(client, late.manager)
    for figure in figures:
        html = client.get(figure.url).content.decode()
        assert html.count('class="state-') == figure.value, figure.url


def test_the_step_form_shows_to_whoever_may_record_the_step(client, venue):
    handover = venue.through(venue.start(), "fees_computed")  # next: the payment, the cashier's
    login(client, venue.assistant)
    assert 'name="step" value="paid"' not in client.get(f"/handover/units/{handover.pk}/").content.decode()
    login(client, venue.cashier)
    assert 'name="step" value="paid"' in client.get(f"/handover/units/{handover.pk}/").content.decode()
    login(client, staff(Role.SECURITY, venue.project))
    page = client.get(f"/handover/units/{handover.pk}/")
    assert page.status_code == 200 and 'name="step"' not in page.content.decode()
