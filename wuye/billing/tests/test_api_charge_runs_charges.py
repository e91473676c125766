"""API: /api/v1/charge-runs/ (dry run writes nothing, first run 201, a second says already_run) and
/api/v1/charges/ (filters, one-off charges, residents read their own) — with the permission matrix."""

import datetime as dt
from decimal import Decimal

import pytest

from wuye.accounts.choices import Role
from wuye.billing.models import Charge, ChargeRun, FeeItem
from wuye.billing.tests.conftest import assert_error, post
from wuye.core.tests.factories import OwnershipFactory, resident_user, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
D = Decimal
RUNS = "/api/v1/charge-runs/"
CHARGES = "/api/v1/charges/"


def run_payload(books, **extra):
    return {"project": books.project.pk, "period_start": "2026-11-01", "months": 1, **extra}


# --- charge runs --------------------------------------------------------------------------------


def test_anonymous_gets_401(api_client, books):
    assert_error(api_client.get(RUNS), 401, "not_authenticated")
    assert_error(post(api_client, RUNS, run_payload(books)), 401)
    assert_error(api_client.get(CHARGES), 401)
    assert_error(post(api_client, CHARGES, {}), 401)


def test_dry_run_previews_and_writes_nothing(login, books):
    books.unit(area="100.00")
    books.unit(area="50.00", handover=dt.date(2026, 11, 16))
    FeeItem.objects.create(
        project=books.project, code="lift", name="电梯费", kind="income", basis="area_month"
    )
    response = post(login(books.manager), RUNS, run_payload(books, dry_run=True))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] and not body["already_run"] and body["run"] is None
    # 100 m² × 2.50 + 10.00; half of November for the second: 62.50 + 5.00
    assert (body["charge_count"], body["total_amount"]) == (4, "327.50")
    by_item = {row["code"]: row for row in body["by_fee_item"]}
    assert (by_item["mgmt"]["count"], by_item["mgmt"]["amount"]) == (2, "312.50")
    assert by_item["garbage"]["name"] == "垃圾清运费"
    assert body["zero_rate_items"] == ["电梯费"]
    assert len(body["sample"]) == 4 and {"unit", "fee_item", "period_start", "period_end", "amount"} <= set(
        body["sample"][0]
    )
    assert not Charge.objects.exists() and not ChargeRun.objects.exists()


def test_first_run_201_second_run_already_run(login, books):
    books.unit(area="100.00")
    client = login(books.cashier)
    first = post(client, RUNS, run_payload(books))
    assert first.status_code == 201, first.content
    body = first.json()
    assert not body["already_run"] and body["charge_count"] == 2 and body["total_amount"] == "260.00"
    assert body["run"]["period_end"] == "2026-11-30" and body["run"]["charge_count"] == 2
    second = post(client, RUNS, run_payload(books))
    assert second.status_code == 200, second.content
    again = second.json()
    assert again["already_run"] and again["run"]["id"] == body["run"]["id"]
    assert (again["charge_count"], again["total_amount"]) == (2, "260.00")  # the earlier run's own figures
    assert Charge.objects.count() == 2 and ChargeRun.objects.count() == 1
    preview = post(client, RUNS, run_payload(books, dry_run=True)).json()
    assert preview["already_run"] and preview["dry_run"]
    listed = client.get(RUNS).json()
    assert listed["count"] == 1 and listed["results"][0]["total_amount"] == "260.00"
    assert client.get(f"{RUNS}{body['run']['id']}/").json()["charge_count"] == 2


def test_preview_shows_the_paid_services_the_run_will_bill(login, books):
    from wuye.billing.tests.factories import paid_ticket
    from wuye.servicedesk.tests.factories import Desk, at

    unit = books.unit(area="100.00")
    ticket = paid_ticket(books, Desk(), fee="50.00", completed_at=at(2026, 11, 25, 16), unit=unit)
    client = login(books.manager)
    preview = post(client, RUNS, run_payload(books, dry_run=True)).json()
    assert (preview["charge_count"], preview["total_amount"], preview["ticket_charges"]) == (3, "310.00", 1)
    by_item = {row["code"]: row for row in preview["by_fee_item"]}
    assert (by_item["paid-service"]["count"], by_item["paid-service"]["amount"]) == (1, "50.00")
    assert preview["sample"][0] == {
        "unit": unit.code,
        "fee_item": "特约服务费",
        "period_start": "2026-11-25",
        "period_end": "2026-11-25",
        "quantity": "1.00",
        "amount": "50.00",
        "ticket": ticket.number,
    }
    assert [row["ticket"] for row in preview["sample"][1:]] == [None, None]
    made = post(client, RUNS, run_payload(books))
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["charge_count"], body["total_amount"], body["ticket_charges"]) == (3, "310.00", 1)
    assert (body["run"]["charge_count"], body["run"]["total_amount"]) == (3, "310.00")
    assert Charge.objects.get(ticket=ticket).due_date == dt.date(2026, 11, 25)


def test_quarter_run_and_due_days(login, books):
    books.unit(area="100.00", handover=dt.date(2026, 11, 1))
    body = post(
        login(books.manager), RUNS, run_payload(books, period_start="2026-10-01", months=3, due_days=20)
    ).json()
    assert body["period_end"] == "2026-12-31" and body["total_amount"] == "520.00"
    assert set(Charge.objects.values_list("due_date", flat=True)) == {dt.date(2026, 10, 20)}


def test_charge_run_bad_input(login, books):
    client = login(books.manager)
    assert_error(
        post(client, RUNS, run_payload(books, period_start="2026-11-02")),
        400,
        "validation_error",
        "period_start",
    )
    assert_error(post(client, RUNS, run_payload(books, months=2)), 400, "validation_error", "months")
    assert_error(post(client, RUNS, {"period_start": "2026-11-01"}), 400, "validation_error", "project")
    assert_error(
        post(client, RUNS, run_payload(books, period_start="2027-06-01")),
        400,
        "validation_error",
        "period_start",
    )  # too far ahead
    assert not ChargeRun.objects.exists()


def test_charge_run_other_project_and_wrong_role(login, books, other):
    books.unit()
    run = books.run().run
    client = login(other.manager)
    assert client.get(RUNS).json()["count"] == 0
    assert_error(client.get(f"{RUNS}{run.pk}/"), 404, "not_found")
    assert_error(
        post(client, RUNS, run_payload(books, period_start="2026-10-01")), 400, "validation_error", "project"
    )
    for role in (Role.CS_ASSISTANT, Role.ENGINEER):
        assert_error(
            post(login(staff(role, books.project)), RUNS, run_payload(books, period_start="2026-10-01")),
            403,
            "permission_denied",
        )
        assert_error(
            post(
                login(staff(role, books.project)),
                RUNS,
                run_payload(books, period_start="2026-10-01", dry_run=True),
            ),
            403,
        )
    ownership = OwnershipFactory(unit=books.unit())
    assert_error(login(resident_user(owner=ownership.owner)).get(RUNS), 403, "permission_denied")
    assert ChargeRun.objects.count() == 1


def test_charge_run_list_query_count(login, books, django_assert_max_num_queries):
    books.unit()
    for month in (9, 10, 11):
        books.run(start=dt.date(2026, month, 1))
    client = login(books.manager)
    with django_assert_max_num_queries(5):
        assert client.get(RUNS).json()["count"] == 3


# --- charges ------------------------------------------------------------------------------------


def test_charge_filters(login, books):
    first = books.unit(area="100.00")
    books.unit(area="80.00")
    books.run(start=dt.date(2026, 10, 1))
    books.run(start=dt.date(2026, 11, 1))
    books.pay(first, "260.00", key="oct")  # pays October's two charges of the first unit
    client = login(books.cashier)

    def ids(**params):
        return {row["id"] for row in client.get(CHARGES, params).json()["results"]}

    everything = ids()
    assert len(everything) == 8
    assert ids(unit=first.pk) == set(Charge.objects.filter(unit=first).values_list("id", flat=True))
    assert ids(fee_item=books.fixed.pk) == set(
        Charge.objects.filter(fee_item=books.fixed).values_list("id", flat=True)
    )
    assert ids(project=books.project.pk) == everything
    open_ids = ids(open="true")
    assert len(open_ids) == 6 and ids(open="false") == everything - open_ids
    assert ids(period="2026-10") == set(
        Charge.objects.filter(period_start__month=10).values_list("id", flat=True)
    )
    assert ids(period="2026-10", unit=first.pk, open="true") == set()
    row = client.get(CHARGES, {"unit": first.pk, "period": "2026-10"}).json()["results"][0]
    assert row["paid"] == row["amount"] and row["open"] == "0.00" and row["unit_code"] == first.code
    assert_error(client.get(CHARGES, {"period": "October"}), 400, "validation_error", "period")


def test_one_off_charge(login, books, other):
    unit = books.unit()
    client = login(books.cashier)
    response = post(
        client,
        CHARGES,
        {
            "unit": unit.pk,
            "fee_item": books.fixed.pk,
            "amount": "35.00",
            "description": "大件垃圾清运",
            "period_start": "2026-11-20",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["source"], body["amount"], body["open"], body["period_end"]) == (
        "manual",
        "35.00",
        "35.00",
        "2026-11-20",
    )
    assert_error(
        post(
            client, CHARGES, {"unit": unit.pk, "fee_item": books.fixed.pk, "amount": "0", "description": "x"}
        ),
        400,
        "validation_error",
        "amount",
    )
    assert_error(
        post(client, CHARGES, {"unit": unit.pk, "fee_item": books.fixed.pk, "amount": "5"}),
        400,
        "validation_error",
        "description",
    )
    # a fee item of another project does not exist for this cashier
    assert_error(
        post(
            client, CHARGES, {"unit": unit.pk, "fee_item": other.fixed.pk, "amount": "5", "description": "x"}
        ),
        400,
        "validation_error",
        "fee_item",
    )
    assert_error(
        post(
            login(staff(Role.CS_ASSISTANT, books.project)),
            CHARGES,
            {"unit": unit.pk, "fee_item": books.fixed.pk, "amount": "5", "description": "x"},
        ),
        403,
        "permission_denied",
    )
    assert_error(
        post(
            login(other.cashier),
            CHARGES,
            {"unit": unit.pk, "fee_item": books.fixed.pk, "amount": "5", "description": "x"},
        ),
        400,
        "validation_error",
        "unit",
    )
    assert Charge.objects.count() == 1


def test_charges_other_project_404_and_wrong_role_403(login, books, other):
    books.unit()
    books.run()
    charge = Charge.objects.first()
    client = login(other.cashier)
    assert client.get(CHARGES).json()["count"] == 0
    assert_error(client.get(f"{CHARGES}{charge.pk}/"), 404, "not_found")
    engineer = login(staff(Role.ENGINEER, books.project))
    assert engineer.get(CHARGES).json()["count"] == 0
    assert_error(engineer.get(f"{CHARGES}{charge.pk}/"), 403, "permission_denied")


def test_residents_read_their_own_units_charges_only(login, books):
    mine, theirs = books.unit(), books.unit()
    ownership = OwnershipFactory(unit=mine)
    books.run()
    client = login(resident_user(owner=ownership.owner))
    rows = client.get(CHARGES).json()["results"]
    assert {r["unit"] for r in rows} == {mine.pk} and len(rows) == 2
    theirs_charge = Charge.objects.filter(unit=theirs).first()
    assert_error(client.get(f"{CHARGES}{theirs_charge.pk}/"), 404)
    assert client.get(f"{CHARGES}{rows[0]['id']}/").status_code == 200
    assert_error(
        post(
            client, CHARGES, {"unit": mine.pk, "fee_item": books.fixed.pk, "amount": "5", "description": "x"}
        ),
        403,
        "permission_denied",
    )


def test_charge_list_query_count(login, books, django_assert_max_num_queries):
    for _ in range(3):
        books.unit()
    books.run(start=dt.date(2026, 10, 1))
    client = login(books.cashier)
    with django_assert_max_num_queries(5):
        assert client.get(CHARGES).json()["count"] == 6
    for _ in range(5):
        books.unit()
    books.run(start=dt.date(2026, 11, 1))
    with django_assert_max_num_queries(5):
        assert client.get(CHARGES).json()["count"] == 22
