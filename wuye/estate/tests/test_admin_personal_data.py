"""Issue 10: the read-only admin shows an owner's or a tenant's ID number and mobiles as the owner
record does — never on the form, and in the change history only to someone with personal-data
access (people.view_personal); support staff with the admin's view permission see them masked."""

import pytest
from django.contrib.auth.models import Permission

from wuye.accounts.choices import Role
from wuye.core.tests.factories import OwnerFactory, ProjectFactory, TenantFactory, UserFactory, staff

pytestmark = pytest.mark.django_db

OLD, NEW, ID_NUMBER = "13812345678", "13987654321", "110105194912311234"


def _support(*perms):
    """An admin user (is_staff) with the admin's view permissions and no role in any project."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=perms))
    return user


@pytest.fixture
def people():
    project = ProjectFactory()
    owner = OwnerFactory(project=project, mobile=OLD, id_number=ID_NUMBER)
    tenant = TenantFactory(project=project, mobile=OLD, id_number=ID_NUMBER)
    for person in (owner, tenant):
        person.mobile, person.id_number = NEW, "110105195001011234"
        person.save()
    return project, owner, tenant


@pytest.mark.parametrize("model", ["owner", "tenant"])
def test_the_admin_form_never_shows_personal_fields(client, people, model):
    _project, owner, tenant = people
    person = owner if model == "owner" else tenant
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/estate/{model}/{person.pk}/change/").content.decode()
    assert person.name in page
    assert NEW not in page and "110105195001011234" not in page


@pytest.mark.parametrize("model", ["owner", "tenant"])
def test_the_change_history_masks_personal_fields_without_personal_data_access(client, people, model):
    project, owner, tenant = people
    person = owner if model == "owner" else tenant
    client.force_login(_support(f"view_{model}"))
    page = client.get(f"/admin/estate/{model}/{person.pk}/history/").content.decode()
    assert "138****5678" in page and "139****4321" in page
    assert OLD not in page and NEW not in page and ID_NUMBER not in page

    archivist = staff(Role.ARCHIVIST, project)  # personal-data access in the project
    archivist.is_staff = True
    archivist.save()
    archivist.user_permissions.add(Permission.objects.get(codename=f"view_{model}"))
    client.force_login(archivist)
    page = client.get(f"/admin/estate/{model}/{person.pk}/history/").content.decode()
    assert OLD in page and NEW in page and ID_NUMBER in page
