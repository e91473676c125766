"""The occupancy console pages: navigation, the move-in form, the exit page naming what is
outstanding, the transfer form, the Excel exports."""

import datetime as dt

import pytest
import time_machine

from wuye.core.tests.factories import resident_user
from wuye.estate.models import Lease, Ownership
from wuye.occupancy import services
from wuye.occupancy.models import MoveIn, TenantExit
from wuye.occupancy.tests.factories import MONTHLY, Estate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def estate(_today):
    return Estate()


def test_navigation_and_staff_only(client, estate):
    client.force_login(estate.assistant)
    home = client.get("/").content.decode()
    for url in ("/occupancy/move-ins/", "/occupancy/exits/", "/occupancy/transfers/"):
        assert f'href="{url}"' in home
        assert client.get(url).status_code == 200
    unit, owner = estate.owned()
    client.force_login(resident_user(owner=owner))
    assert client.get("/occupancy/move-ins/").status_code == 403


def test_tenant_move_in_through_the_form(client, estate):
    unit, _owner = estate.owned()
    client.force_login(estate.assistant)
    page = client.get("/occupancy/move-ins/new/", {"unit": unit.code})
    assert page.status_code == 200 and "tenant_name" in page.content.decode()
    post = {
        "unit": unit.code,
        "kind": "tenant",
        "moved_in_on": "2026-11-20",
        "tenant_name": "赵租户",
        "tenant_mobile": "13912345678",
    }
    refused = client.post("/occupancy/move-ins/new/", post)
    assert refused.status_code == 400
    assert "承诺书" in refused.content.decode()  # the missing commitment letter is named
    done = client.post(
        "/occupancy/move-ins/new/",
        {
            **post,
            "commitment_letter_on_file": "on",
            "lease_agreement_on_file": "on",
            "tenant_form_completed": "on",
            "safety_letter_signed": "on",
        },
    )
    move_in = MoveIn.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/occupancy/move-ins/{move_in.pk}/"
    assert Lease.objects.get(unit=unit).tenant.name == "赵租户"
    export = client.get("/occupancy/move-ins/", {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]


def test_exit_page_shows_outstanding_then_completes(client, estate):
    unit, _owner, lease = estate.rented()
    estate.books.run(start=dt.date(2026, 11, 1))
    client.force_login(estate.assistant)
    page = client.get(f"/occupancy/leases/{lease.pk}/exit/").content.decode()
    assert 'data-code="arrears"' in page and 'data-code="owner_consent"' in page
    waiting = client.post(
        f"/occupancy/leases/{lease.pk}/exit/", {"moving_date": "2026-11-20", "owner_consent": "agreed"}
    )
    assert waiting.status_code == 400 and 'data-code="arrears"' in waiting.content.decode()
    assert TenantExit.objects.get().status == "waiting"
    estate.pay(unit, sum(c.amount - c.allocated for c in unit.charges.all()))
    done = client.post(
        f"/occupancy/leases/{lease.pk}/exit/", {"moving_date": "2026-11-20", "owner_consent": "agreed"}
    )
    assert done.status_code == 302
    assert TenantExit.objects.get().release_pass_allowed


def test_transfer_form_names_missing_then_transfers(client, estate):
    unit, old = estate.owned("owner_occupied")
    estate.bill(unit)
    client.force_login(estate.assistant)
    assert 'data-code="prepayment"' in client.get(f"/occupancy/units/{unit.pk}/transfer/").content.decode()
    post = {
        "transfer_date": "2026-11-20",
        "title_certificate_no": "不动产权第009号",
        "name": "钱新主",
        "fire_safety_letter_signed": "on",
    }
    refused = client.post(f"/occupancy/units/{unit.pk}/transfer/", post)
    assert refused.status_code == 400
    estate.pay(unit, MONTHLY * 6)
    done = client.post(f"/occupancy/units/{unit.pk}/transfer/", post)
    assert done.status_code == 302
    assert Ownership.objects.active().get(unit=unit).owner.name == "钱新主"
    assert client.get("/occupancy/transfers/", {"unit": unit.code})["Location"].endswith(
        f"/units/{unit.pk}/transfer/"
    )


def test_lists_filter_open_care_tasks_and_waiting_exits(client, estate):
    unit, owner = estate.owned(vip=True)
    services.move_in_record(
        unit=unit,
        kind="owner",
        owner=owner,
        identity_checked=True,
        moved_in_on=dt.date(2026, 11, 20),
        acting_user=estate.assistant,
    )
    _unit, _owner, lease = estate.rented()
    services.tenant_exit_request(
        lease=lease,
        moving_date=dt.date(2026, 11, 20),
        owner_consent="not_asked",
        acting_user=estate.assistant,
    )
    estate.owned()  # noise: nothing open
    client.force_login(estate.assistant)
    care = client.get("/occupancy/move-ins/", {"care": "open"})
    assert care.context["page"].paginator.count == 1
    waiting = client.get("/occupancy/exits/", {"status": "waiting"})
    assert waiting.context["page"].paginator.count == 1
