"""API: /api/v1/deposits/ (refund request with itemised deductions by the cashier, decision by the
project manager, the printable refund memo) and /api/v1/bank-imports/ — with the permission matrix."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wuye.accounts.choices import Role
from wuye.billing.models import Charge, Deposit, DepositEntry, DepositRefund, Payment
from wuye.billing.services.deposits import deposit_held
from wuye.billing.tests.conftest import assert_error, post
from wuye.core.tests.factories import OwnershipFactory, resident_user, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
D = Decimal
DEPOSITS = "/api/v1/deposits/"
BANK = "/api/v1/bank-imports/"


@pytest.fixture
def deposit(books):
    """A deposit of ¥3000 on a unit that owes November (260.00) (a renovation deposit is refunded
    through its renovation: see test_a_renovation_deposit_is_refunded_through_its_renovation)."""
    unit = books.unit(area="100.00")
    books.run()
    return books.pay(unit, "3000.00", key="dep", deposit_purpose="other", reference="ZX-7").payment.deposit


def url(deposit, action=""):
    return f"{DEPOSITS}{deposit.pk}/{action}"


def deductions_for(deposit):
    fee = Charge.objects.filter(unit=deposit.unit, fee_item__code="mgmt").get()
    return [
        {"reason": "违规拆改，违约金", "amount": "500.00"},
        {"reason": "11月物业费未缴", "amount": "250.00", "charge": fee.pk},
    ]


# --- deposits -----------------------------------------------------------------------------------


def test_anonymous_gets_401(api_client, deposit):
    assert_error(api_client.get(DEPOSITS), 401, "not_authenticated")
    assert_error(post(api_client, url(deposit, "refund/"), {}), 401)
    assert_error(post(api_client, url(deposit, "refund/decide/"), {"approve": True}), 401)
    assert_error(api_client.get(url(deposit, "refund-memo/")), 401)
    assert_error(post(api_client, BANK, {}), 401)


def test_refund_with_itemised_deductions_then_approval(login, books, deposit):
    listed = login(books.cashier).get(DEPOSITS).json()["results"][0]
    assert (listed["held"], listed["purpose"], listed["receipt_number"], listed["refund"]) == (
        "3000.00",
        "other",
        "2026-000001",
        None,
    )
    response = post(
        login(books.cashier),
        url(deposit, "refund/"),
        {"deductions": deductions_for(deposit), "comment": "验收完毕"},
    )
    assert response.status_code == 200, response.content
    refund = response.json()["refund"]
    assert (refund["status"], refund["deduction_total"], refund["refund_amount"]) == (
        "requested",
        "750.00",
        "2250.00",
    )
    assert [d["reason"] for d in refund["deductions"]] == ["违规拆改，违约金", "11月物业费未缴"]
    response = post(
        login(books.manager), url(deposit, "refund/decide/"), {"approve": True, "comment": "同意"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["refund"]["status"] == "approved" and body["refund"]["decided_by"] == books.manager.pk
    assert body["held"] == "0.00" and body["closed_at"]
    fee = Charge.objects.get(pk=deductions_for(deposit)[1]["charge"])
    assert fee.allocated == fee.amount  # the unpaid fee was paid out of the deposit, with its own receipt
    assert Payment.objects.filter(method="deposit", receipt__isnull=False).count() == 1
    assert list(
        DepositEntry.objects.filter(deposit=deposit).order_by("id").values_list("kind", "amount")
    ) == [("received", D("3000.00")), ("deducted", D("-750.00")), ("refunded", D("-2250.00"))]
    assert_error(
        post(login(books.manager), url(deposit, "refund/decide/"), {"approve": True}), 400, "refund_decided"
    )
    assert_error(post(login(books.cashier), url(deposit, "refund/"), {}), 400, "deposit_closed")


def test_rejected_refund_can_be_prepared_again(login, books, deposit):
    post(
        login(books.cashier),
        url(deposit, "refund/"),
        {"deductions": [{"reason": "违约金", "amount": "5000"}]},
    )
    body = post(
        login(books.manager),
        url(deposit, "refund/decide/"),
        {"approve": False, "comment": "扣款超过押金，核实"},
    ).json()
    assert body["refund"]["status"] == "rejected" and body["held"] == "3000.00" and body["closed_at"] is None
    again = post(
        login(books.cashier), url(deposit, "refund/"), {"deductions": [{"reason": "违约金", "amount": "500"}]}
    )
    assert again.status_code == 200, again.content
    refund = again.json()["refund"]
    assert (refund["status"], refund["refund_amount"], refund["decided_by"]) == ("requested", "2500.00", None)
    assert (
        post(login(books.manager), url(deposit, "refund/decide/"), {"approve": True}).json()["held"] == "0.00"
    )
    assert DepositRefund.objects.count() == 1


def test_deductions_beyond_the_deposit_become_a_charge(login, books, deposit):
    post(
        login(books.cashier),
        url(deposit, "refund/"),
        {"deductions": [{"reason": "损坏公共设施", "amount": "3200"}]},
    )
    body = post(login(books.manager), url(deposit, "refund/decide/"), {"approve": True}).json()
    assert body["refund"]["refund_amount"] == "0.00"
    shortfall = Charge.objects.get(pk=body["refund"]["shortfall_charge"])
    assert shortfall.amount == D("200.00") and shortfall.source == "shortfall"


def test_a_charge_paid_after_the_request_stops_the_approval(login, books, deposit):
    post(login(books.cashier), url(deposit, "refund/"), {"deductions": deductions_for(deposit)})
    books.pay(deposit.unit, "260.00", key="paid-meanwhile")
    assert_error(
        post(login(books.manager), url(deposit, "refund/decide/"), {"approve": True}),
        400,
        "deduction_outdated",
    )
    assert deposit_held(deposit) == D("3000.00") and not Payment.objects.filter(method="deposit").exists()


def test_refund_bad_input(login, books, deposit):
    client = login(books.cashier)
    assert_error(
        post(client, url(deposit, "refund/"), {"deductions": [{"amount": "10"}]}),
        400,
        "validation_error",
        "deductions",
    )
    fee = Charge.objects.filter(unit=deposit.unit).first()
    body = assert_error(
        post(
            client,
            url(deposit, "refund/"),
            {"deductions": [{"reason": "欠费", "amount": "9999", "charge": fee.pk}]},
        ),
        400,
        "validation_error",
        "deductions",
    )
    assert body["fields"]["deductions"]
    assert_error(
        post(login(books.manager), url(deposit, "refund/decide/"), {"approve": True}),
        400,
        "no_refund_requested",
    )
    assert_error(
        post(login(books.manager), url(deposit, "refund/decide/"), {}), 400, "validation_error", "approve"
    )
    assert not DepositRefund.objects.exists()


def test_a_renovation_deposit_is_refunded_through_its_renovation(login, books):
    from django.utils.translation import gettext as _

    renovation = books.pay(books.unit(), "3000.00", key="zx", deposit_purpose="renovation").payment.deposit
    response = post(login(books.cashier), url(renovation, "refund/"), {"deductions": [], "comment": ""})
    message = _("A renovation deposit is refunded through its renovation (three months after acceptance)")
    assert_error(response, 400, "renovation_deposit_via_procedure")
    assert response.json()["message"] == message
    assert not DepositRefund.objects.filter(deposit=renovation).exists()


def test_refund_roles(login, books, deposit):
    assert_error(
        post(login(staff(Role.CS_ASSISTANT, books.project)), url(deposit, "refund/"), {}),
        403,
        "permission_denied",
    )
    post(login(books.cashier), url(deposit, "refund/"), {})
    # refunds are approved by project managers: not engineers, not the cashier who prepared it
    assert_error(
        post(login(staff(Role.ENGINEER, books.project)), url(deposit, "refund/decide/"), {"approve": True}),
        403,
        "permission_denied",
    )
    assert_error(
        post(login(books.cashier), url(deposit, "refund/decide/"), {"approve": True}),
        403,
        "permission_denied",
    )
    assert_error(
        post(
            login(staff(Role.CS_SUPERVISOR, books.project)), url(deposit, "refund/decide/"), {"approve": True}
        ),
        403,
        "permission_denied",
    )
    assert DepositRefund.objects.get().status == "requested"
    company = login(staff(Role.COMPANY_MANAGER, None))
    assert (
        post(company, url(deposit, "refund/decide/"), {"approve": True}).json()["refund"]["status"]
        == "approved"
    )


def test_deposits_other_project_and_residents(login, books, deposit, other):
    client = login(other.manager)
    assert client.get(DEPOSITS).json()["count"] == 0
    for path in (url(deposit), url(deposit, "refund-memo/")):
        assert_error(client.get(path), 404, "not_found")
    assert_error(post(login(other.cashier), url(deposit, "refund/"), {}), 404)
    assert_error(post(client, url(deposit, "refund/decide/"), {"approve": True}), 404)
    ownership = OwnershipFactory(unit=deposit.unit)
    resident = login(resident_user(owner=ownership.owner))
    assert_error(resident.get(DEPOSITS), 403, "permission_denied")
    assert_error(resident.get(url(deposit, "refund-memo/")), 403, "permission_denied")


def test_refund_memo_pdf(login, books, deposit):
    client = login(books.cashier)
    blank = client.get(url(deposit, "refund-memo/"))
    assert blank.status_code == 200 and blank["Content-Type"] == "application/pdf"
    post(client, url(deposit, "refund/"), {"deductions": deductions_for(deposit)})
    data = client.get(url(deposit, "refund-memo/")).content
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        assert "押金退还备忘表" in text and deposit.unit.code in text and "违规拆改" in text
        assert "2,250.00" in text and "贰仟贰佰伍拾元整" in text


def test_deposit_list_filters_and_query_count(login, books, deposit, django_assert_max_num_queries):
    for n in range(4):
        books.pay(books.unit(), "50.00", key=f"ic{n}", deposit_purpose="ic_card", reference=f"IC-{n}")
    client = login(books.cashier)
    post(client, url(deposit, "refund/"), {})
    with django_assert_max_num_queries(5):
        body = client.get(DEPOSITS).json()
    assert body["count"] == 5
    assert client.get(DEPOSITS, {"purpose": "ic_card"}).json()["count"] == 4
    assert client.get(DEPOSITS, {"refund_status": "requested"}).json()["count"] == 1
    assert client.get(DEPOSITS, {"open": "true"}).json()["count"] == 5


# --- bank collection files ----------------------------------------------------------------------


def bank_file(books, *rows, encoding="utf-8"):
    text = "unit_code,amount,bank_reference,paid_on\n" + "".join(f"{','.join(r)}\n" for r in rows)
    return SimpleUploadedFile("bank.csv", text.encode(encoding), content_type="text/csv")


def test_bank_import_pays_once(login, books, other):
    first, second = books.unit(code="1-1-1201"), books.unit(code="1-1-1202")
    books.run()
    client = login(books.cashier)
    rows = (("1-1-1201", "260.00", "B001", "2026-11-25"), ("1-1-1202", "100.00", "B002", "2026-11-25"))
    response = client.post(
        BANK, {"project": books.project.pk, "file": bank_file(books, *rows)}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"paid": 2, "already_imported": 0, "total": "360.00"}
    again = client.post(
        BANK, {"project": books.project.pk, "file": bank_file(books, *rows)}, format="multipart"
    )
    assert again.status_code == 200 and again.json() == {"paid": 0, "already_imported": 2, "total": "0.00"}
    assert Payment.objects.filter(method="bank").count() == 2
    assert all(c.allocated == c.amount for c in Charge.objects.filter(unit=first))
    assert second.payments.get().reference == "B002"


def test_bank_import_reads_gb18030(login, books):
    books.unit(code="一期-1201")
    client = login(books.cashier)
    upload = bank_file(books, ("一期-1201", "80.00", "B9", "2026-11-20"), encoding="gb18030")
    assert (
        client.post(BANK, {"project": books.project.pk, "file": upload}, format="multipart").json()["paid"]
        == 1
    )


def test_bank_import_bad_files(login, books):
    books.unit(code="1-1-1201")
    client = login(books.cashier)
    body = assert_error(
        client.post(
            BANK,
            {
                "project": books.project.pk,
                "file": bank_file(
                    books,
                    ("1-1-1201", "12.345", "B1", "2026-11-25"),
                    ("9-9-9", "5", "B2", "2026-11-25"),
                    ("1-1-1201", "5", "B3", "2026-12-25"),
                ),
            },
            format="multipart",
        ),
        400,
        "validation_error",
    )
    assert set(body["fields"]) == {"row 2", "row 3", "row 4"}
    wrong = SimpleUploadedFile("x.csv", b"room,money\n1,2\n", content_type="text/csv")
    assert_error(
        client.post(BANK, {"project": books.project.pk, "file": wrong}, format="multipart"),
        400,
        "validation_error",
        "file",
    )
    assert_error(
        client.post(BANK, {"project": books.project.pk}, format="multipart"), 400, "validation_error", "file"
    )
    assert not Payment.objects.exists()


def test_bank_import_roles_and_scope(login, books, other):
    books.unit(code="1-1-1201")
    rows = (("1-1-1201", "10.00", "B1", "2026-11-25"),)
    assistant = login(staff(Role.CS_ASSISTANT, books.project))
    assert_error(
        assistant.post(
            BANK, {"project": books.project.pk, "file": bank_file(books, *rows)}, format="multipart"
        ),
        403,
        "permission_denied",
    )
    foreign = login(other.cashier)
    assert_error(
        foreign.post(
            BANK, {"project": books.project.pk, "file": bank_file(books, *rows)}, format="multipart"
        ),
        400,
        "validation_error",
        "project",
    )
    ownership = OwnershipFactory(unit=books.unit())
    resident = login(resident_user(owner=ownership.owner))
    assert_error(
        resident.post(
            BANK, {"project": books.project.pk, "file": bank_file(books, *rows)}, format="multipart"
        ),
        403,
        "permission_denied",
    )
    assert not Payment.objects.exists()
    assert Deposit.objects.count() == 0
