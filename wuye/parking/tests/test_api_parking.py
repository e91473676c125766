"""API: /api/v1/parking/ — spaces, vehicles, rentals (and the Monday list), cards, stays and the fee
quote. Each endpoint: anonymous 401 / other project 404 (or 400 on a key outside the scope) / wrong
role 403 / happy path / bad input 400 with field keys; lists pin their query counts."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from openpyxl import load_workbook

from wuye.accounts.choices import Role
from wuye.billing.models import Charge, DepositEntry
from wuye.core.tests.factories import resident_user, staff
from wuye.parking import excel, services
from wuye.parking.models import Card, ParkingSpace, Rental, Session, Vehicle
from wuye.parking.tests.factories import Garage

pytestmark = pytest.mark.django_db
D = Decimal
SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=SH)  # a Thursday; its week's Monday is 23 November
ERROR_KEYS = {"code", "message", "fields"}
API = "/api/v1/parking/"
SPACES, VEHICLES, RENTALS, CARDS, SESSIONS = (
    f"{API}{name}/" for name in ("spaces", "vehicles", "rentals", "cards", "sessions")
)
WEEKLY, QUOTE = f"{RENTALS}weekly-list/", f"{API}fee-quote/"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def garage():
    return Garage()


@pytest.fixture
def other():
    return Garage()


def post(client, path, data=None):
    return client.post(path, data or {}, format="json")


def assert_error(response, status_code, code=None, *fields):
    assert response.status_code == status_code, response.content
    body = response.json()
    assert set(body) == ERROR_KEYS
    if code:
        assert body["code"] == code, body
    for field in fields:
        assert field in body["fields"], body
    return body


def rental_data(garage, **changes):
    return {
        "space": garage.space.pk,
        "vehicle": garage.car.pk,
        "unit": garage.unit.pk,
        "start_date": "2026-12-01",
        "end_date": "2027-02-28",
        "renter_name": garage.owner.name,
        "renter_mobile": "13812345678",
        "licence_plate": "京A·12345",
        "identity_checked": True,
        **changes,
    }


def engineer(garage):
    return staff(Role.ENGINEER, garage.project)


def resident(garage):
    return resident_user(owner=garage.owner)


# --- the whole surface ----------------------------------------------------------------------------


def test_anonymous_gets_401_everywhere(api_client, garage):
    rental = garage.rent()
    card = services.card_issue(rental=rental, number="IC-1", acting_user=garage.cashier)
    session = services.session_open(project=garage.project, plate="京B55555", acting_user=garage.guard)
    for path in (
        SPACES,
        f"{SPACES}{garage.space.pk}/",
        VEHICLES,
        f"{VEHICLES}{garage.car.pk}/",
        RENTALS,
        f"{RENTALS}{rental.pk}/",
        f"{WEEKLY}?project={garage.project.pk}",
        CARDS,
        f"{CARDS}{card.pk}/",
        SESSIONS,
        f"{SESSIONS}{session.pk}/",
        f"{QUOTE}?project={garage.project.pk}&entered_at=2026-11-26T08:00:00",
    ):
        assert_error(api_client.get(path), 401, "not_authenticated")
    for path in (
        SPACES,
        VEHICLES,
        RENTALS,
        CARDS,
        f"{CARDS}{card.pk}/return/",
        SESSIONS,
        f"{SESSIONS}{session.pk}/close/",
    ):
        assert_error(post(api_client, path, {}), 401, "not_authenticated")
    assert_error(api_client.patch(f"{SPACES}{garage.space.pk}/", {"is_active": False}, format="json"), 401)


def test_owners_and_tenants_get_403_everywhere(login, garage):
    rental = garage.rent()
    client = login(resident(garage))
    for path in (
        SPACES,
        f"{SPACES}{garage.space.pk}/",
        VEHICLES,
        RENTALS,
        f"{RENTALS}{rental.pk}/",
        f"{WEEKLY}?project={garage.project.pk}",
        CARDS,
        SESSIONS,
        f"{QUOTE}?project={garage.project.pk}&entered_at=2026-11-26T08:00:00",
    ):
        assert_error(client.get(path), 403, "permission_denied")
    assert_error(post(client, RENTALS, rental_data(garage)), 403)


# --- spaces ---------------------------------------------------------------------------------------


def test_desk_creates_and_updates_a_space(login, garage):
    client = login(garage.desk)
    response = post(client, SPACES, {"project": garage.project.pk, "number": "A-07", "area": "ground"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["area"], body["owner"], body["is_active"], body["current_rental"]) == (
        "A-07",
        "ground",
        None,
        True,
        None,
    )
    response = client.patch(
        f"{SPACES}{body['id']}/", {"owner": garage.owner.pk, "let_contract_on_file": True}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["owner_name"], response.json()["let_contract_on_file"]) == (
        garage.owner.name,
        True,
    )
    # a partial update keeps what it does not name
    response = client.patch(f"{SPACES}{body['id']}/", {"is_active": False}, format="json")
    assert response.status_code == 200, response.content
    assert ParkingSpace.objects.filter(
        pk=body["id"],
        number="A-07",
        area="ground",
        owner=garage.owner,
        let_contract_on_file=True,
        is_active=False,
    ).exists()
    response = client.put(
        f"{SPACES}{body['id']}/",
        {
            "number": "A-08",
            "area": "underground",
            "owner": None,
            "let_contract_on_file": False,
            "is_active": False,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert ParkingSpace.objects.filter(pk=body["id"], number="A-08", owner=None, is_active=False).exists()


def test_space_list_shows_the_current_rental(login, garage):
    rental = garage.rent()
    garage.space_numbered("B1-002")
    rows = {r["number"]: r for r in login(garage.guard).get(SPACES).json()["results"]}
    assert (
        rows["B1-001"]["current_rental"],
        rows["B1-001"]["rented_until"],
        rows["B1-001"]["rented_plate"],
    ) == (rental.pk, "2027-01-31", "京A12345")
    assert rows["B1-002"]["current_rental"] is None
    assert [
        r["number"]
        for r in login(garage.guard).get(SPACES, {"owned": "false", "number": "002"}).json()["results"]
    ] == ["B1-002"]


def test_space_permissions_and_bad_input(login, garage, other):
    client = login(engineer(garage))
    assert client.get(SPACES).status_code == 200  # every staff member may look
    assert_error(
        post(client, SPACES, {"project": garage.project.pk, "number": "X", "area": "ground"}),
        403,
        "permission_denied",
    )
    assert_error(client.patch(f"{SPACES}{garage.space.pk}/", {"is_active": False}, format="json"), 403)
    client = login(other.desk)
    assert [r["project"] for r in client.get(SPACES).json()["results"]] == [other.project.pk]
    assert_error(client.get(f"{SPACES}{garage.space.pk}/"), 404, "not_found")
    assert_error(client.patch(f"{SPACES}{garage.space.pk}/", {"is_active": False}, format="json"), 404)
    assert_error(
        post(client, SPACES, {"project": garage.project.pk, "number": "X", "area": "ground"}),
        400,
        "validation_error",
        "project",
    )
    client = login(garage.desk)
    assert_error(
        post(client, SPACES, {"project": garage.project.pk, "area": "roof"}),
        400,
        "validation_error",
        "number",
        "area",
    )
    assert_error(
        client.patch(f"{SPACES}{garage.space.pk}/", {"owner": other.owner.pk}, format="json"),
        400,
        "validation_error",
        "owner",
    )
    assert_error(
        post(client, SPACES, {"project": garage.project.pk, "number": "B1-001", "area": "ground"}),
        400,
        "validation_error",
        "non_field_errors",
    )  # the number is taken
    assert ParkingSpace.objects.filter(project=garage.project).count() == 1


# --- vehicles -------------------------------------------------------------------------------------


def test_register_a_vehicle_with_a_new_energy_plate(login, garage):
    response = post(
        login(garage.desk),
        VEHICLES,
        {
            "project": garage.project.pk,
            "plate": "粤b·d12345",
            "licence_owner": "王五",
            "model": "比亚迪汉",
            "owner": garage.owner.pk,
        },
    )
    assert response.status_code == 201, response.content
    assert (response.json()["plate"], response.json()["owner_name"]) == ("粤BD12345", garage.owner.name)


@pytest.mark.parametrize(
    ("plate", "words"), [("京A1234", "7"), ("粤BX12345", "粤BX12345"), ("京AI2345", "京AI2345")]
)
def test_invalid_plates_answer_400_with_the_plate_message(login, garage, plate, words):
    body = assert_error(
        post(
            login(garage.desk),
            VEHICLES,
            {"project": garage.project.pk, "plate": plate, "licence_owner": "王五"},
        ),
        400,
        "validation_error",
        "plate",
    )
    assert words in body["fields"]["plate"][0]
    assert not Vehicle.objects.filter(project=garage.project).exclude(pk=garage.car.pk).exists()


def test_vehicle_permissions_and_bad_input(login, garage, other):
    data = {"project": garage.project.pk, "plate": "京B11111", "licence_owner": "王五"}
    assert_error(post(login(engineer(garage)), VEHICLES, data), 403, "permission_denied")
    client = login(other.desk)
    assert [r["plate"] for r in client.get(VEHICLES).json()["results"]] == ["京A12345"]  # their own car only
    assert client.get(VEHICLES).json()["results"][0]["project"] == other.project.pk
    assert_error(client.get(f"{VEHICLES}{garage.car.pk}/"), 404, "not_found")
    assert_error(post(client, VEHICLES, data), 400, "validation_error", "project")
    client = login(garage.desk)
    assert_error(
        post(client, VEHICLES, {**data, "plate": "京A 12345"}), 400, "validation_error", "plate"
    )  # registered
    assert_error(
        post(client, VEHICLES, {"project": garage.project.pk, "licence_owner": ""}),
        400,
        "validation_error",
        "plate",
    )
    assert_error(
        post(client, VEHICLES, {**data, "licence_owner": " "}), 400, "validation_error", "licence_owner"
    )


# --- rentals --------------------------------------------------------------------------------------


def test_desk_rents_a_space_and_the_rent_is_charged(login, garage):
    response = post(login(garage.desk), RENTALS, rental_data(garage, start_date="2026-12-16"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["space_number"],
        body["plate"],
        body["unit_code"],
        body["monthly_rent"],
        body["is_resident"],
    ) == ("B1-001", "京A12345", garage.unit.code, "100.00", True)
    assert (body["identity_checked"], body["licence_checked"], body["renter_mobile"]) == (
        True,
        True,
        "13812345678",
    )
    amounts = Charge.objects.filter(unit=garage.unit, source="parking").order_by("period_start")
    assert list(amounts.values_list("amount", flat=True)) == [D("51.61"), D("100.00"), D("100.00")]


def test_an_engineer_cannot_rent_a_space(login, garage):
    assert_error(post(login(engineer(garage)), RENTALS, rental_data(garage)), 403, "permission_denied")
    assert not Rental.objects.exists()


def test_rental_other_project(login, garage, other):
    rental = garage.rent()
    client = login(other.desk)
    assert client.get(RENTALS).json()["count"] == 0
    assert_error(client.get(f"{RENTALS}{rental.pk}/"), 404, "not_found")
    body = assert_error(post(client, RENTALS, rental_data(garage)), 400, "validation_error")
    assert {"space", "vehicle", "unit"} <= set(body["fields"])
    assert not Rental.objects.filter(project=other.project).exists()


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"licence_plate": "京A54321"}, {"licence_plate"}),
        ({"identity_checked": False}, {"identity_checked"}),
        ({"renter_mobile": "123", "renter_name": ""}, {"renter_mobile", "renter_name"}),
        ({"end_date": "2026-11-30"}, {"end_date"}),
        ({"start_date": "26/12/2026"}, {"start_date"}),
        ({"monthly_rent": "-1"}, {"monthly_rent"}),
        ({"unit": None}, {"unit"}),
        ({"licence_plate": "京A"}, {"licence_plate"}),
    ],
)
def test_rental_bad_input(login, garage, changes, fields):
    body = assert_error(
        post(login(garage.desk), RENTALS, rental_data(garage, **changes)), 400, "validation_error"
    )
    assert fields <= set(body["fields"]), body
    assert not Rental.objects.exists()


def test_overlapping_rental_is_refused(login, garage):
    garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 15))
    body = assert_error(
        post(login(garage.desk), RENTALS, rental_data(garage)), 400, "space_taken", "start_date"
    )
    assert body["message"]
    assert Rental.objects.count() == 1


def test_rentals_current_on_filter_and_masked_mobiles(login, garage):
    november = garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    december = garage.rent(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31))
    client = login(garage.desk)
    assert [r["id"] for r in client.get(RENTALS, {"current_on": "2026-11-30"}).json()["results"]] == [
        november.pk
    ]
    assert [r["id"] for r in client.get(RENTALS, {"current_on": "2026-12-01"}).json()["results"]] == [
        december.pk
    ]
    assert [r["id"] for r in client.get(RENTALS).json()["results"]] == [december.pk, november.pk]
    assert_error(client.get(RENTALS, {"current_on": "next week"}), 400, "validation_error", "current_on")
    assert client.get(f"{RENTALS}{november.pk}/").json()["renter_mobile"] == "13812345678"
    seen_by_engineer = login(engineer(garage)).get(f"{RENTALS}{november.pk}/").json()
    assert (seen_by_engineer["renter_mobile"], seen_by_engineer["personal_data_masked"]) == (
        "138****5678",
        True,
    )


# --- the Monday list ------------------------------------------------------------------------------


def monday_fixture(garage):
    """Two current rentals on 23 November (one with a card), one starting after it, one over."""
    first = garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 31))
    services.card_issue(rental=first, number="IC-0001", acting_user=garage.cashier)
    second_space = garage.space_numbered("A-01")
    ev = garage.car_with("粤BD12345", model="比亚迪汉")
    garage.rent(
        space=second_space,
        vehicle=ev,
        licence_plate="粤BD12345",
        start=dt.date(2026, 11, 20),
        end=dt.date(2026, 11, 30),
        renter_mobile="13900001111",
    )
    later_space = garage.space_numbered("A-02")
    garage.rent(space=later_space, start=dt.date(2026, 11, 25), end=dt.date(2026, 12, 31))
    garage.rent(space=garage.space_numbered("A-03"), start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
    return first


def test_weekly_list_defaults_to_this_weeks_monday(login, garage):
    first = monday_fixture(garage)
    response = login(garage.desk).get(WEEKLY, {"project": garage.project.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["date"] == "2026-11-23" and body["project"]["id"] == garage.project.pk
    assert [(r["plate"], r["card_number"]) for r in body["rows"]] == [
        ("粤BD12345", ""),
        ("京A12345", "IC-0001"),
    ]
    row = body["rows"][1]
    assert row == {
        "rental": first.pk,
        "date": "2026-11-26",
        "owner_name": garage.owner.name,
        "phone": "13812345678",
        "car_model": "大众帕萨特",
        "plate": "京A12345",
        "start": "2026-11-01",
        "end": "2026-12-31",
        "card_number": "IC-0001",
    }
    later = login(garage.desk).get(WEEKLY, {"project": garage.project.pk, "date": "2026-11-26"}).json()
    assert len(later["rows"]) == 3


def test_weekly_list_json_and_excel_agree(login, garage):
    monday_fixture(garage)
    client = login(garage.desk)
    rows = client.get(WEEKLY, {"project": garage.project.pk}).json()["rows"]
    response = client.get(WEEKLY, {"project": garage.project.pk, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f"parking-monthly-{garage.project.code}-20261123.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    table = list(sheet.iter_rows(min_row=5, values_only=True))
    with translation.override("zh-hans"):  # the request's language (no Accept-Language: the default)
        assert list(table[0]) == excel.headers()
    columns = ("date", "owner_name", "phone", "car_model", "plate", "start", "end", "card_number")

    def cell(value):
        return value.date().isoformat() if isinstance(value, dt.datetime) else (value or "")

    assert [tuple(cell(v) for v in line) for line in table[1:]] == [
        tuple(r[c] for c in columns) for r in rows
    ]


def test_weekly_list_permissions_and_masking(login, garage, other, api_client):
    monday_fixture(garage)
    assert_error(login(other.desk).get(WEEKLY, {"project": garage.project.pk}), 404, "not_found")
    assert_error(login(other.desk).get(WEEKLY, {"project": garage.project.pk, "format": "xlsx"}), 404)
    assert_error(login(garage.desk).get(WEEKLY), 400, "validation_error", "project")
    assert_error(
        login(garage.desk).get(WEEKLY, {"project": garage.project.pk, "date": "monday"}),
        400,
        "validation_error",
        "date",
    )
    phones = [
        r["phone"] for r in login(garage.guard).get(WEEKLY, {"project": garage.project.pk}).json()["rows"]
    ]
    assert phones == ["139****1111", "138****5678"]  # gate staff do not need the renters' mobiles


# --- cards ----------------------------------------------------------------------------------------


def test_cashier_issues_and_takes_back_a_card(login, garage):
    rental = garage.rent()
    client = login(garage.cashier)
    assert_error(
        post(client, CARDS, {"rental": rental.pk, "number": "IC-0001", "method": "pos"}),
        400,
        "validation_error",
        "reference",
    )  # paid by card: the POS slip number is required
    response = post(
        client, CARDS, {"rental": rental.pk, "number": "IC-0001", "method": "pos", "reference": "POS-31"}
    )
    assert response.status_code == 201, response.content
    deposit = Card.objects.get(number="IC-0001").deposit
    assert (deposit.reference, deposit.payment.reference, deposit.payment.method) == (
        "IC-0001",
        "POS-31",
        "pos",
    )
    card = response.json()
    assert (card["number"], card["plate"], card["deposit_amount"], card["in_use"], card["refund"]) == (
        "IC-0001",
        "京A12345",
        "50.00",
        True,
        None,
    )
    assert client.get(RENTALS).json()["results"][0]["cards_in_use"] == ["IC-0001"]
    response = post(client, f"{CARDS}{card['id']}/return/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["in_use"] is False and body["returned_at"] and body["lost_at"] is None
    assert (body["refund"]["status"], body["refund"]["refund_amount"]) == ("requested", "50.00")
    assert_error(post(client, f"{CARDS}{card['id']}/return/"), 400, "card_closed")
    assert [c["id"] for c in client.get(CARDS, {"in_use": "false"}).json()["results"]] == [card["id"]]


def test_a_lost_card_keeps_the_deposit(login, garage):
    card = services.card_issue(rental=garage.rent(), number="IC-9", acting_user=garage.cashier)
    body = post(login(garage.cashier), f"{CARDS}{card.pk}/return/", {"lost": True}).json()
    assert body["lost_at"] and (body["refund"]["refund_amount"], body["refund"]["deduction_total"]) == (
        "0.00",
        "50.00",
    )


def test_a_cs_assistant_cannot_issue_or_take_back_cards(login, garage):
    rental = garage.rent()
    client = login(garage.desk)
    assert_error(post(client, CARDS, {"rental": rental.pk, "number": "IC-1"}), 403, "permission_denied")
    card = services.card_issue(rental=rental, number="IC-2", acting_user=garage.cashier)
    assert_error(post(client, f"{CARDS}{card.pk}/return/"), 403, "permission_denied")
    assert client.get(f"{CARDS}{card.pk}/").status_code == 200  # reading is fine
    assert Card.objects.count() == 1 and DepositEntry.objects.count() == 1


def test_card_other_project_and_bad_input(login, garage, other):
    rental = garage.rent()
    card = services.card_issue(rental=rental, number="IC-1", acting_user=garage.cashier)
    client = login(other.cashier)
    assert client.get(CARDS).json()["count"] == 0
    assert_error(client.get(f"{CARDS}{card.pk}/"), 404, "not_found")
    assert_error(post(client, f"{CARDS}{card.pk}/return/"), 404, "not_found")
    assert_error(
        post(client, CARDS, {"rental": rental.pk, "number": "IC-5"}), 400, "validation_error", "rental"
    )
    client = login(garage.cashier)
    assert_error(
        post(client, CARDS, {"rental": rental.pk, "number": "IC-1"}), 400, "validation_error", "number"
    )
    assert_error(post(client, CARDS, {"rental": rental.pk, "number": ""}), 400, "validation_error", "number")
    assert_error(
        post(client, CARDS, {"rental": rental.pk, "number": "IC-6", "method": "deposit"}),
        400,
        "validation_error",
        "method",
    )
    assert_error(post(client, CARDS, {"number": "IC-6"}), 400, "validation_error", "rental")
    over = garage.rent(
        space=garage.space_numbered("A-9"), start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31)
    )
    assert_error(post(client, CARDS, {"rental": over.pk, "number": "IC-7"}), 400, "rental_ended")


# --- temporary stays ------------------------------------------------------------------------------


def test_gate_opens_and_closes_a_stay_in_cash(login, garage):
    client = login(garage.guard)
    response = post(
        client,
        SESSIONS,
        {"project": garage.project.pk, "plate": "沪A 12345F", "entered_at": "2026-11-26T05:00:00+08:00"},
    )
    assert response.status_code == 201, response.content
    stay = response.json()
    assert (stay["plate"], stay["is_open"], stay["amount"], stay["breakdown"]) == (
        "沪A12345F",
        True,
        None,
        None,
    )
    assert [s["id"] for s in client.get(SESSIONS, {"open": "true"}).json()["results"]] == [stay["id"]]
    response = post(client, f"{SESSIONS}{stay['id']}/close/", {"settlement": "cash"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["amount"], body["settlement"], body["is_open"]) == ("5.00", "cash", False)
    assert body["breakdown"]["day_rule"] == "calendar" and body["breakdown"]["minutes"] == 300
    assert [d["charged"] for d in body["breakdown"]["days"]] == ["5.00"]
    assert client.get(SESSIONS, {"open": "true"}).json()["count"] == 0
    assert_error(post(client, f"{SESSIONS}{stay['id']}/close/", {}), 400, "session_closed")


def test_a_stay_charged_to_a_units_account(login, garage):
    stay = services.session_open(
        project=garage.project,
        plate="京B55555",
        acting_user=garage.guard,
        entered_at=NOW - dt.timedelta(hours=30),
    )
    body = post(
        login(garage.cashier),
        f"{SESSIONS}{stay.pk}/close/",
        {"settlement": "account", "unit": garage.unit.pk},
    ).json()
    assert (body["amount"], body["settlement"], body["unit_code"]) == ("12.00", "account", garage.unit.code)
    assert Charge.objects.get(pk=body["charge"]).amount == D("12.00")


def test_stay_permissions_and_bad_input(login, garage, other):
    stay = services.session_open(
        project=garage.project,
        plate="京B55555",
        acting_user=garage.guard,
        entered_at=NOW - dt.timedelta(hours=2),
    )
    client = login(engineer(garage))
    assert_error(
        post(client, SESSIONS, {"project": garage.project.pk, "plate": "京B66666"}), 403, "permission_denied"
    )
    assert_error(post(client, f"{SESSIONS}{stay.pk}/close/", {}), 403, "permission_denied")
    client = login(other.guard)
    assert_error(client.get(f"{SESSIONS}{stay.pk}/"), 404, "not_found")
    assert_error(post(client, f"{SESSIONS}{stay.pk}/close/", {}), 404, "not_found")
    assert_error(
        post(client, SESSIONS, {"project": garage.project.pk, "plate": "京B66666"}),
        400,
        "validation_error",
        "project",
    )
    client = login(garage.guard)
    assert_error(
        post(client, SESSIONS, {"project": garage.project.pk, "plate": "京B5555"}),
        400,
        "validation_error",
        "plate",
    )
    assert_error(
        post(client, SESSIONS, {"project": garage.project.pk, "plate": "京B 55555"}),
        400,
        "session_open",
        "plate",
    )
    assert_error(
        post(
            client,
            SESSIONS,
            {"project": garage.project.pk, "plate": "京B66666", "entered_at": "2026-11-27T10:00:00+08:00"},
        ),
        400,
        "event_in_future",
        "entered_at",
    )
    close = f"{SESSIONS}{stay.pk}/close/"
    assert_error(post(client, close, {"settlement": "account"}), 400, "validation_error", "unit")
    assert_error(
        post(client, close, {"settlement": "account", "unit": other.unit.pk}), 400, "validation_error", "unit"
    )
    assert_error(post(client, close, {"settlement": "free"}), 400, "validation_error", "settlement")
    assert_error(
        post(client, close, {"exited_at": "2026-11-26T07:00:00+08:00"}),
        400,
        "event_before_previous_step",
        "exited_at",
    )
    assert_error(post(client, close, {"exited_at": "yesterday"}), 400, "validation_error", "exited_at")
    assert Session.objects.get(pk=stay.pk).exited_at is None


# --- the fee quote --------------------------------------------------------------------------------


def quote(client, garage, minutes, start=NOW - dt.timedelta(days=3)):
    return client.get(
        QUOTE,
        {
            "project": garage.project.pk,
            "entered_at": start.isoformat(),
            "exited_at": (start + dt.timedelta(minutes=minutes)).isoformat(),
        },
    )


@pytest.mark.parametrize(
    ("minutes", "amount"), [(70, "2.00"), (120, "2.00"), (121, "3.00"), (300, "5.00"), (540, "6.00")]
)
def test_fee_quote_spec_examples(login, garage, minutes, amount):
    start = dt.datetime(2026, 11, 23, 8, 0, tzinfo=SH)
    response = quote(login(garage.guard), garage, minutes, start)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["amount"], body["day_rule"], body["minutes"]) == (amount, "calendar", minutes)
    assert [d["charged"] for d in body["days"]] == [amount]
    assert body["tariff"] == {
        "first_hours": 2,
        "first_fee": "2.00",
        "hourly_fee": "1.00",
        "daily_cap": "6.00",
        "day_rule": "calendar",
        "free_minutes": 0,
    }


def test_fee_quote_thirty_hours_under_the_24_hour_rule(login, garage):
    garage.project.settings = {"parking": {"temporary": {"day_rule": "rolling"}}}
    garage.project.save()
    start = dt.datetime(2026, 11, 23, 8, 0, tzinfo=SH)
    body = quote(login(garage.guard), garage, 30 * 60, start).json()
    assert (body["amount"], body["day_rule"]) == ("12.00", "rolling")
    assert [(d["start"], d["end"], d["accrued"], d["charged"], d["capped"]) for d in body["days"]] == [
        ("2026-11-23T08:00:00+08:00", "2026-11-24T08:00:00+08:00", "24.00", "6.00", True),
        ("2026-11-24T08:00:00+08:00", "2026-11-24T14:00:00+08:00", "6.00", "6.00", False),
    ]


def test_fee_quote_until_now_by_default(login, garage):
    body = (
        login(garage.guard)
        .get(QUOTE, {"project": garage.project.pk, "entered_at": "2026-11-26T06:59:00+08:00"})
        .json()
    )
    assert (body["amount"], body["exited_at"]) == ("4.00", "2026-11-26T10:00:00+08:00")


def test_fee_quote_bad_input_and_scope(login, garage, other, api_client):
    client = login(garage.guard)
    base = {"project": garage.project.pk, "entered_at": "2026-11-26T08:00:00+08:00"}
    assert_error(
        client.get(QUOTE, {**base, "exited_at": "2026-11-26T07:59:00+08:00"}),
        400,
        "validation_error",
        "exited_at",
    )
    assert_error(client.get(QUOTE, {**base, "entered_at": "08:00"}), 400, "validation_error", "entered_at")
    assert_error(client.get(QUOTE, {"project": garage.project.pk}), 400, "validation_error", "entered_at")
    assert_error(client.get(QUOTE, {**base, "project": "x"}), 400, "validation_error", "project")
    assert_error(login(other.guard).get(QUOTE, base), 404, "not_found")


# --- query counts ---------------------------------------------------------------------------------


def test_lists_do_not_grow_queries_with_rows(login, garage, django_assert_max_num_queries):
    for n in range(6):
        space = garage.space_numbered(f"C-{n}", owner=garage.owner, let_contract_on_file=True)
        car = garage.car_with(f"京C1234{n}", model="车")
        rental = garage.rent(space=space, vehicle=car, licence_plate=f"京C1234{n}")
        card = services.card_issue(rental=rental, number=f"IC-{n}", acting_user=garage.cashier)
        if n % 2:
            services.card_return(card=card, acting_user=garage.cashier)
        stay = services.session_open(
            project=garage.project,
            plate=f"京D1234{n}",
            acting_user=garage.guard,
            entered_at=NOW - dt.timedelta(hours=n + 1),
        )
        if n % 2:
            services.session_close(session=stay, acting_user=garage.guard)
    client = login(garage.desk)
    # token + roles, count + page; rentals prefetch their cards
    for path, count, queries in (
        (SPACES, 7, 4),
        (VEHICLES, 7, 4),
        (RENTALS, 6, 5),
        (CARDS, 6, 4),
        (SESSIONS, 6, 4),
    ):
        with django_assert_max_num_queries(queries):
            assert client.get(path).json()["count"] == count, path
    with django_assert_max_num_queries(5):
        assert len(client.get(WEEKLY, {"project": garage.project.pk}).json()["rows"]) == 6
