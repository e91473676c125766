"""The occupancy API: who may call it, the happy paths, and the 400s naming what is outstanding."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from wuye.core.roles import Role
from wuye.core.tests.factories import resident_user, staff
from wuye.estate.models import Lease, Ownership
from wuye.occupancy.models import MoveIn, TenantExit
from wuye.occupancy.tests.factories import MONTHLY, Estate

pytestmark = pytest.mark.django_db
TODAY = "2026-11-20"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def estate(_today):
    return Estate()


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_move_in_create_list_detail(estate, django_assert_max_num_queries):
    unit, owner = estate.owned()
    client = client_for(estate.assistant)
    response = client.post(
        "/api/v1/move-ins/",
        {"unit": unit.pk, "kind": "owner", "owner": owner.pk, "identity_checked": True, "moved_in_on": TODAY},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status_after"] == "owner_occupied" and body["unit_code"] == unit.code
    other, owner2 = estate.owned()
    client.post(
        "/api/v1/move-ins/",
        {
            "unit": other.pk,
            "kind": "owner",
            "owner": owner2.pk,
            "identity_checked": True,
            "moved_in_on": TODAY,
        },
        format="json",
    )
    with django_assert_max_num_queries(8):
        listed = client.get("/api/v1/move-ins/", {"project": estate.project.pk})
    assert listed.status_code == 200 and listed.json()["count"] == 2
    assert client.get(f"/api/v1/move-ins/{body['id']}/").json()["owner_name"] == owner.name


def test_tenant_move_in_missing_documents_answers_400_naming_them(estate):
    unit, _owner = estate.owned()
    response = client_for(estate.assistant).post(
        "/api/v1/move-ins/",
        {"unit": unit.pk, "kind": "tenant", "moved_in_on": TODAY, "tenant_info": {"name": "李租户"}},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "move_in_incomplete"
    assert set(body["fields"]) == {"commitment_letter", "lease_agreement", "tenant_form", "safety_letter"}
    assert not MoveIn.objects.exists()


def test_move_in_permissions(estate):
    unit, owner = estate.owned()
    body = {
        "unit": unit.pk,
        "kind": "owner",
        "owner": owner.pk,
        "identity_checked": True,
        "moved_in_on": TODAY,
    }
    assert client_for().post("/api/v1/move-ins/", body, format="json").status_code == 401
    assert client_for(estate.cashier).post("/api/v1/move-ins/", body, format="json").status_code == 403
    elsewhere = Estate()
    assert client_for(elsewhere.assistant).post("/api/v1/move-ins/", body, format="json").status_code == 400
    assert client_for(resident_user(owner=owner)).get("/api/v1/move-ins/").status_code == 403
    bad = client_for(estate.assistant).post("/api/v1/move-ins/", {"unit": unit.pk}, format="json")
    assert bad.status_code == 400 and {"kind", "moved_in_on"} <= set(bad.json()["fields"])


def test_lease_exit_400_names_outstanding_then_200(estate):
    unit, _owner, lease = estate.rented()
    estate.books.run(start=dt.date(2026, 11, 1))
    client = client_for(estate.assistant)
    url = f"/api/v1/leases/{lease.pk}/exit/"
    response = client.post(url, {"moving_date": TODAY, "owner_consent": "refused"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "exit_outstanding"
    assert set(body["fields"]) == {"arrears", "owner_consent"}
    assert body["tenant_exit"]["status"] == "waiting"
    assert TenantExit.objects.get().status == "waiting"  # recorded: the exit waits
    estate.pay(unit, sum(c.amount - c.allocated for c in unit.charges.all()))
    response = client.post(url, {"moving_date": TODAY, "owner_consent": "agreed"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["release_pass_allowed"] is True
    assert Lease.objects.get(pk=lease.pk).end_date == dt.date(2026, 11, 20)


def test_lease_exit_permissions(estate):
    _unit, _owner, lease = estate.rented()
    url = f"/api/v1/leases/{lease.pk}/exit/"
    body = {"moving_date": TODAY, "owner_consent": "agreed"}
    assert client_for().post(url, body, format="json").status_code == 401
    assert client_for(staff(Role.ENGINEER, estate.project)).post(url, body, format="json").status_code == 403
    assert client_for(Estate().assistant).post(url, body, format="json").status_code == 404
    assert (
        client_for(estate.assistant).post(url, {"owner_consent": "maybe"}, format="json").status_code == 400
    )


def test_unit_transfer_400_names_missing_then_201(estate):
    unit, old = estate.owned("owner_occupied")
    estate.bill(unit)
    client = client_for(estate.assistant)
    url = f"/api/v1/units/{unit.pk}/transfer/"
    body = {"transfer_date": TODAY, "new_owner_info": {"name": "新业主"}, "fire_safety_letter_signed": True}
    response = client.post(url, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "transfer_incomplete"
    assert set(response.json()["fields"]) == {"title_certificate_no", "prepayment"}
    estate.pay(unit, MONTHLY * 6)
    response = client.post(url, {**body, "title_certificate_no": "不动产权第001号"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["new_owner_name"] == "新业主"
    assert Ownership.objects.get(unit=unit, owner=old).end_date == dt.date(2026, 11, 20)


def test_unit_transfer_permissions(estate):
    unit, _old = estate.owned("owner_occupied")
    url = f"/api/v1/units/{unit.pk}/transfer/"
    body = {"transfer_date": TODAY, "title_certificate_no": "X1", "new_owner_info": {"name": "新业主"}}
    assert client_for().post(url, body, format="json").status_code == 401
    assert client_for(estate.cashier).post(url, body, format="json").status_code == 403
    assert client_for(Estate().assistant).post(url, body, format="json").status_code == 404
    resident = resident_user(owner=Ownership.objects.get(unit=unit).owner)
    assert client_for(resident).post(url, body, format="json").status_code == 403
