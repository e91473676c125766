"""Console pages of the shift log and the custody view: the custody page with its Excel, the shift log's
forms (refusals shown on the form, 400), hand-over and acknowledgement, the hand-over lists, and the
workbench card whose figures open exactly the rows they count."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.frontdesk.models import ShiftEntry, ShiftHandover
from wuye.frontdesk.tests.factories_shift_custody import Desk

pytestmark = pytest.mark.django_db

CUSTODY, LOG, HANDOVERS = "/frontdesk/custody/", "/frontdesk/shift-log/", "/frontdesk/shift-handovers/"


@pytest.fixture
def desk():
    return Desk()


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_custody_page_lists_overdue_first_and_exports(desk, django_assert_max_num_queries):
    late = desk.stored(pickup_in=-dt.timedelta(hours=1))
    desk.mail()
    desk.key_out()
    c = login(desk.assistant)
    page = c.get(CUSTODY)
    assert page.status_code == 200
    rows = page.context["page"].object_list
    assert (rows[0].kind, rows[0].id) == ("storage", late.pk) and rows[0].overdue
    assert len(rows) == 3 and late.description in page.content.decode()
    # every row opens its record's page
    body = page.content.decode()
    assert f'href="/frontdesk/storage/{late.pk}/"' in body
    loan = desk.loan()
    body = c.get(CUSTODY).content.decode()
    assert f'href="/frontdesk/lending/{loan.item_id}/"' in body
    assert all(c.get(row.url).status_code == 200 for row in c.get(CUSTODY).context["page"].object_list)
    assert c.get(CUSTODY, {"overdue": 1}).context["page"].paginator.count == 1
    assert c.get(CUSTODY, {"kind": "key"}).context["page"].paginator.count == 1
    assert c.get(CUSTODY, {"kind": "loan"}).context["page"].paginator.count == 1
    export = c.get(CUSTODY, {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    for _i in range(5):
        desk.mail()
        desk.loan()
    with django_assert_max_num_queries(30):
        assert c.get(CUSTODY).status_code == 200


def test_custody_page_is_for_the_desk_the_gate_and_management(desk):
    assert login(desk.guard).get(CUSTODY).status_code == 200
    assert login(desk.manager).get(CUSTODY).status_code == 200
    assert login(desk.engineer).get(CUSTODY).status_code == 403
    assert login(desk.engineer).get(LOG).status_code == 403


def test_write_and_close_from_the_shift_log(desk):
    c = login(desk.assistant)
    assert c.get(LOG).status_code == 200
    body = {
        "entry-kind": "message",
        "entry-text": "请回电",
        "entry-unit_code": desk.unit.code,
        "entry-from_name": "王女士",
        "entry-contact": "13812345678",
    }
    assert c.post("/frontdesk/shift-log/entries/", body).status_code == 302
    entry = ShiftEntry.objects.get()
    assert entry.unit == desk.unit and entry.created_by == desk.assistant
    refused = c.post("/frontdesk/shift-log/entries/", {**body, "entry-from_name": ""})
    assert refused.status_code == 400
    assert str(_("Say who left the message.")) in refused.content.decode()
    no_outcome = c.post(f"/frontdesk/shift-log/entries/{entry.pk}/close/", {f"close-{entry.pk}-outcome": ""})
    assert no_outcome.status_code == 400
    assert str(_("Say what came of it before closing the entry.")) in no_outcome.content.decode()
    closed = c.post(
        f"/frontdesk/shift-log/entries/{entry.pk}/close/", {f"close-{entry.pk}-outcome": "已回电"}
    )
    assert closed.status_code == 302
    assert ShiftEntry.objects.get(pk=entry.pk).outcome == "已回电"
    assert c.get(LOG, {"state": "closed"}).context["page"].paginator.count == 1
    assert c.get(LOG).context["page"].paginator.count == 0
    assert c.get(LOG, {"export": "xlsx"}).status_code == 200


def test_hand_over_and_the_next_shift_acknowledges(desk):
    desk.entry()
    c = login(desk.assistant)
    response = c.post(
        "/frontdesk/shift-log/handover/", {"handover-shift": "白班", "handover-summary": "平稳"}
    )
    handover = ShiftHandover.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"{HANDOVERS}{handover.pk}/")
    assert handover.entries.count() == 1
    detail = c.get(f"{HANDOVERS}{handover.pk}/")
    assert detail.status_code == 200 and detail.context["can_acknowledge"] is False
    # one's own hand-over: refused, the reason shown on the next page
    own = c.post(f"{HANDOVERS}{handover.pk}/acknowledge/", follow=True)
    assert str(_("The next shift acknowledges a hand-over, not the person who handed it over.")) in (
        own.content.decode()
    )
    nxt = login(desk.next_assistant)
    assert nxt.get(f"{HANDOVERS}{handover.pk}/").context["can_acknowledge"] is True
    assert nxt.post(f"{HANDOVERS}{handover.pk}/acknowledge/").status_code == 302
    assert ShiftHandover.objects.get().acknowledged_by == desk.next_assistant
    assert c.post("/frontdesk/shift-log/handover/", {"handover-shift": ""}).status_code == 400


def test_readers_see_the_log_without_its_forms(desk):
    desk.message()
    handover = desk.handover()
    c = login(desk.manager)
    page = c.get(LOG)
    assert page.status_code == 200 and page.context["write_form"] is None
    assert "138****5678" not in page.content.decode()  # the project manager sees personal data
    assert (
        c.post("/frontdesk/shift-log/entries/", {"entry-kind": "note", "entry-text": "x"}).status_code == 403
    )
    assert c.post(f"{HANDOVERS}{handover.pk}/acknowledge/").status_code == 403
    guard_page = login(desk.guard).get(LOG).content.decode()
    assert "138****5678" in guard_page and "13812345678" not in guard_page


def test_other_projects_handovers_are_not_found(desk):
    other = Desk().handover()
    c = login(desk.assistant)
    assert c.get(f"{HANDOVERS}{other.pk}/").status_code == 404
    assert c.post(f"{HANDOVERS}{other.pk}/acknowledge/").status_code == 404


def _cards(user) -> tuple[Client, dict]:
    c = login(user)
    response = c.get("/")
    assert response.status_code == 200
    return c, {card.key: card for card in response.context["cards"]}


def test_the_workbench_card_counts_what_each_link_opens(desk):
    desk.handover()
    desk.stored(pickup_in=-dt.timedelta(hours=1))
    desk.loan(due_in=-dt.timedelta(minutes=5))
    desk.loan(due_in=dt.timedelta(days=1))  # not overdue two hours on
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        desk.handover(shift="夜班")  # fresh: not flagged yet
        c, cards = _cards(desk.assistant)
        card = cards["frontdesk-shift-custody"]
        values = {}
        for figure in card.figures:
            response = c.get(figure.url)
            assert response.status_code == 200, figure.url
            assert response.context["page"].paginator.count == figure.value, str(figure.label)
            values[figure.url.split("?")[0]] = figure.value
        assert values == {HANDOVERS: 1, CUSTODY: 2}
        assert "frontdesk-shift-custody" not in _cards(desk.engineer)[1]


def test_nothing_to_flag_means_no_card(desk):
    desk.mail()
    assert "frontdesk-shift-custody" not in _cards(desk.assistant)[1]
