"""The printed occupancy papers (入住知会单, 过户登记表, 退租登记表) from the API and the console, and
the old owner's archive marked with the transfer date (`Owner.transferred_on`)."""

import datetime as dt

import pytest
import time_machine
from django.utils.translation import gettext
from rest_framework.test import APIClient

from wuye.core.masking import mask_id_number
from wuye.core.pdf import paper_language
from wuye.core.tests.factories import resident_user
from wuye.occupancy import services
from wuye.occupancy.tests.factories import MONTHLY, Estate

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC)):  # 10:00 in Shanghai
        yield


@pytest.fixture
def estate(_today):
    return Estate()


def paper_title(msgid: str) -> str:
    """The paper's title as printed (the papers are Chinese whatever the user's language)."""
    with paper_language():
        return gettext(msgid)


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _tenant_move_in(estate):
    unit, owner = estate.owned()
    move_in = services.move_in_record(
        unit=unit,
        kind="tenant",
        moved_in_on=TODAY,
        acting_user=estate.assistant,
        tenant_info={"name": "钱租户", "mobile": "13912345678"},
        lease_end_date=dt.date(2027, 11, 19),
        commitment_letter_on_file=True,
        lease_agreement_on_file=True,
        tenant_form_completed=True,
        safety_letter_signed=True,
        vip_care=True,
    )
    return move_in, owner


def _transfer(estate):
    unit, old = estate.owned("owner_occupied")
    estate.bill(unit)
    estate.pay(unit, MONTHLY * 6)  # the rest becomes prepayment credit
    transfer = services.ownership_transfer(
        unit=unit,
        transfer_date=TODAY,
        title_certificate_no="川(2026)成都市不动产权第0077777号",
        new_owner_info={"name": "孙新业主", "mobile": "13712345678"},
        fire_safety_letter_signed=True,
        acting_user=estate.assistant,
    )
    return transfer, old


def _exit(estate):
    _unit, _owner, lease = estate.rented()
    return services.tenant_exit_request(
        lease=lease,
        moving_date=TODAY,
        owner_consent="agreed",
        items_to_stay="空调两台",
        acting_user=estate.assistant,
    )


# --- the old owner's archive ---------------------------------------------------------------------


def test_the_transfer_marks_the_old_owners_archive_with_the_date_and_keeps_the_note(estate):
    transfer, old = _transfer(estate)
    old.refresh_from_db()
    assert old.transferred_on == TODAY
    assert transfer.unit.code in old.archive_note and "2026-11-20" in old.archive_note
    assert transfer.new_owner.transferred_on is None
    assert old.history.latest().transferred_on == TODAY  # the change is in the owner's history


def test_the_owner_api_shows_the_transfer_date_read_only(estate):
    _transfer_, old = _transfer(estate)
    client = client_for(estate.manager)
    url = f"/api/v1/owners/{old.pk}/"
    assert client.get(url).json()["transferred_on"] == "2026-11-20"
    answer = client.patch(url, {"transferred_on": "2020-01-01", "notes": "已过户"}, format="json")
    assert answer.status_code == 200, answer.content
    old.refresh_from_db()
    assert old.transferred_on == TODAY and old.notes == "已过户"


def test_the_owner_page_shows_the_transfer_date(client, estate):
    _transfer_, old = _transfer(estate)
    client.force_login(estate.manager)
    page = client.get(f"/owners/{old.pk}/").content.decode()
    assert 'data-field="transferred_on">2026-11-20<' in page


# --- the papers ----------------------------------------------------------------------------------


def test_the_move_in_notice(estate, pdf_text):
    move_in, owner = _tenant_move_in(estate)
    answer = client_for(estate.assistant).get(f"/api/v1/move-ins/{move_in.pk}/notice/")
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert paper_title("Move-in notice") in text
    assert move_in.unit.code in text and "钱租户" in text and owner.name in text
    assert "2026-11-20" in text and "2027-11-19" in text
    with paper_language():
        for department in ("Security department", "Engineering department", "Cashier's office"):
            assert gettext(department) in text


def test_the_transfer_form_masks_the_previous_owners_id(estate, pdf_text):
    transfer, old = _transfer(estate)
    answer = client_for(estate.assistant).get(f"/api/v1/ownership-transfers/{transfer.pk}/form/")
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert paper_title("Ownership transfer form") in text
    assert transfer.unit.code in text and old.name in text and "孙新业主" in text
    assert "0077777" in text and "2026-11-20" in text
    assert old.id_number not in text and mask_id_number(old.id_number) in text
    assert str(transfer.prepaid) in text and str(MONTHLY * 6) in text


def test_the_tenant_exit_record(estate, pdf_text):
    exit_ = _exit(estate)
    answer = client_for(estate.assistant).get(f"/api/v1/tenant-exits/{exit_.pk}/form/")
    assert answer.status_code == 200, answer.content
    text = pdf_text(answer.content)
    assert paper_title("Tenant exit record") in text
    assert exit_.unit.code in text and exit_.lease.tenant.name in text and "空调两台" in text


def test_the_papers_are_not_found_outside_the_scope_and_refused_to_residents(estate):
    move_in, owner = _tenant_move_in(estate)
    transfer, _old = _transfer(estate)
    exit_ = _exit(estate)
    urls = [
        f"/api/v1/move-ins/{move_in.pk}/notice/",
        f"/api/v1/ownership-transfers/{transfer.pk}/form/",
        f"/api/v1/tenant-exits/{exit_.pk}/form/",
    ]
    elsewhere = client_for(Estate().assistant)
    resident = client_for(resident_user(owner=owner))
    for url in urls:
        assert elsewhere.get(url).status_code == 404
        assert resident.get(url).status_code == 403
        assert APIClient().get(url).status_code == 401


def test_the_console_links_the_papers(client, estate, pdf_text):
    move_in, _owner = _tenant_move_in(estate)
    transfer, _old = _transfer(estate)
    exit_ = _exit(estate)
    client.force_login(estate.assistant)
    papers = {
        "/occupancy/move-ins/": f"/occupancy/move-ins/{move_in.pk}/notice.pdf",
        f"/occupancy/move-ins/{move_in.pk}/": f"/occupancy/move-ins/{move_in.pk}/notice.pdf",
        "/occupancy/transfers/": f"/occupancy/transfers/{transfer.pk}/form.pdf",
        "/occupancy/exits/": f"/occupancy/exits/{exit_.pk}/form.pdf",
    }
    for page, link in papers.items():
        assert f'href="{link}"' in client.get(page).content.decode(), page
        answer = client.get(link)
        assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert transfer.unit.code in pdf_text(client.get(papers["/occupancy/transfers/"]).content)
    exported = client.get("/occupancy/move-ins/", {"export": "xlsx"})
    assert exported.status_code == 200  # the print column stays out of the file
    client.force_login(Estate().assistant)
    for link in papers.values():
        assert client.get(link).status_code == 404
