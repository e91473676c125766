"""The release passes in the console: the list (filters, flag, Excel), the new-pass form, a pass's
actions with refusals on the form, the daily list with Excel, the gate page, the workbench card and
the menu."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from wuye.core import workbench
from wuye.core.roles import Role
from wuye.core.tests.factories import UnitFactory, staff
from wuye.frontdesk.models import ReleasePass
from wuye.frontdesk.services import passes as services
from wuye.frontdesk.tests.factories_passes import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def web(user):
    c = Client()
    c.force_login(user)
    return c


def _new_pass_post(desk, **extra):
    data = {
        "unit_code": desk.unit.code,
        "kind": "temporary",
        "carrier_kind": "owner",
        "carrier_name": desk.owner.name,
        "item_name_1": "沙发",
        "item_quantity_1": "1",
        "item_name_2": "椅子",
        "item_quantity_2": "4",
        "item_note_2": "木质",
    }
    data.update(extra)
    return data


def test_new_pass_form_and_refusals(desk):
    c = web(desk.assistant)
    assert c.get("/frontdesk/passes/new/").status_code == 200
    response = c.post("/frontdesk/passes/new/", _new_pass_post(desk))
    assert response.status_code == 302
    release_pass = ReleasePass.objects.get()
    assert [(i.name, i.quantity, i.note) for i in release_pass.items.all()] == [
        ("沙发", 1, ""),
        ("椅子", 4, "木质"),
    ]
    # no items: refused on the form
    data = _new_pass_post(desk, item_name_1="", item_quantity_1="", item_name_2="", item_quantity_2="")
    response = c.post("/frontdesk/passes/new/", data)
    assert response.status_code == 400
    assert response.context["form"].errors
    # arrears: moving out refused, saying what is owed
    desk.owe("66.00")
    response = c.post("/frontdesk/passes/new/", _new_pass_post(desk, kind="moving_out"))
    assert response.status_code == 400
    assert "66" in response.content.decode()
    assert web(desk.guard).get("/frontdesk/passes/new/").status_code == 403


def test_pass_page_actions(desk):
    release_pass = desk.new(carrier_kind="worker", carrier_name="搬家师傅")
    c = web(desk.assistant)
    page = c.get(f"/frontdesk/passes/{release_pass.pk}/")
    assert page.status_code == 200
    assert [a["name"] for a in page.context["actions"]] == ["consent", "approve", "cancel"]
    response = c.post(
        f"/frontdesk/passes/{release_pass.pk}/consent/",
        {
            "consent-phone": desk.owner.mobile,
            "consent-name": desk.owner.name,
            "consent-answer": "unreachable",
        },
    )
    assert response.status_code == 302
    response = c.post(f"/frontdesk/passes/{release_pass.pk}/approve/", {"approve-carrier_signed": "on"})
    assert response.status_code == 400  # unreachable: no issue, said on the form
    assert response.context["actions"][1]["form"].non_field_errors()
    c.post(
        f"/frontdesk/passes/{release_pass.pk}/consent/",
        {"consent-phone": desk.owner.mobile, "consent-name": desk.owner.name, "consent-answer": "agreed"},
    )
    response = c.post(f"/frontdesk/passes/{release_pass.pk}/approve/", {"approve-carrier_signed": "on"})
    assert response.status_code == 302
    release_pass.refresh_from_db()
    assert release_pass.status == "approved"
    pdf = c.get(f"/frontdesk/passes/{release_pass.pk}/pass.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        web(desk.guard)
        .post(f"/frontdesk/passes/{release_pass.pk}/cancel/", {"cancel-reason": "x"})
        .status_code
        == 403
    )
    assert web(Desk().assistant).get(f"/frontdesk/passes/{release_pass.pk}/").status_code == 404


def test_list_filters_flag_and_excel(desk, django_assert_max_num_queries):
    for _ in range(3):
        desk.new()
    desk.new(carrier_kind="owner", valid_on=timezone.localdate() + dt.timedelta(days=1), kind="moving_out")
    desk.new(unit=UnitFactory(building=desk.building))  # another unit: one pass, not flagged
    c = web(desk.assistant)
    c.get("/frontdesk/passes/")  # warm the session and the menu
    with django_assert_max_num_queries(30):
        page = c.get("/frontdesk/passes/")
    assert page.status_code == 200
    rows = list(page.context["page"])
    # the unit with three temporary passes is flagged on all its passes of those days
    assert len(rows) == 5 and sum(1 for p in rows if p.flagged) == 4
    assert len(list(c.get("/frontdesk/passes/", {"kind": "moving_out"}).context["page"])) == 1
    assert len(list(c.get("/frontdesk/passes/", {"flagged": "on"}).context["page"])) == 4
    export = c.get("/frontdesk/passes/", {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheet" in export["Content-Type"]
    assert web(staff(Role.ENGINEER, desk.project)).get("/frontdesk/passes/").status_code == 403


def test_daily_list_page_and_excel(desk):
    used = desk.issued(carrier_kind="owner")
    services.pass_release(release_pass=used, items_checked=True, acting_user=desk.guard)
    c = web(desk.supervisor)
    page = c.get("/frontdesk/passes/daily/")
    assert page.status_code == 200
    assert page.context["report"].counts == {"used": 1}
    assert used.number in page.content.decode()
    export = c.get("/frontdesk/passes/daily/", {"day": timezone.localdate().isoformat(), "export": "xlsx"})
    assert export.status_code == 200 and "spreadsheet" in export["Content-Type"]


def test_gate_page_release_once_then_red_refusals(desk):
    release_pass = desk.issued(carrier_kind="owner")
    c = web(desk.guard)
    page = c.get("/gate/", {"number": release_pass.number.lower()})
    assert page.status_code == 200
    assert page.context["p"] == release_pass and page.context["release_form"] is not None
    assert not page.context["refusal"]
    not_checked = c.post("/gate/release/", {"release-number": release_pass.number})
    assert not_checked.status_code == 400 and not_checked.context["release_form"].errors
    done = c.post("/gate/release/", {"release-number": release_pass.number, "release-items_checked": "on"})
    assert done.status_code == 200 and done.context["released"].status == "used"
    again = c.get("/gate/", {"number": release_pass.number})
    assert again.context["refusal"] and again.context["release_form"] is None
    assert 'id="gate-refusal"' in again.content.decode()
    twice = c.post("/gate/release/", {"release-number": release_pass.number, "release-items_checked": "on"})
    assert twice.status_code == 400 and str(desk.guard) in twice.context["refusal"]
    unknown = c.get("/gate/", {"number": "FX1999-0001"})
    assert unknown.status_code == 400 and unknown.context["refusal"]
    assert web(desk.assistant).get("/gate/").status_code == 403


def test_workbench_cards_and_menu(desk):
    desk.new()
    desk.issued(carrier_kind="owner")
    now = timezone.now()
    desk_cards = [
        c
        for c in workbench.cards(user=desk.assistant, project=desk.project, now=now)
        if c.key == "frontdesk-passes"
    ]
    assert [f.value for f in desk_cards[0].figures] == [1, 1]
    gate_cards = [
        c
        for c in workbench.cards(user=desk.guard, project=desk.project, now=now)
        if c.key == "frontdesk-passes"
    ]
    assert [f.value for f in gate_cards[0].figures] == [1]
    page = web(desk.assistant).get(desk_cards[0].figures[0].url)
    assert len(list(page.context["page"])) == 1
    home = web(desk.guard).get("/")
    assert "/gate/" in home.content.decode()
