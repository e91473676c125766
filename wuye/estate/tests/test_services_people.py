"""Owners, tenants, ownership and leases: validation, history, co-owners, masking, access log."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from wuye.accounts.choices import Role
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.masking import mask_id_number, mask_mobile
from wuye.core.tests.factories import OwnerFactory, ProjectFactory, UnitFactory, make_resident_id, staff
from wuye.estate import services
from wuye.estate.choices import IdType
from wuye.estate.models import Owner, OwnerAccessLog, Ownership

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"


@pytest.fixture
def project():
    return ProjectFactory()


@pytest.fixture
def clerk(project):
    return staff(Role.CS_ASSISTANT, project)


@pytest.mark.parametrize(
    ("id_type", "id_number", "mobile", "bad_fields"),
    [
        (IdType.RESIDENT_ID, VALID_ID, "13812345678", set()),
        (IdType.RESIDENT_ID, "11010519491231002x", "+86 138 1234 5678", set()),  # lower-case x, +86
        (IdType.RESIDENT_ID, "110105194912310021", "13812345678", {"id_number"}),  # wrong check digit
        (IdType.RESIDENT_ID, "110105194913310028", "13812345678", {"id_number"}),  # month 13
        (IdType.RESIDENT_ID, "1101051949123100", "13812345678", {"id_number"}),  # too short
        (IdType.RESIDENT_ID, VALID_ID, "12345678901", {"mobile"}),
        (IdType.RESIDENT_ID, VALID_ID, "010-88886666", {"mobile"}),  # a landline is not a mobile
        (IdType.PASSPORT, "E12345678", "13912345678", set()),  # other ID types: no checksum
        (IdType.HK_MACAO_PERMIT, "H12345678", "", set()),
        (IdType.BUSINESS_LICENCE, "91110000600037341L", "", set()),
        (IdType.BUSINESS_LICENCE, "91110000600037341X", "", {"id_number"}),
        (IdType.RESIDENT_ID, "110105194912310021", "123", {"id_number", "mobile"}),  # every field reported
    ],
)
def test_owner_identity_validation(project, clerk, id_type, id_number, mobile, bad_fields):
    if bad_fields:
        with pytest.raises(ValidationError) as exc:
            services.owner_create(
                project=project,
                acting_user=clerk,
                name="张三",
                id_type=id_type,
                id_number=id_number,
                mobile=mobile,
            )
        assert set(exc.value.message_dict) == bad_fields
        assert not Owner.objects.exists()
    else:
        owner = services.owner_create(
            project=project,
            acting_user=clerk,
            name="张三",
            id_type=id_type,
            id_number=id_number,
            mobile=mobile,
        )
        if id_type == IdType.RESIDENT_ID:
            assert owner.id_number == VALID_ID
        if mobile:
            assert owner.mobile in ("13812345678", "13912345678")


def test_same_identity_twice_in_a_project_is_refused(project, clerk):
    services.owner_create(project=project, acting_user=clerk, name="张三", id_number=VALID_ID)
    with pytest.raises(ValidationError) as exc:
        services.owner_create(project=project, acting_user=clerk, name="张三", id_number=VALID_ID)
    assert "id_number" in exc.value.message_dict
    # …but the same person may own in another project
    other = ProjectFactory()
    services.owner_create(
        project=other, acting_user=staff(Role.CS_ASSISTANT, other), name="张三", id_number=VALID_ID
    )


def test_owner_update_revalidates_and_keeps_history(project, clerk):
    owner = services.owner_create(project=project, acting_user=clerk, name="张三", id_number=VALID_ID)
    with pytest.raises(ValidationError):
        services.owner_update(owner=owner, acting_user=clerk, mobile="999")
    services.owner_update(owner=owner, acting_user=clerk, mobile="13900001111")
    owner.refresh_from_db()
    assert owner.mobile == "13900001111"
    assert [h.history_user for h in owner.history.all()] == [clerk, clerk]


def test_engineer_cannot_create_owner(project):
    with pytest.raises(PermissionDeniedError):
        services.owner_create(project=project, acting_user=staff(Role.ENGINEER, project), name="李四")


def test_co_owners_and_ownership_history(project, clerk):
    unit = UnitFactory(building__project=project)
    a = OwnerFactory(project=project)
    b = OwnerFactory(project=project)
    first = services.ownership_create(owner=a, unit=unit, start_date=dt.date(2020, 5, 1), acting_user=clerk)
    services.ownership_create(owner=b, unit=unit, start_date=dt.date(2020, 5, 1), acting_user=clerk)
    assert Ownership.objects.active().filter(unit=unit).count() == 2
    with pytest.raises(BusinessRuleError):
        services.ownership_create(owner=a, unit=unit, start_date=dt.date(2021, 1, 1), acting_user=clerk)
    with pytest.raises(ValidationError):
        services.ownership_end(ownership=first, end_date=dt.date(2024, 1, 1), reason="", acting_user=clerk)
    services.ownership_end(
        ownership=first, end_date=dt.date(2024, 1, 1), reason="房屋转让", acting_user=clerk
    )
    with pytest.raises(BusinessRuleError):
        services.ownership_end(
            ownership=first, end_date=dt.date(2024, 2, 1), reason="again", acting_user=clerk
        )
    # the ended row is kept, and a new ownership may start
    assert Ownership.objects.filter(unit=unit).count() == 2
    services.ownership_create(owner=a, unit=unit, start_date=dt.date(2024, 6, 1), acting_user=clerk)
    assert Ownership.objects.filter(unit=unit, owner=a).count() == 2


def test_ownership_across_projects_is_refused(project, clerk):
    unit = UnitFactory(building__project=project)
    stranger = OwnerFactory()
    with pytest.raises(ValidationError):
        services.ownership_create(
            owner=stranger, unit=unit, start_date=dt.date(2024, 1, 1), acting_user=clerk
        )


def test_ownership_end_before_start_refused(project, clerk):
    unit = UnitFactory(building__project=project)
    ownership = services.ownership_create(
        owner=OwnerFactory(project=project), unit=unit, start_date=dt.date(2024, 1, 1), acting_user=clerk
    )
    with pytest.raises(ValidationError):
        services.ownership_end(
            ownership=ownership, end_date=dt.date(2023, 1, 1), reason="x", acting_user=clerk
        )


def test_lease_lifecycle(project, clerk):
    from wuye.core.tests.factories import TenantFactory

    unit = UnitFactory(building__project=project)
    tenant = TenantFactory(project=project)
    lease = services.lease_create(
        tenant=tenant,
        unit=unit,
        start_date=dt.date(2025, 3, 1),
        acting_user=clerk,
        owner_consent_on_file=True,
        lease_agreement_on_file=True,
        safety_letter_signed=True,
    )
    with pytest.raises(BusinessRuleError):
        services.lease_create(tenant=tenant, unit=unit, start_date=dt.date(2025, 4, 1), acting_user=clerk)
    services.lease_end(lease=lease, end_date=dt.date(2026, 3, 1), acting_user=clerk)
    lease.refresh_from_db()
    assert lease.end_date == dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("role", "unmasked"),
    [
        (Role.CS_SUPERVISOR, True),
        (Role.ARCHIVIST, True),
        (Role.CASHIER, True),
        (Role.PROJECT_MANAGER, True),
        (Role.ENGINEER, False),
        (Role.SECURITY, False),
        (Role.KEY_KEEPER, False),
    ],
)
def test_owner_access_is_logged_with_masking_decision(project, role, unmasked):
    owner = OwnerFactory(project=project)
    user = staff(role, project)
    assert services.owner_record_access(owner=owner, acting_user=user, channel="web") is unmasked
    log = OwnerAccessLog.objects.get(owner=owner)
    assert (log.user, log.channel, log.unmasked) == (user, "web", unmasked)


@pytest.mark.parametrize(
    ("value", "masked"),
    [("110105194912311234", "110***********1234"), ("E12345678", "E12**5678"), ("", "")],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


def test_mask_mobile():
    assert mask_mobile("13812345678") == "138****5678"


def test_resident_id_factory_is_valid():
    from stdnum.cn import ric

    assert all(ric.is_valid(make_resident_id()) for _ in range(50))
