"""Issue 10: one rule for personal data everywhere — the owner record's. Roles holding
people.view_personal in the project see phones and ID numbers in full, the person sees their own,
everyone else (and nobody at all) sees them masked."""

import pytest

from wuye.accounts.choices import Role
from wuye.core.masking import personal_data_visible, shown_id_number, shown_mobile
from wuye.core.tests.factories import OwnerFactory, ProjectFactory, resident_user, staff

pytestmark = pytest.mark.django_db

MOBILE, ID_NUMBER = "13812345678", "110105194912311234"


@pytest.mark.parametrize(
    ("role", "full"),
    [
        (Role.CS_ASSISTANT, True),
        (Role.CASHIER, True),
        (Role.ARCHIVIST, True),
        (Role.ENGINEER, False),
        (Role.SECURITY, False),
        (Role.KEY_KEEPER, False),
        (Role.COMPANY_MANAGER, False),
    ],
)
def test_roles_see_phones_and_id_numbers_as_on_the_owner_record(role, full):
    project = ProjectFactory()
    viewer = staff(role, project)
    assert personal_data_visible(viewer, project.pk) is full
    assert shown_mobile(viewer, project.pk, MOBILE) == (MOBILE if full else "138****5678")
    assert shown_id_number(viewer, project.pk, ID_NUMBER) == (ID_NUMBER if full else "110***********1234")


def test_the_right_holds_per_project():
    here, there = ProjectFactory(), ProjectFactory()
    cashier = staff(Role.CASHIER, here)
    assert shown_mobile(cashier, here.pk, MOBILE) == MOBILE
    assert shown_mobile(cashier, there.pk, MOBILE) == "138****5678"


def test_a_resident_sees_their_own_data_and_nobody_elses():
    project = ProjectFactory()
    owner = OwnerFactory(project=project, mobile=MOBILE)
    user = resident_user(owner=owner)
    assert shown_mobile(user, project.pk, MOBILE, subject_user_id=owner.user_id) == MOBILE
    assert shown_mobile(user, project.pk, MOBILE) == "138****5678"
    assert shown_mobile(user, project.pk, MOBILE, subject_user_id=user.pk + 1) == "138****5678"


def test_without_a_viewer_everything_is_masked():
    project = ProjectFactory()
    assert shown_mobile(None, project.pk, MOBILE) == "138****5678"
    assert shown_id_number(None, project.pk, ID_NUMBER) == "110***********1234"
    assert shown_mobile(None, project.pk, "") == ""
