"""The console's key actions (seed 000 §23): each form calls its one service; the allowed role
succeeds, a refusal is said on the form (400, the input kept, nothing stored) and a role without the
permission gets 403. Buttons are shown only to roles holding the permission."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from wuye.core.roles import Role
from wuye.core.tests.factories import OwnershipFactory, staff
from wuye.keys.choices import KeyState, ReleaseStatus
from wuye.keys.models import Key, KeyRelease
from wuye.keys.tests.factories import Cabinet

pytestmark = pytest.mark.django_db


@pytest.fixture
def cab():
    cab = Cabinet()
    cab.boss.last_project = cab.project  # the company manager works in this project
    cab.boss.save(update_fields=["last_project"])
    return cab


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def post(user, url, data):
    return client_for(user).post(url, data)


def action_url(key, action):
    return f"/keys/{key.pk}/{action}/"


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def state(key) -> str:
    return Key.objects.get(pk=key.pk).state


def zh(msgid: str, **params) -> str:
    """A message as the console says it (in the default language, Chinese once translated)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(msgid)
    return text % params if params else text


def refused(response, msgid: str, **params) -> str:
    """The page came back (400) with the form and the service's message on it."""
    page = response.content.decode()
    assert response.status_code == 400, response.status_code
    assert escape(zh(msgid, **params)) in page, page[-3000:]
    return page


# --- register a key (key register page) ------------------------------------------------------------


def test_register_a_key_from_the_register_page(cab):
    page = client_for(cab.desk).get("/keys/").content.decode()
    assert 'action="/keys/register/"' in page  # the desk registers keys at the handover
    response = post(
        cab.desk,
        "/keys/register/",
        {
            "register-unit_code": cab.unit.code,
            "register-source": "developer",
            "register-storage_location": "C-07",
        },
    )
    key = Key.objects.get(project=cab.project)
    assert response.status_code == 302 and response["Location"] == f"/keys/{key.pk}/"
    assert (key.unit, key.storage_location, key.state, key.registered_by) == (
        cab.unit,
        "C-07",
        "in_store",
        cab.desk,
    )


def test_register_entrusted_key_finds_the_units_owner(cab):
    response = post(
        cab.keeper,
        "/keys/register/",
        {
            "register-unit_code": cab.unit.code,
            "register-source": "owner_entrusted",
            "register-storage_location": "B-01",
            "register-consent": "on",
        },
    )
    assert response.status_code == 302
    key = Key.objects.get(project=cab.project)
    assert key.entrusted_by == cab.owner and key.consent_recorded


def test_register_refusal_is_said_on_the_form_and_the_input_kept(cab):
    response = post(
        cab.keeper,
        "/keys/register/",
        {
            "register-unit_code": cab.unit.code,
            "register-source": "not_taken",
            "register-storage_location": "Z-99",
        },
    )
    page = refused(response, "The unit is already handed over.")
    assert 'value="Z-99"' in page  # nothing typed is lost
    response = post(
        cab.keeper,
        "/keys/register/",
        {
            "register-unit_code": cab.unit.code,
            "register-source": "owner_entrusted",
            "register-storage_location": "B-01",
        },
    )
    refused(response, "The owner's consent to keep the key is required.")
    response = post(
        cab.keeper,
        "/keys/register/",
        {
            "register-unit_code": cab.unit.code,
            "register-source": "owner_entrusted",
            "register-storage_location": "B-01",
            "register-entrusted_by_name": cab.stranger.name,
            "register-consent": "on",
        },
    )
    refused(
        response,
        "Unit %(unit)s has no current owner named “%(name)s”.",
        unit=cab.unit.code,
        name=cab.stranger.name,
    )
    assert not Key.objects.filter(project=cab.project).exists()


def test_register_needs_the_receive_permission(cab):
    data = {
        "register-unit_code": cab.unit.code,
        "register-source": "developer",
        "register-storage_location": "A",
    }
    assert post(cab.boss, "/keys/register/", data).status_code == 403  # views keys, does not take them in
    assert 'action="/keys/register/"' not in client_for(cab.boss).get("/keys/").content.decode()
    assert post(staff(Role.SECURITY, cab.project), "/keys/register/", data).status_code == 403
    assert not Key.objects.exists()


# --- issue to the owner ----------------------------------------------------------------------------


def issue_data(cab, **changes):
    data = {
        "issue-to_owner": cab.owner.pk,
        "issue-identity_document": "resident_id",
        "issue-identity_checked": "on",
        "issue-signed_name": cab.owner.name,
        "issue-signed": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_issue_to_the_owner(cab):
    key = cab.key()
    response = post(cab.keeper, action_url(key, "issue"), issue_data(cab))
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.state == KeyState.ISSUED
    movement = key.movements.latest("id")
    assert (movement.to_owner, movement.identity_document, movement.signed_name) == (
        cab.owner,
        "resident_id",
        cab.owner.name,
    )


def test_issue_refusals_on_the_form(cab):
    key = cab.key()
    response = post(cab.keeper, action_url(key, "issue"), issue_data(cab, **{"issue-identity_checked": None}))
    refused(response, "Check the collector's identity first.")
    response = post(cab.keeper, action_url(key, "issue"), issue_data(cab, **{"issue-signed": None}))
    refused(response, "The recipient has not signed for the key.")
    not_handed = cab.key(unit=cab.new_unit)
    OwnershipFactory(unit=cab.new_unit, owner=cab.owner)  # bought, not yet handed over
    response = post(cab.keeper, action_url(not_handed, "issue"), issue_data(cab))
    refused(
        response,
        "Unit %(unit)s is not handed over yet; keys go to the owner only after the handover.",
        unit=cab.new_unit.code,
    )
    assert state(key) == state(not_handed) == KeyState.IN_STORE


def test_issue_needs_the_key_keeper(cab):
    key = cab.key()
    assert post(cab.desk, action_url(key, "issue"), issue_data(cab)).status_code == 403
    assert post(cab.manager, action_url(key, "issue"), issue_data(cab)).status_code == 403
    assert state(key) == KeyState.IN_STORE


# --- viewing -------------------------------------------------------------------------------------------


def test_viewing_goes_out_with_a_staff_member(cab):
    key = cab.key()
    data = {"viewing-staff_member": cab.desk.pk, "viewing-visitor_name": "张先生"}
    assert post(cab.keeper, action_url(key, "viewing"), data).status_code == 302
    key.refresh_from_db()
    assert (key.state, key.holder_user) == (KeyState.VIEWING, cab.desk)
    assert key.movements.latest("id").visitor_name == "张先生"


def test_viewing_refusal_and_role(cab):
    key = cab.key()
    response = post(cab.keeper, action_url(key, "viewing"), {"viewing-staff_member": cab.desk.pk})
    refused(response, "Say who views the unit.")
    data = {"viewing-staff_member": cab.desk.pk, "viewing-visitor_name": "张先生"}
    assert post(cab.desk, action_url(key, "viewing"), data).status_code == 403
    assert state(key) == KeyState.IN_STORE


# --- lend / borrow ------------------------------------------------------------------------------------


def borrow_data(borrower, hours=4):
    return {
        "borrow-borrower": borrower.pk,
        "borrow-due_back_at": local(timezone.now() + dt.timedelta(hours=hours)),
        "borrow-signed_name": str(borrower),
        "borrow-signed": "on",
        "borrow-purpose": "维修",
    }


def test_lend_a_key_to_staff(cab):
    key = cab.key()
    assert post(cab.keeper, action_url(key, "borrow"), borrow_data(cab.desk)).status_code == 302
    key.refresh_from_db()
    assert (key.state, key.holder_user) == (KeyState.BORROWED, cab.desk)
    assert key.due_back_at is not None


def test_lend_refusals_on_the_form(cab):
    key = cab.key()
    response = post(cab.keeper, action_url(key, "borrow"), borrow_data(cab.desk, hours=24 * 10))
    refused(response, "A key is lent for at most %(days)s days.", days=7)
    response = post(cab.keeper, action_url(key, "borrow"), borrow_data(cab.keeper))
    # nobody consents to their own loan: said on the form, not a 403 page
    refused(
        response, "You cannot approve %(what)s yourself; someone else must.", what=zh("a key loan to you")
    )
    response = post(cab.keeper, action_url(key, "borrow"), borrow_data(cab.desk, hours=-1))
    refused(response, "The due-back time must be later than now.")
    assert state(key) == KeyState.IN_STORE


def test_lend_needs_the_key_keeper(cab):
    key = cab.key()
    assert post(cab.manager, action_url(key, "borrow"), borrow_data(cab.desk)).status_code == 403
    assert state(key) == KeyState.IN_STORE


# --- return --------------------------------------------------------------------------------------------


def test_return_from_a_loan(cab):
    key = cab.key()
    cab.lend(key)
    assert post(cab.keeper, action_url(key, "return"), {"return-note": "完好"}).status_code == 302
    assert state(key) == KeyState.IN_STORE
    assert Key.objects.get(pk=key.pk).movements.latest("id").note == "完好"


def test_return_refusal_and_role(cab):
    key = cab.key()
    response = post(cab.keeper, action_url(key, "return"), {})
    refused(response, "Key %(number)s is not out on a viewing or a loan.", number=key.number)
    cab.lend(key)
    assert post(cab.desk, action_url(key, "return"), {}).status_code == 403
    assert state(key) == KeyState.BORROWED


# --- release outside the normal procedure -----------------------------------------------------------


def request_release(cab, key):
    data = {
        "release_request-reason": "业主委托亲属领取",
        "release_request-to_name": "李四",
        "release_request-to_id_type": "resident_id",
        "release_request-to_id_number": "110101199001011234",
    }
    return post(cab.keeper, action_url(key, "release-request"), data)


def test_release_request(cab):
    key = cab.key()
    assert request_release(cab, key).status_code == 302
    release = KeyRelease.objects.get(key=key)
    assert (release.status, release.to_name, release.requested_by) == (
        ReleaseStatus.PENDING,
        "李四",
        cab.keeper,
    )


def test_release_request_refusal_and_role(cab):
    key = cab.key()
    data = {"release_request-to_name": "李四", "release_request-to_id_type": "resident_id"}
    refused(
        post(cab.keeper, action_url(key, "release-request"), data),
        "Say why the key is released outside the normal procedure.",
    )
    data["release_request-reason"] = "亲属领取"
    assert post(cab.manager, action_url(key, "release-request"), data).status_code == 403
    assert not KeyRelease.objects.exists()


def test_release_decisions_by_manager_and_company_manager(cab):
    key = cab.key()
    request_release(cab, key)
    page = client_for(cab.manager).get(f"/keys/{key.pk}/").content.decode()
    assert action_url(key, "release-decision") in page and action_url(key, "issue") not in page
    data = {"release_decision-comment": "同意", "decision": "approve"}
    assert post(cab.manager, action_url(key, "release-decision"), data).status_code == 302
    refused(
        post(cab.manager, action_url(key, "release-decision"), data),
        "You have approved this release already; the other approval is needed.",
    )
    assert post(cab.boss, action_url(key, "release-decision"), data).status_code == 302
    release = KeyRelease.objects.get(key=key)
    assert release.status == ReleaseStatus.APPROVED
    assert (release.manager_approved_by, release.leadership_approved_by) == (cab.manager, cab.boss)


def test_release_rejection_needs_a_comment(cab):
    key = cab.key()
    request_release(cab, key)
    url = action_url(key, "release-decision")
    refused(post(cab.manager, url, {"decision": "reject"}), "Say why the release is refused.")
    assert KeyRelease.objects.get(key=key).status == ReleaseStatus.PENDING
    assert (
        post(cab.manager, url, {"decision": "reject", "release_decision-comment": "手续不全"}).status_code
        == 302
    )
    release = KeyRelease.objects.get(key=key)
    assert (release.status, release.rejected_by, release.comment) == (
        ReleaseStatus.REJECTED,
        cab.manager,
        "手续不全",
    )


def test_release_decision_needs_an_approver(cab):
    key = cab.key()
    request_release(cab, key)
    data = {"decision": "approve"}
    assert post(cab.keeper, action_url(key, "release-decision"), data).status_code == 403
    assert post(cab.desk, action_url(key, "release-decision"), data).status_code == 403
    assert KeyRelease.objects.get(key=key).manager_approved_by is None


def test_release_completion(cab):
    key = cab.key()
    request_release(cab, key)
    data = {
        "release_complete-identity_checked": "on",
        "release_complete-signed_name": "李四",
        "release_complete-signed": "on",
    }
    url = action_url(key, "release-complete")
    refused(
        post(cab.keeper, url, data),
        "The release needs the project manager's and company leadership's approvals first.",
    )
    for approver in (cab.manager, cab.boss):
        post(approver, action_url(key, "release-decision"), {"decision": "approve"})
    refused(
        post(cab.keeper, url, {**data, "release_complete-identity_checked": ""}),
        "Check the collector's identity first.",
    )
    assert post(cab.manager, url, data).status_code == 403
    assert state(key) == KeyState.IN_STORE
    assert post(cab.keeper, url, data).status_code == 302
    assert state(key) == KeyState.RELEASED
    assert KeyRelease.objects.get(key=key).status == ReleaseStatus.RELEASED


# --- which buttons whom ---------------------------------------------------------------------------------


def test_actions_shown_only_to_roles_holding_their_permission(cab):
    key = cab.key()
    keeper_page = client_for(cab.keeper).get(f"/keys/{key.pk}/").content.decode()
    for action in ("issue", "viewing", "borrow", "release-request"):
        assert action_url(key, action) in keeper_page
    assert action_url(key, "return") not in keeper_page  # the key is in the cabinet
    assert action_url(key, "release-decision") not in keeper_page
    for user in (cab.desk, cab.manager, cab.boss):
        page = client_for(user).get(f"/keys/{key.pk}/")
        assert page.status_code == 200
        assert 'class="action"' not in page.content.decode()  # no release open: nothing for them
    cab.lend(key)
    keeper_page = client_for(cab.keeper).get(f"/keys/{key.pk}/").content.decode()
    assert action_url(key, "return") in keeper_page and action_url(key, "issue") not in keeper_page


def test_unknown_action_is_404_and_get_is_405(cab):
    key = cab.key()
    assert post(cab.keeper, action_url(key, "melt"), {}).status_code == 404
    assert client_for(cab.keeper).get(action_url(key, "issue")).status_code == 405
    other = Cabinet()
    assert post(cab.keeper, action_url(other.key(), "return"), {}).status_code == 404  # not in this project
