"""GET /api/v1/units/{id}/context/: what the desk sees as soon as a unit is named, per role.

Lives with billing because the context gathers blocks from estate, the service desk and billing."""

import datetime as dt

import pytest

from wuye.accounts.choices import Role
from wuye.billing import services as billing
from wuye.billing.choices import ChargeBasis, FeeKind
from wuye.billing.models import FeeItem
from wuye.billing.tests.conftest import assert_error
from wuye.core.tests.factories import LeaseFactory, UnitFactory, resident_user, staff
from wuye.estate.models import OwnerAccessLog
from wuye.servicedesk import services as desk_services
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]  # 2026-11-26 10:00


@pytest.fixture
def desk():
    desk = Desk()
    desk.cashier = staff(Role.CASHIER, desk.project)
    desk.lease = LeaseFactory(unit=desk.unit)
    desk.open_ticket = desk.repair(at=at(2026, 11, 20, 9))
    desk.closed_ticket = desk_services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="consultation",
        content="物业费怎么交",
        unit=desk.unit,
        answer="前台或扫码",
        at=at(2026, 11, 21, 9),
    )
    fee = FeeItem.objects.create(
        project=desk.project, code="svc", name="维修费", kind=FeeKind.INCOME, basis=ChargeBasis.PER_ITEM
    )
    for amount, due in (
        ("120.00", dt.date(2026, 9, 15)),
        ("80.50", dt.date(2026, 10, 15)),
        ("50.00", dt.date(2026, 12, 15)),
    ):
        billing.charge_create(
            unit=desk.unit,
            fee_item=fee,
            amount=amount,
            description="x",
            due_date=due,
            period_start=due.replace(day=1),
            acting_user=desk.manager,
        )
    return desk


def url(unit):
    return f"/api/v1/units/{unit.pk}/context/"


def test_anonymous_gets_401(api_client, desk):
    assert_error(api_client.get(url(desk.unit)), 401, "not_authenticated")


def test_other_projects_staff_get_404(login, desk):
    stranger = staff(Role.CS_SUPERVISOR, Desk().project)
    assert_error(login(stranger).get(url(desk.unit)), 404)


def test_residents_get_403_even_for_their_own_unit(login, desk):
    assert_error(login(resident_user(owner=desk.owner)).get(url(desk.unit)), 403, "permission_denied")


def test_engineer_sees_masked_phones_tickets_but_no_arrears(login, desk):
    response = login(desk.engineer).get(url(desk.unit))
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"status", "people", "open_tickets"}
    owner = body["people"]["owners"][0]
    assert (
        owner["name"] == desk.owner.name
        and owner["mobile"] == desk.owner.mobile[:3] + "****" + desk.owner.mobile[-4:]
    )
    assert body["people"]["tenants"][0]["mobile"].count("*") == 4
    assert body["people"]["unmasked"] is False
    assert not OwnerAccessLog.objects.exists()  # nothing personal was shown


def test_supervisor_sees_phones_unmasked_and_arrears_and_the_view_is_logged(login, desk):
    body = login(desk.supervisor).get(url(desk.unit)).json()
    assert body["people"]["owners"][0]["mobile"] == desk.owner.mobile
    assert body["people"]["tenants"][0]["mobile"] == desk.lease.tenant.mobile
    assert body["arrears"] == {
        "outstanding": "250.50",
        "overdue": "200.50",
        "oldest_due_date": "2026-09-15",
        "open_charges": 3,
        "url": f"/billing/units/{desk.unit.pk}/",
    }
    log = OwnerAccessLog.objects.get()
    assert (log.owner, log.user, log.channel, log.unmasked) == (desk.owner, desk.supervisor, "api", True)


@pytest.mark.parametrize(
    ("role", "sees_arrears"),
    [
        ("cashier", True),
        ("cs_assistant", True),
        ("project_manager", True),
        ("engineer", False),
        ("security", False),
    ],
)
def test_arrears_only_for_roles_with_billing_view(login, desk, role, sees_arrears):
    user = staff(role, desk.project)
    body = login(user).get(url(desk.unit)).json()
    assert ("arrears" in body) is sees_arrears


def test_paid_charges_are_not_arrears(login, desk):
    billing.payment_create(
        unit=desk.unit, method="cash", amount="250.50", idempotency_key="ctx-pay", acting_user=desk.cashier
    )
    arrears = login(desk.cashier).get(url(desk.unit)).json()["arrears"]
    assert (arrears["outstanding"], arrears["overdue"], arrears["oldest_due_date"]) == ("0.00", "0.00", None)


def test_open_tickets_are_listed_closed_ones_are_not(login, desk):
    tickets = login(desk.assistant).get(url(desk.unit)).json()["open_tickets"]
    assert tickets["count"] == 1
    [row] = tickets["items"]
    assert (row["id"], row["number"], row["category"], row["status"]) == (
        desk.open_ticket.pk,
        desk.open_ticket.number,
        "repair_in_unit",
        "received",
    )
    assert row["received_at"].startswith("2026-11-20T09:00")
    assert row["url"] == f"/tickets/{desk.open_ticket.pk}/"
    assert desk.closed_ticket.status == "closed"


def test_status_block_warns_for_units_not_handed_over_and_vacant(login, desk):
    client = login(desk.assistant)
    status = client.get(url(desk.unit)).json()["status"]
    assert (status["code"], status["status"]) == (desk.unit.code, "not_handed_over")
    assert status["warning"] and status["status_label"]
    desk.unit.status = "vacant"
    desk.unit.save()
    assert client.get(url(desk.unit)).json()["status"]["warning"]
    desk.unit.status = "owner_occupied"
    desk.unit.save()
    assert client.get(url(desk.unit)).json()["status"]["warning"] == ""


def test_query_count_is_bounded(login, desk, django_assert_max_num_queries):
    for _ in range(5):
        desk.repair()
    client = login(desk.supervisor)
    client.get(url(desk.unit))
    with django_assert_max_num_queries(14):
        assert client.get(url(desk.unit)).status_code == 200


def test_lookup_parameter_finds_the_unit_as_staff_say_it(login, desk):
    unit = desk.unit
    spoken = f"{unit.building.number}栋{unit.entrance}单元{unit.room}室"
    response = login(desk.assistant).get("/api/v1/units/", {"project": desk.project.pk, "lookup": spoken})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [unit.pk]


def test_lookup_parameter_needs_the_project(login, desk):
    assert_error(login(desk.assistant).get("/api/v1/units/", {"lookup": "602"}), 400, field="project")


def test_lookup_parameter_uses_the_building_at_hand(login, desk):
    unit = desk.unit
    other = UnitFactory(
        project=desk.project, building__project=desk.project, entrance=unit.entrance, room=unit.room
    )
    client = login(desk.assistant)
    params = {"project": desk.project.pk, "lookup": f"{unit.entrance}单元{unit.room}"}
    both = [row["id"] for row in client.get("/api/v1/units/", params).json()["results"]]
    assert sorted(both) == sorted([unit.pk, other.pk])
    here = client.get("/api/v1/units/", {**params, "lookup_building": other.building_id}).json()["results"]
    assert [row["id"] for row in here] == [other.pk]
