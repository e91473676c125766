"""Owners and tenants get logins linked to their records and then see only their own units."""

import pytest
from django.core.exceptions import ValidationError

from wuye.accounts.choices import Role, UserKind
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tests.factories import LeaseFactory, OwnershipFactory, UnitFactory, staff
from wuye.estate.models import Unit
from wuye.estate.services import resident_account_create

pytestmark = pytest.mark.django_db


def test_owner_account_sees_only_own_unit():
    ownership = OwnershipFactory()
    UnitFactory(building=ownership.unit.building)  # a neighbour
    clerk = staff(Role.CS_ASSISTANT, ownership.unit.project)
    user = resident_account_create(
        person=ownership.owner, username="zhang", password="secret-123", acting_user=clerk
    )
    assert user.kind == UserKind.OWNER and user.check_password("secret-123")
    assert list(Unit.objects.visible_to(user)) == [ownership.unit]
    with pytest.raises(BusinessRuleError):
        resident_account_create(
            person=ownership.owner, username="zhang2", password="secret-123", acting_user=clerk
        )


def test_tenant_account_and_validation():
    lease = LeaseFactory()
    clerk = staff(Role.CS_ASSISTANT, lease.unit.project)
    with pytest.raises(ValidationError) as exc:
        resident_account_create(
            person=lease.tenant, username=clerk.username, password="short", acting_user=clerk
        )
    assert set(exc.value.message_dict) == {"username", "password"}
    user = resident_account_create(
        person=lease.tenant, username="li", password="secret-123", acting_user=clerk
    )
    assert user.kind == UserKind.TENANT
    assert list(Unit.objects.visible_to(user)) == [lease.unit]


def test_engineer_cannot_create_resident_accounts():
    ownership = OwnershipFactory()
    with pytest.raises(PermissionDeniedError):
        resident_account_create(
            person=ownership.owner,
            username="x1",
            password="secret-123",
            acting_user=staff(Role.ENGINEER, ownership.unit.project),
        )


def test_account_endpoint(api_client):
    ownership = OwnershipFactory()
    clerk = staff(Role.CS_ASSISTANT, ownership.unit.project)
    api_client.force_authenticate(clerk)
    url = f"/api/v1/owners/{ownership.owner.pk}/account/"
    bad = api_client.post(url, {"username": "zh", "password": "x"}, format="json")
    assert bad.status_code == 400 and "username" in bad.json()["fields"]
    ok = api_client.post(url, {"username": "zhang", "password": "secret-123"}, format="json")
    assert ok.status_code == 201 and ok.json()["kind"] == "owner"
    api_client.force_authenticate(None)
    token = api_client.post("/api/v1/auth/token/", {"username": "zhang", "password": "secret-123"}).json()[
        "token"
    ]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    units = api_client.get("/api/v1/units/").json()
    assert [u["id"] for u in units["results"]] == [ownership.unit.pk]
