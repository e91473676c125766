"""Console pages of parking for the front desk, the cashier and the gate: spaces, renting a space
(identity and vehicle-licence checks), IC cards, the gate (open, quote with breakdown, close) and the
printable Monday list with its Excel export. Scoped, role-checked, and no per-row queries."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from openpyxl import load_workbook

from wuye.accounts.choices import Role
from wuye.billing.models import Charge
from wuye.core.tests.factories import resident_user, staff
from wuye.parking import services
from wuye.parking.models import Card, ParkingSpace, Rental, Session, Vehicle
from wuye.parking.tests.factories import Garage

pytestmark = pytest.mark.django_db
D = Decimal
SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=SH)  # a Thursday


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def garage():
    return Garage()


def rent_post(garage, **changes):
    return {
        "space": garage.space.pk,
        "vehicle_plate": "京A12345",
        "unit": garage.unit.code,
        "renter_name": garage.owner.name,
        "renter_mobile": "13812345678",
        "start_date": "2026-12-01",
        "end_date": "2027-02-28",
        "monthly_rent": "",
        "identity_checked": "on",
        "licence_checked": "on",
        "licence_plate": "京A 12345",
        **changes,
    }


def errors_of(response, form="form"):
    return response.context[form].errors


# --- navigation and scope -------------------------------------------------------------------------


def test_nav_link_for_staff_of_the_project_only(client, garage):
    client.force_login(garage.guard)
    assert 'href="/parking/"' in client.get("/").content.decode()
    page = client.get("/parking/gate/").content.decode()
    assert 'href="/parking/gate/" class="active" aria-current="page"' in page  # the sidebar's current entry
    client.force_login(resident_user(owner=garage.owner))
    assert 'href="/parking/"' not in client.get("/").content.decode()
    assert client.get("/parking/").status_code == 403


def test_pages_only_show_the_current_project(client, garage):
    other = Garage()
    theirs = other.rent()
    card = services.card_issue(rental=theirs, number="IC-THEIRS", acting_user=other.cashier)
    stay = services.session_open(project=other.project, plate="京E77777", acting_user=other.guard)
    garage.rent()
    client.force_login(garage.cashier)
    assert [s.pk for s in client.get("/parking/").context["page"]] == [garage.space.pk]
    assert "IC-THEIRS" not in client.get("/parking/cards/?state=").content.decode()
    assert client.get(f"/parking/gate/{stay.pk}/").status_code == 404
    assert client.post(f"/parking/gate/{stay.pk}/close/", {"settlement": "cash"}).status_code == 404
    assert client.post(f"/parking/cards/{card.pk}/return/").status_code == 404
    assert Card.objects.get(pk=card.pk).returned_at is None


# --- spaces ---------------------------------------------------------------------------------------


def test_spaces_list_shows_who_rents_today(client, garage):
    garage.rent()
    free = garage.space_numbered("A-01")
    client.force_login(garage.desk)
    response = client.get("/parking/")
    assert response.status_code == 200
    rows = {s.number: s for s in response.context["page"]}
    assert (rows["B1-001"].rented_plate, rows["A-01"].current_rental) == ("京A12345", None)
    assert f'/parking/rentals/new/?space={free.pk}"' in response.content.decode()
    assert [s.number for s in client.get("/parking/", {"area": "ground"}).context["page"]] == ["A-01"]


def test_add_a_space(client, garage):
    client.force_login(garage.desk)
    response = client.post("/parking/spaces/new/", {"number": "A-02", "area": "ground"})
    assert response.status_code == 302
    assert ParkingSpace.objects.filter(project=garage.project, number="A-02", area="ground").exists()
    response = client.post("/parking/spaces/new/", {"number": "A-02", "area": "ground"})
    assert response.status_code == 400 and errors_of(response)  # the number is taken
    assert client.post("/parking/spaces/new/", {"number": "", "area": "roof"}).status_code == 400
    client.force_login(staff(Role.ENGINEER, garage.project))
    assert client.get("/parking/").status_code == 200 and client.get("/parking/").context["form"] is None
    assert client.post("/parking/spaces/new/", {"number": "A-03", "area": "ground"}).status_code == 403


# --- renting a space ------------------------------------------------------------------------------


def test_rent_page_after_looking_up_the_unit(client, garage):
    client.force_login(garage.desk)
    response = client.get("/parking/rentals/new/", {"unit": garage.unit.code})
    assert response.status_code == 200
    form = response.context["rent_form"]
    assert (form["unit"].value(), form["renter_name"].value(), form["vehicle_plate"].value()) == (
        garage.unit.code,
        garage.owner.name,
        "京A12345",
    )
    page = response.content.decode()
    # both desk checks are required checkboxes, and the licence plate is typed in
    for name in ("identity_checked", "licence_checked"):
        assert f'type="checkbox" name="{name}" required' in page
    assert 'name="licence_plate"' in page and form["licence_plate"].value() in (None, "")


def test_register_the_car_then_rent_a_space(client, garage):
    client.force_login(garage.desk)
    response = client.post(
        "/parking/rentals/vehicles/new/",
        {
            "unit_code": garage.unit.code,
            "plate": "粤b·d12345",
            "model": "比亚迪汉",
            "licence_owner": garage.owner.name,
            "person": f"owner-{garage.owner.pk}",
        },
    )
    assert response.status_code == 302 and "plate=%E7%B2%A4BD12345" in response["Location"]
    vehicle = Vehicle.objects.get(project=garage.project, plate="粤BD12345")
    assert vehicle.owner == garage.owner
    response = client.post(
        "/parking/rentals/new/",
        rent_post(garage, vehicle_plate="粤BD12345", licence_plate="粤BD12345", start_date="2026-12-16"),
    )
    assert response.status_code == 302, response.context and response.context["rent_form"].errors
    rental = Rental.objects.get(vehicle=vehicle)
    assert (rental.identity_checked, rental.licence_checked, rental.is_resident) == (True, True, True)
    assert Charge.objects.filter(unit=garage.unit, source="parking").count() == 3
    assert "2026-12-16" in response["Location"]


def test_an_invalid_plate_is_refused_with_its_message(client, garage):
    client.force_login(garage.desk)
    response = client.post(
        "/parking/rentals/vehicles/new/",
        {"unit_code": garage.unit.code, "plate": "京A1234", "licence_owner": "王五", "person": ""},
    )
    assert response.status_code == 400
    assert "7" in response.context["vehicle_form"].errors["plate"][0]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"identity_checked": ""}, "identity_checked"),
        ({"licence_checked": ""}, "licence_checked"),
        ({"licence_plate": "京A54321"}, "licence_plate"),
        ({"vehicle_plate": "京B99999"}, "vehicle_plate"),
        ({"vehicle_plate": "京B"}, "vehicle_plate"),
        ({"unit": "9-9-999"}, "unit"),
        ({"renter_mobile": "123"}, "renter_mobile"),
        ({"end_date": "2026-11-01"}, "end_date"),
    ],
)
def test_rent_form_errors(client, garage, changes, field):
    client.force_login(garage.desk)
    response = client.post("/parking/rentals/new/", rent_post(garage, **changes))
    assert response.status_code == 400
    assert field in response.context["rent_form"].errors
    assert not Rental.objects.exists()


def test_an_overlapping_rental_is_shown_as_a_form_error(client, garage):
    garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 15))
    client.force_login(garage.desk)
    response = client.post("/parking/rentals/new/", rent_post(garage))
    assert response.status_code == 400
    errors = response.context["rent_form"].errors
    assert errors["__all__"] and "start_date" in errors
    assert Rental.objects.count() == 1


def test_only_the_desk_rents(client, garage):
    client.force_login(staff(Role.ENGINEER, garage.project))
    assert client.get("/parking/rentals/").status_code == 200
    assert client.get("/parking/rentals/new/").status_code == 403
    assert client.post("/parking/rentals/new/", rent_post(garage)).status_code == 403
    assert not Rental.objects.exists()


def test_rentals_list_and_masked_mobiles(client, garage):
    november = garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    december = garage.rent(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31))
    client.force_login(garage.desk)
    assert [r.pk for r in client.get("/parking/rentals/").context["page"]] == [november.pk]
    assert [r.pk for r in client.get("/parking/rentals/", {"date": "2026-12-05"}).context["page"]] == [
        december.pk
    ]
    assert len(client.get("/parking/rentals/", {"all": "1"}).context["page"]) == 2
    assert "13812345678" in client.get("/parking/rentals/").content.decode()
    client.force_login(garage.guard)
    page = client.get("/parking/rentals/").content.decode()
    assert "138****5678" in page and "13812345678" not in page


# --- IC cards -------------------------------------------------------------------------------------


def test_cashier_issues_a_card_and_takes_it_back(client, garage):
    rental = garage.rent()
    client.force_login(garage.cashier)
    page = client.get("/parking/cards/", {"rental": rental.pk})
    assert page.context["form"]["rental"].value() == str(rental.pk)
    response = client.post(
        "/parking/cards/issue/", {"rental": rental.pk, "number": "IC-0001", "method": "cash"}
    )
    assert response.status_code == 302
    card = Card.objects.get(number="IC-0001")
    assert card.deposit.amount == D("50.00")
    assert [c.number for c in client.get("/parking/cards/").context["page"]] == ["IC-0001"]
    assert client.get("/parking/cards/").context["form"].fields["rental"].choices == [
        ("", "—")
    ]  # one card per rental
    response = client.post(
        "/parking/cards/issue/", {"rental": rental.pk, "number": "IC-0002", "method": "cash"}
    )
    assert response.status_code == 400 and "rental" in errors_of(response)
    response = client.post(f"/parking/cards/{card.pk}/return/", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    card.refresh_from_db()
    assert card.returned_at and card.deposit.refund.status == "requested"
    response = client.post(f"/parking/cards/{card.pk}/return/", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]  # already returned


def test_a_lost_card(client, garage):
    card = services.card_issue(rental=garage.rent(), number="IC-9", acting_user=garage.cashier)
    client.force_login(garage.cashier)
    client.post(f"/parking/cards/{card.pk}/return/", {"lost": "1"})
    card.refresh_from_db()
    assert card.lost_at and card.deposit.refund.deduction_total == D("50.00")


def test_the_desk_cannot_take_card_deposits(client, garage):
    rental = garage.rent()
    card = services.card_issue(rental=rental, number="IC-1", acting_user=garage.cashier)
    client.force_login(garage.desk)
    assert client.get("/parking/cards/").context["form"] is None
    assert (
        client.post(
            "/parking/cards/issue/", {"rental": rental.pk, "number": "IC-2", "method": "cash"}
        ).status_code
        == 403
    )
    assert client.post(f"/parking/cards/{card.pk}/return/").status_code == 403
    assert Card.objects.count() == 1 and Card.objects.get().returned_at is None


def test_card_form_errors(client, garage):
    rental = garage.rent()
    services.card_issue(
        rental=garage.rent(space=garage.space_numbered("A-1")), number="IC-1", acting_user=garage.cashier
    )
    client.force_login(garage.cashier)
    response = client.post("/parking/cards/issue/", {"rental": rental.pk, "number": "IC-1", "method": "cash"})
    assert response.status_code == 400 and "number" in errors_of(response)  # that card is in use
    response = client.post(
        "/parking/cards/issue/", {"rental": rental.pk, "number": "IC-3", "method": "deposit"}
    )
    assert response.status_code == 400 and "method" in errors_of(response)
    # paid by scanning the WeChat Pay code: the transaction number is required, then kept on the payment
    response = client.post(
        "/parking/cards/issue/", {"rental": rental.pk, "number": "IC-3", "method": "wechat"}
    )
    assert (
        response.status_code == 400
        and "reference" in errors_of(response)
        and not Card.objects.filter(number="IC-3")
    )
    response = client.post(
        "/parking/cards/issue/",
        {"rental": rental.pk, "number": "IC-3", "method": "wechat", "reference": "4200001234202611260001"},
    )
    assert response.status_code == 302
    payment = Card.objects.get(number="IC-3").deposit.payment
    assert (payment.method, payment.reference, payment.deposit.reference) == (
        "wechat",
        "4200001234202611260001",
        "IC-3",
    )


# --- the gate -------------------------------------------------------------------------------------


def test_gate_opens_quotes_and_closes_a_stay(client, garage):
    client.force_login(garage.guard)
    response = client.post("/parking/gate/open/", {"plate": "沪A 12345F", "entered_at": "2026-11-26T05:00"})
    assert response.status_code == 302
    stay = Session.objects.get(plate="沪A12345F")
    gate = client.get("/parking/gate/")
    assert [(s.plate, s.fee_so_far) for s in gate.context["inside"]] == [("沪A12345F", D("5.00"))]
    page = client.get(f"/parking/gate/{stay.pk}/")
    quote = page.context["quote"]
    assert (quote["amount"], [d["charged"] for d in quote["days"]]) == (D("5.00"), [D("5.00")])
    assert 'id="quoted-amount">¥5.00<' in page.content.decode()
    later = client.get(f"/parking/gate/{stay.pk}/", {"exited_at": "2026-11-26T07:01"}).context["quote"]
    assert later["amount"] == D("3.00")
    response = client.post(
        f"/parking/gate/{stay.pk}/close/", {"settlement": "cash", "unit": "", "exited_at": ""}
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.amount, stay.settlement, stay.closed_by) == (D("5.00"), "cash", garage.guard)
    closed = client.get(f"/parking/gate/{stay.pk}/")
    assert closed.context["quote"] is None and closed.context["close_form"] is None
    assert [d["charged"] for d in closed.context["stored_days"]] == ["5.00"]
    assert client.get("/parking/gate/").context["inside"] == []


def test_a_stay_over_two_days_shows_each_day(client, garage):
    stay = services.session_open(
        project=garage.project,
        plate="京B55555",
        acting_user=garage.guard,
        entered_at=NOW - dt.timedelta(hours=30),
    )
    client.force_login(garage.cashier)
    quote = client.get(f"/parking/gate/{stay.pk}/").context["quote"]
    assert [(d["charged"], d["capped"]) for d in quote["days"]] == [(D("6.00"), True), (D("6.00"), True)]
    response = client.post(
        f"/parking/gate/{stay.pk}/close/", {"settlement": "account", "unit": garage.unit.code}
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.amount, stay.unit, stay.charge.amount) == (D("12.00"), garage.unit, D("12.00"))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"settlement": "account"}, "unit"),
        ({"settlement": "account", "unit": "9-9-999"}, "unit"),
        ({"settlement": "free"}, "settlement"),
        ({"settlement": "cash", "exited_at": "2026-11-26T07:00"}, "exited_at"),
    ],
)
def test_close_form_errors(client, garage, data, field):
    stay = services.session_open(
        project=garage.project,
        plate="京B55555",
        acting_user=garage.guard,
        entered_at=NOW - dt.timedelta(hours=2),
    )
    client.force_login(garage.guard)
    response = client.post(f"/parking/gate/{stay.pk}/close/", data)
    assert response.status_code == 400
    assert field in response.context["close_form"].errors
    assert Session.objects.get(pk=stay.pk).exited_at is None


def test_open_form_errors(client, garage):
    services.session_open(project=garage.project, plate="京B55555", acting_user=garage.guard)
    client.force_login(garage.guard)
    for data, field in (
        ({"plate": "京B5555"}, "plate"),
        ({"plate": "京B55555"}, "plate"),
        ({"plate": "京B66666", "entered_at": "2026-11-27T10:00"}, "entered_at"),
    ):
        response = client.post("/parking/gate/open/", data)
        assert response.status_code == 400 and field in errors_of(response), data
    assert Session.objects.count() == 1


def test_an_entry_recorded_a_few_seconds_ahead_does_not_break_the_gate(client, garage):
    """event_time accepts an entry up to a minute ahead (a guard typing 10:01 at 10:00:30)."""
    with time_machine.travel(NOW + dt.timedelta(seconds=30), tick=False):
        client.force_login(garage.guard)
        assert (
            client.post(
                "/parking/gate/open/", {"plate": "京B55555", "entered_at": "2026-11-26T10:01"}
            ).status_code
            == 302
        )
        stay = Session.objects.get()
        assert [s.fee_so_far for s in client.get("/parking/gate/").context["inside"]] == [D("0.00")]
        assert client.get(f"/parking/gate/{stay.pk}/").context["quote"]["amount"] == D("0.00")


def test_the_gate_is_for_gate_staff(client, garage):
    stay = services.session_open(project=garage.project, plate="京B55555", acting_user=garage.guard)
    client.force_login(staff(Role.ENGINEER, garage.project))
    assert client.get("/parking/gate/").status_code == 403
    assert client.get(f"/parking/gate/{stay.pk}/").status_code == 403
    assert client.post("/parking/gate/open/", {"plate": "京B66666"}).status_code == 403
    assert client.post(f"/parking/gate/{stay.pk}/close/", {"settlement": "cash"}).status_code == 403


# --- the Monday list ------------------------------------------------------------------------------


def monday_rentals(garage):
    first = garage.rent(start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 31))
    services.card_issue(rental=first, number="IC-0001", acting_user=garage.cashier)
    ev = garage.car_with("粤BD12345", model="比亚迪汉")
    garage.rent(
        space=garage.space_numbered("A-01"),
        vehicle=ev,
        licence_plate="粤BD12345",
        start=dt.date(2026, 11, 20),
        end=dt.date(2026, 11, 30),
        renter_mobile="13900001111",
    )
    garage.rent(space=garage.space_numbered("A-02"), start=dt.date(2026, 11, 25), end=dt.date(2026, 12, 31))


def test_monday_list_page_is_printable_and_agrees_with_its_excel(client, garage):
    monday_rentals(garage)
    client.force_login(garage.desk)
    response = client.get("/parking/weekly/")
    assert response.status_code == 200
    report = response.context["report"]
    assert report["date"] == dt.date(2026, 11, 23)  # this week's Monday
    assert [(r["plate"], r["card_number"]) for r in report["rows"]] == [
        ("粤BD12345", ""),
        ("京A12345", "IC-0001"),
    ]
    page = response.content.decode()
    # printed landscape (a stylesheet of its own: the Content-Security-Policy allows no inline style)
    assert "css/parking-weekly.css" in page and "data-print" in page
    assert "@page { size: A4 landscape" in (settings.BASE_DIR / "static/css/parking-weekly.css").read_text()
    assert 'href="?date=2026-11-23&amp;format=xlsx"' in page
    download = client.get("/parking/weekly/", {"date": "2026-11-23", "format": "xlsx"})
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(download.content)).active
    lines = list(sheet.iter_rows(min_row=6, values_only=True))
    assert [(line[1], line[2], line[4], line[7] or "") for line in lines] == [
        (r["owner_name"], r["phone"], r["plate"], r["card_number"]) for r in report["rows"]
    ]
    assert len(client.get("/parking/weekly/", {"date": "2026-11-26"}).context["report"]["rows"]) == 3
    assert client.get("/parking/weekly/", {"date": "next monday"}).status_code == 400


def test_monday_list_masks_mobiles_for_the_gate(client, garage):
    monday_rentals(garage)
    client.force_login(garage.guard)
    phones = [r["phone"] for r in client.get("/parking/weekly/").context["report"]["rows"]]
    assert phones == ["139****1111", "138****5678"]


# --- query counts ---------------------------------------------------------------------------------


#: session, user, the context processors (project, roles, notifications) and the page's own queries
PAGE_QUERIES = {
    "/parking/": 8,
    "/parking/rentals/": 9,
    "/parking/cards/": 9,
    "/parking/gate/": 8,
    "/parking/weekly/": 8,
}


def test_console_lists_do_not_grow_queries_with_rows(client, garage, django_assert_max_num_queries):
    for n in range(12):
        space = garage.space_numbered(f"C-{n:02}")
        car = garage.car_with(f"京C1{n:04}", model="车")
        rental = garage.rent(space=space, vehicle=car, licence_plate=f"京C1{n:04}")
        services.card_issue(rental=rental, number=f"IC-{n}", acting_user=garage.cashier)
        services.session_open(
            project=garage.project,
            plate=f"京D1{n:04}",
            acting_user=garage.guard,
            entered_at=NOW - dt.timedelta(hours=n + 1),
        )
    client.force_login(garage.cashier)
    for path, queries in PAGE_QUERIES.items():
        with django_assert_max_num_queries(queries):
            response = client.get(path)
        assert response.status_code == 200, path
    assert len(response.context["report"]["rows"]) == 12
