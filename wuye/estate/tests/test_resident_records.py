"""Issue 10: residents see only what is theirs, in a resident shape: a tenant does not read the
landlord's or a co-tenant's record; no resident receives staff notes, the archive note, the VIP
flag, the login link, or another person's emergency contacts."""

import pytest

from wuye.core.tests.factories import (
    LeaseFactory,
    OwnerFactory,
    OwnershipFactory,
    TenantFactory,
    UnitFactory,
    resident_user,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/"
STAFF_ONLY = {"notes", "archive_note", "is_vip", "user"}


@pytest.fixture
def flat():
    unit = UnitFactory()
    landlord = OwnerFactory(
        project=unit.project, notes="催缴困难", archive_note="档案盒 3", is_vip=True, emergency_contact="王五"
    )
    co_owner = OwnerFactory(project=unit.project, emergency_contact="赵六", emergency_mobile="13900001111")
    OwnershipFactory(unit=unit, owner=landlord)
    OwnershipFactory(unit=unit, owner=co_owner)
    tenant, flatmate = (TenantFactory(project=unit.project, notes="押金未退") for _ in range(2))
    LeaseFactory(unit=unit, tenant=tenant)
    LeaseFactory(unit=unit, tenant=flatmate)
    return unit, landlord, co_owner, tenant, flatmate


def test_a_tenant_reads_neither_the_landlord_nor_a_co_tenant(login, flat):
    _unit, landlord, _co_owner, tenant, flatmate = flat
    client = login(resident_user(tenant=tenant))
    assert client.get(API + "owners/").json()["results"] == []
    assert client.get(API + f"owners/{landlord.pk}/").status_code == 404
    assert [row["id"] for row in client.get(API + "tenants/").json()["results"]] == [tenant.pk]
    assert client.get(API + f"tenants/{flatmate.pk}/").status_code == 404
    own = client.get(API + f"tenants/{tenant.pk}/").json()
    assert not STAFF_ONLY & set(own) and own["name"] == tenant.name


def test_an_owner_sees_a_co_owner_without_staff_fields_or_contacts(login, flat):
    _unit, landlord, co_owner, _tenant, flatmate = flat
    client = login(resident_user(owner=landlord))
    rows = {row["id"]: row for row in client.get(API + "owners/").json()["results"]}
    assert set(rows) == {landlord.pk, co_owner.pk}
    assert not STAFF_ONLY & set(rows[landlord.pk])  # not even their own archive note or VIP flag
    assert rows[landlord.pk]["emergency_contact"] == "王五"  # their own contact, yes
    assert not {"emergency_contact", "emergency_mobile", "birthday"} & set(rows[co_owner.pk])
    assert client.get(API + f"tenants/{flatmate.pk}/").status_code == 404
