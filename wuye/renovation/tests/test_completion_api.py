"""API of the completion part: /api/v1/renovations/{id}/fees|workers|permit|start|entry-confirmation|
complete|accept|refund|refund/decide|refund-memo — one renovation through them, the printed papers,
scope (another project's renovation answers 404) and roles (403)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation

from wuye.core.tests.api import assert_error, post
from wuye.renovation.tests.factories_completion import CompletionSite, worker_id

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
needs_pdftotext = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed"
)


def url(renovation, action: str) -> str:
    return f"/api/v1/renovations/{renovation.pk}/{action}/"


def zh(message: str) -> str:
    """A paper's label as printed (papers are Chinese whatever the user's language)."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def text_of(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def site():
    return CompletionSite()


def test_one_renovation_from_fees_to_refund(site, login):
    renovation = site.approved(prepared=True)
    cs = login(site.assistant)
    response = post(
        cs, url(renovation, "workers"), {"name": "李木工", "id_number": worker_id(7), "trade": "木工"}
    )
    assert response.status_code == 201, response.content
    worker = response.json()
    assert worker["pass_number"].startswith("CR")
    assert [w["id"] for w in cs.get(url(renovation, "workers")).json()] == [worker["id"]]
    quote = login(site.cashier).get(url(renovation, "fees")).json()
    assert [(line["kind"], line["amount"]) for line in quote] == [
        ("deposit", "2000.00"),
        ("management", "300.00"),
        ("debris", "300.00"),
        ("pass", "20.00"),
    ]
    response = post(
        login(site.cashier), url(renovation, "fees"), {"method": "pos", "reference": "POS-778899"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["deposit_held"] == "2000.00" and len(body["fees"]) == 4
    cs = login(site.assistant)
    response = post(cs, url(renovation, "permit"))
    assert response.status_code == 200, response.content
    assert response.json()["permit_number"].startswith("XK")
    permit = cs.get(url(renovation, "permit"))
    assert permit.status_code == 200 and permit["Content-Type"] == "application/pdf"
    assert permit.content.startswith(b"%PDF")
    response = post(
        cs,
        url(renovation, "start"),
        {
            "water_reading": "10.00",
            "electricity_reading": "200.50",
            "water_test_passed": True,
            "inspected_with": "王建国",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress" and response.json()["status_before"] == "vacant"
    assert cs.get(url(renovation, "entry-confirmation")).content.startswith(b"%PDF")
    agreed = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert (
        post(cs, url(renovation, "complete"), {"agreed_at": agreed}).json()["status"]
        == "completion_requested"
    )
    response = post(
        login(site.engineer),
        url(renovation, "accept"),
        {"engineering_inspector": site.engineer.pk, "security_inspector": site.guard.pk, "passed": True},
    )
    assert response.status_code == 200, response.content
    accepted = response.json()
    assert accepted["status"] == "accepted" and accepted["workers"][0]["returned_at"] is not None
    # before the refundable day: 400 naming the date
    early = assert_error(post(login(site.assistant), url(renovation, "refund"), {}), 400, "refund_not_yet")
    assert accepted["refundable_on"] in early["message"] and "refundable_on" in early["fields"]
    day = dt.date.fromisoformat(accepted["refundable_on"])
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SH), tick=False):
        response = post(
            login(site.assistant),
            url(renovation, "refund"),
            {"damages": [{"reason": "公共走廊墙面损坏", "amount": "150.00"}]},
        )
        assert response.status_code == 200, response.content
        assert response.json()["refund"]["deduction_total"] == "150.00"
        renovation.refresh_from_db()
        missing = assert_error(
            post(login(site.manager), url(renovation, "refund/decide"), {"approve": True}),
            400,
            "refund_not_signed",
        )
        assert "owner" in missing["fields"]
        site.sign_refund(renovation)
        response = post(
            login(site.manager), url(renovation, "refund/decide"), {"approve": True, "comment": "同意"}
        )
        assert response.status_code == 200, response.content
        closed = response.json()
    assert closed["status"] == "closed" and closed["refund"]["refund_amount"] == "1850.00"
    memo = login(site.cashier).get(url(renovation, "refund-memo"))
    assert memo.status_code == 200 and memo.content.startswith(b"%PDF")


def test_another_project_answers_404(site, login):
    renovation = site.charged()
    other = CompletionSite(fee_standard=False)
    for user, method, action in [
        (other.cashier, "get", "fees"),
        (other.cashier, "post", "fees"),
        (other.assistant, "post", "workers"),
        (other.assistant, "post", "permit"),
        (other.assistant, "get", "permit"),
        (other.assistant, "post", "start"),
        (other.engineer, "post", "accept"),
        (other.assistant, "post", "refund"),
        (other.manager, "post", "refund/decide"),
        (other.manager, "get", "refund-memo"),
    ]:
        client = login(user)
        response = (
            client.get(url(renovation, action)) if method == "get" else post(client, url(renovation, action))
        )
        assert_error(response, 404)


def test_wrong_roles_answer_403(site, login):
    renovation = site.approved(prepared=True)
    site.worker(renovation)
    assert_error(post(login(site.engineer), url(renovation, "fees"), {"method": "cash"}), 403)
    assert_error(
        post(login(site.guard), url(renovation, "workers"), {"name": "张三", "id_number": worker_id(9)}), 403
    )
    assert_error(post(login(site.key_keeper), url(renovation, "permit")), 403)  # cannot even read renovations
    accepted = site.accepted()
    assert_error(post(login(site.cashier), url(accepted, "refund")), 403)
    assert_error(post(login(site.assistant), url(accepted, "refund/decide"), {"approve": True}), 403)
    assert_error(post(login(site.owner_user), url(accepted, "refund")), 403)


@needs_pdftotext
def test_papers_in_chinese(site, login):
    from wuye.renovation.pdf import entry_confirmation_pdf, permit_pdf, refund_memo_pdf

    renovation = site.started()
    permit = text_of(permit_pdf(renovation))
    assert zh("Construction permit") in permit and renovation.permit_number in permit
    assert site.project.service_phone in permit and renovation.unit.code in permit
    assert renovation.company_name in permit
    entry = text_of(entry_confirmation_pdf(renovation))
    assert zh("Renovation entry confirmation") in entry and "456.70" in entry
    assert zh("Closed water test") in entry
    renovation.refresh_from_db()
    from wuye.renovation.services import completion

    renovation = completion.renovation_complete(
        renovation=renovation, acting_user=site.assistant, agreed_at=timezone.now() + dt.timedelta(days=1)
    )
    site.accept(renovation)
    renovation.refresh_from_db()
    day = renovation.refundable_on
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SH), tick=False):
        renovation = site.refund_requested(
            renovation, damages=[{"reason": "电梯厅地砖破损", "amount": "120"}]
        )
        site.sign_refund(renovation)
    memo = text_of(refund_memo_pdf(renovation))
    assert "押金退还备忘表" in memo  # billing's translated title
    assert "电梯厅地砖破损" in memo and "1,880.00" in memo
    assert renovation.owner.name in memo and day.isoformat() in memo
