"""API: /api/v1/fee-items/ (with tariff versions), /api/v1/meters/ and /api/v1/meter-readings/ —
401 / other project 404 / wrong role 403 / happy path / bad input 400, and list query counts."""

import datetime as dt
from decimal import Decimal

import pytest

from wuye.accounts.choices import Role
from wuye.billing.models import Charge, FeeItem, Meter, MeterReading, Tariff
from wuye.billing.tests.conftest import assert_error, post
from wuye.core.tests.factories import OwnershipFactory, resident_user, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
D = Decimal
FEE_ITEMS = "/api/v1/fee-items/"
METERS = "/api/v1/meters/"
READINGS = "/api/v1/meter-readings/"


def meter_of(books, unit=None, reading="100.00"):
    unit = unit or books.unit()
    return Meter.objects.create(
        unit=unit, meter_type="water", installed_on=dt.date(2026, 1, 1), initial_reading=D(reading)
    )


# --- fee items ----------------------------------------------------------------------------------


def test_anonymous_gets_401(api_client, books):
    assert_error(api_client.get(FEE_ITEMS), 401, "not_authenticated")
    assert_error(post(api_client, FEE_ITEMS, {"project": books.project.pk}), 401)
    assert_error(post(api_client, f"{FEE_ITEMS}{books.mgmt.pk}/tariffs/", {"rate": "3"}), 401)
    assert_error(api_client.get(METERS), 401)
    assert_error(post(api_client, READINGS, {}), 401)


def test_fee_items_with_tariff_versions(login, books):
    client = login(books.manager)
    body = client.get(FEE_ITEMS).json()
    assert body["count"] == 3
    mgmt = next(r for r in body["results"] if r["code"] == "mgmt")
    assert mgmt["kind"] == "income" and mgmt["basis"] == "area_month"
    assert [(t["effective_from"], t["rate"]) for t in mgmt["tariffs"]] == [("2020-01-01", "2.5000")]
    response = post(
        client, f"{FEE_ITEMS}{books.mgmt.pk}/tariffs/", {"rate": "2.80", "effective_from": "2027-01-01"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["rate"] == "2.8000"
    tariffs = client.get(f"{FEE_ITEMS}{books.mgmt.pk}/").json()["tariffs"]
    assert [t["effective_from"] for t in tariffs] == ["2020-01-01", "2027-01-01"]  # earlier versions stay


def test_create_and_edit_a_fee_item(login, books):
    client = login(books.cashier)  # billing.manage: cashier and project manager
    response = post(
        client,
        FEE_ITEMS,
        {
            "project": books.project.pk,
            "code": "lift",
            "name": "电梯费",
            "kind": "income",
            "basis": "area_month",
        },
    )
    assert response.status_code == 201, response.content
    item = FeeItem.objects.get(code="lift")
    assert item.project == books.project and item.billed_in_runs and response.json()["tariffs"] == []
    response = client.patch(
        f"{FEE_ITEMS}{item.pk}/", {"name": "电梯运行费", "is_active": False}, format="json"
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert (item.name, item.is_active, item.code) == ("电梯运行费", False, "lift")


def test_fee_item_bad_input_is_400_with_fields(login, books):
    client = login(books.manager)
    assert_error(
        post(client, FEE_ITEMS, {"project": books.project.pk, "kind": "income"}),
        400,
        "validation_error",
        "name",
    )
    assert_error(
        post(
            client,
            FEE_ITEMS,
            {"project": books.project.pk, "code": "x", "name": "X", "kind": "nope", "basis": "area_month"},
        ),
        400,
        "validation_error",
        "kind",
    )
    # a meter-based fee must name its meter (the service's rule)
    assert_error(
        post(
            client,
            FEE_ITEMS,
            {
                "project": books.project.pk,
                "code": "gas",
                "name": "燃气费",
                "kind": "on_behalf",
                "basis": "meter",
            },
        ),
        400,
        "validation_error",
        "meter_type",
    )
    # the code is unique within the project
    body = assert_error(
        post(
            client,
            FEE_ITEMS,
            {
                "project": books.project.pk,
                "code": "mgmt",
                "name": "重复",
                "kind": "income",
                "basis": "area_month",
            },
        ),
        400,
        "validation_error",
    )
    assert body["fields"]
    tariffs = f"{FEE_ITEMS}{books.mgmt.pk}/tariffs/"
    assert_error(
        post(client, tariffs, {"rate": "-1", "effective_from": "2027-01-01"}), 400, "validation_error", "rate"
    )
    assert_error(
        post(client, tariffs, {"rate": "3", "effective_from": "2020-01-01"}),
        400,
        "validation_error",
        "effective_from",
    )
    assert Tariff.objects.filter(fee_item=books.mgmt).count() == 1


def test_other_project_sees_nothing_and_gets_404(login, books, other):
    client = login(other.manager)
    codes = {r["project"] for r in client.get(FEE_ITEMS).json()["results"]}
    assert codes == {other.project.pk}
    assert_error(client.get(f"{FEE_ITEMS}{books.mgmt.pk}/"), 404, "not_found")
    assert_error(
        post(client, f"{FEE_ITEMS}{books.mgmt.pk}/tariffs/", {"rate": "9", "effective_from": "2027-01-01"}),
        404,
        "not_found",
    )
    assert_error(client.patch(f"{FEE_ITEMS}{books.mgmt.pk}/", {"name": "x"}, format="json"), 404)
    assert_error(
        post(
            client,
            FEE_ITEMS,
            {"project": books.project.pk, "code": "x", "name": "X", "kind": "income", "basis": "area_month"},
        ),
        400,
        "validation_error",
        "project",
    )
    assert Tariff.objects.filter(fee_item=books.mgmt).count() == 1


def test_wrong_role_gets_403(login, books):
    assistant = login(staff(Role.CS_ASSISTANT, books.project))  # may view billing, not manage it
    assert assistant.get(FEE_ITEMS).json()["count"] == 3
    assert_error(
        post(
            assistant, f"{FEE_ITEMS}{books.mgmt.pk}/tariffs/", {"rate": "9", "effective_from": "2027-01-01"}
        ),
        403,
        "permission_denied",
    )
    assert_error(
        post(
            assistant,
            FEE_ITEMS,
            {"project": books.project.pk, "code": "x", "name": "X", "kind": "income", "basis": "area_month"},
        ),
        403,
        "permission_denied",
    )
    engineer = login(staff(Role.ENGINEER, books.project))  # no billing.view at all
    assert engineer.get(FEE_ITEMS).json()["count"] == 0
    assert_error(engineer.get(f"{FEE_ITEMS}{books.mgmt.pk}/"), 403, "permission_denied")


def test_residents_do_not_manage_fee_items(login, books):
    ownership = OwnershipFactory(unit=books.unit())
    client = login(resident_user(owner=ownership.owner))
    assert_error(client.get(FEE_ITEMS), 403, "permission_denied")
    assert_error(client.get(METERS), 403, "permission_denied")


def test_fee_item_list_query_count(login, books, django_assert_max_num_queries):
    client = login(books.manager)
    with django_assert_max_num_queries(6):
        assert client.get(FEE_ITEMS).status_code == 200
    for n in range(10):
        item = FeeItem.objects.create(
            project=books.project, code=f"x{n}", name=f"项{n}", kind="income", basis="fixed_month"
        )
        Tariff.objects.create(
            fee_item=item, effective_from=dt.date(2026, 1, 1), rate=D("1"), created_by=books.manager
        )
    with django_assert_max_num_queries(6):
        assert client.get(FEE_ITEMS).json()["count"] == 13


# --- meters and readings ------------------------------------------------------------------------


def test_engineer_installs_a_meter_and_reads_it_into_a_charge(login, books):
    unit = books.unit()
    client = login(staff(Role.ENGINEER, books.project))  # billing.read_meters
    response = post(
        client,
        METERS,
        {
            "unit": unit.pk,
            "meter_type": "water",
            "installed_on": "2026-10-01",
            "serial": "W-1",
            "initial_reading": "100",
        },
    )
    assert response.status_code == 201, response.content
    meter = response.json()
    assert meter["unit_code"] == unit.code and meter["last_reading"] is None
    response = post(client, READINGS, {"meter": meter["id"], "read_on": "2026-11-25", "reading": "112.50"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["consumption"], body["previous_reading"], body["charge_amount"]) == (
        "12.50",
        "100.00",
        "51.88",
    )
    charge = Charge.objects.get(pk=body["charge"])  # 12.5 m³ × 4.15 = 51.875 → 51.88
    assert charge.source == "meter" and charge.fee_item == books.water and charge.unit == unit
    listed = client.get(METERS, {"unit": unit.pk}).json()["results"]
    assert (listed[0]["last_read_on"], listed[0]["last_reading"]) == ("2026-11-25", "112.50")


def test_readings_never_go_backwards_nor_into_the_future(login, books):
    meter = meter_of(books)
    client = login(books.cashier)
    assert_error(
        post(client, READINGS, {"meter": meter.pk, "read_on": "2026-11-20", "reading": "99"}),
        400,
        "validation_error",
        "reading",
    )
    assert_error(
        post(client, READINGS, {"meter": meter.pk, "read_on": "2026-12-20", "reading": "120"}),
        400,
        "validation_error",
        "read_on",
    )
    assert_error(
        post(client, READINGS, {"meter": meter.pk, "reading": "120"}), 400, "validation_error", "read_on"
    )
    # nor before the meter was installed (the charge's period would end before it starts)
    assert_error(
        post(client, READINGS, {"meter": meter.pk, "read_on": "2025-12-31", "reading": "120"}),
        400,
        "validation_error",
        "read_on",
    )
    assert not MeterReading.objects.exists() and not Charge.objects.exists()


def test_replacing_a_meter_charges_the_final_reading(login, books):
    meter = meter_of(books)
    client = login(books.cashier)
    assert (
        post(client, READINGS, {"meter": meter.pk, "read_on": "2026-10-31", "reading": "110"}).status_code
        == 201
    )
    response = post(
        client,
        f"{METERS}{meter.pk}/replace/",
        {
            "replaced_on": "2026-11-20",
            "final_reading": "115",
            "new_serial": "W-2",
            "new_initial_reading": "0",
        },
    )
    assert response.status_code == 201, response.content
    new = response.json()
    assert new["id"] != meter.pk and new["serial"] == "W-2" and new["initial_reading"] == "0.00"
    meter.refresh_from_db()
    assert meter.replaced_on == dt.date(2026, 11, 20) and meter.final_reading == D("115")
    assert list(Charge.objects.order_by("id").values_list("amount", flat=True)) == [D("41.50"), D("20.75")]
    # the old meter takes no more readings; the new one does
    assert_error(
        post(client, READINGS, {"meter": meter.pk, "read_on": "2026-11-25", "reading": "120"}),
        400,
        "meter_replaced",
    )
    assert (
        post(client, READINGS, {"meter": new["id"], "read_on": "2026-11-25", "reading": "3"}).status_code
        == 201
    )
    # a second active meter of the same type is refused
    assert_error(
        post(client, METERS, {"unit": meter.unit_id, "meter_type": "water", "installed_on": "2026-11-25"}),
        400,
        "meter_exists",
    )


def test_meters_other_project_and_wrong_role(login, books, other):
    meter = meter_of(books)
    client = login(other.cashier)
    assert client.get(METERS).json()["count"] == 0
    assert client.get(READINGS).json()["count"] == 0
    assert_error(client.get(f"{METERS}{meter.pk}/"), 404, "not_found")
    assert_error(
        post(client, f"{METERS}{meter.pk}/replace/", {"replaced_on": "2026-11-20", "final_reading": "120"}),
        404,
        "not_found",
    )
    assert_error(
        post(client, READINGS, {"meter": meter.pk, "read_on": "2026-11-20", "reading": "120"}),
        400,
        "validation_error",
        "meter",
    )
    assistant = login(staff(Role.CS_ASSISTANT, books.project))  # views billing, does not read meters
    assert assistant.get(METERS).json()["count"] == 1
    assert_error(
        post(assistant, READINGS, {"meter": meter.pk, "read_on": "2026-11-20", "reading": "120"}),
        403,
        "permission_denied",
    )
    assert_error(
        post(
            assistant, f"{METERS}{meter.pk}/replace/", {"replaced_on": "2026-11-20", "final_reading": "120"}
        ),
        403,
        "permission_denied",
    )
    security = login(staff(Role.SECURITY, books.project))  # neither
    assert_error(security.get(f"{METERS}{meter.pk}/"), 403, "permission_denied")
    assert not MeterReading.objects.exists()


def test_meter_bad_input(login, books):
    client = login(books.cashier)
    body = assert_error(post(client, METERS, {"meter_type": "steam"}), 400, "validation_error")
    assert {"unit", "meter_type", "installed_on"} <= set(body["fields"])


def test_reading_list_query_count(login, books, django_assert_max_num_queries):
    client = login(books.cashier)
    for n in range(6):
        meter = meter_of(books)
        post(client, READINGS, {"meter": meter.pk, "read_on": "2026-11-20", "reading": str(110 + n)})
    with django_assert_max_num_queries(5):
        assert client.get(READINGS).json()["count"] == 6
    with django_assert_max_num_queries(5):
        assert client.get(METERS).json()["count"] == 6
