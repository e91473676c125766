"""Factories shared by every app's tests."""

import datetime as dt
from decimal import Decimal

import factory

from wuye.accounts.choices import Role, UserKind
from wuye.accounts.models import RoleAssignment, User
from wuye.core.fakes import make_resident_id
from wuye.estate.choices import OccupancyStatus, ProjectKind
from wuye.estate.models import Building, Lease, Owner, Ownership, Project, PublicArea, Tenant, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"员工{n}")
    kind = UserKind.STAFF
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-123")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save(update_fields=["password"])


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"测试小区{n}")
    code = factory.Sequence(lambda n: f"p{n}")
    kind = ProjectKind.RESIDENTIAL
    service_phone = "010-88886666"


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    floors = 18


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    project = factory.SelfAttribute("building.project")
    entrance = "1"
    floor = 12
    room = factory.Sequence(lambda n: f"{1200 + n % 99 + 1}")
    code = factory.Sequence(lambda n: f"U-{n}")
    building_area = Decimal("89.50")
    status = OccupancyStatus.NOT_HANDED_OVER


class PublicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicArea

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"大堂{n}")


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Owner

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"业主{n}")
    id_number = factory.LazyFunction(make_resident_id)
    mobile = factory.Sequence(lambda n: f"138{n:08d}")


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"租户{n}")
    id_number = factory.LazyFunction(make_resident_id)
    mobile = factory.Sequence(lambda n: f"139{n:08d}")


class OwnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ownership

    unit = factory.SubFactory(UnitFactory)
    owner = factory.SubFactory(OwnerFactory, project=factory.SelfAttribute("..unit.project"))
    start_date = dt.date(2024, 1, 1)


class LeaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lease

    unit = factory.SubFactory(UnitFactory)
    tenant = factory.SubFactory(TenantFactory, project=factory.SelfAttribute("..unit.project"))
    start_date = dt.date(2025, 1, 1)


def staff(role: str, project: Project | None, **kwargs) -> User:
    """A staff user holding `role` in `project` (company_manager: company-wide)."""
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(
        user=user, project=None if role == Role.COMPANY_MANAGER else project, role=role
    )
    return user


def resident_user(owner: Owner | None = None, tenant: Tenant | None = None, **kwargs) -> User:
    user = UserFactory(kind=UserKind.OWNER if owner else UserKind.TENANT, **kwargs)
    for person in (owner, tenant):
        if person is not None:
            person.user = user
            person.save()
    return user
