"""The printed key papers (seed 000 §23): the key receipt (钥匙签收单) of a movement in which the key
changes hands, and the register (《钥匙委托管理清册》), from the API and the console. The text is read
back with pdftotext; ID numbers are masked as everywhere; other projects' keys answer 404."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from wuye.core.masking import mask_id_number
from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.keys import services
from wuye.keys.choices import MovementKind
from wuye.keys.tests.factories import Cabinet

pytestmark = pytest.mark.django_db


@pytest.fixture
def cab():
    return Cabinet()


def client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def console(user):
    c = Client()
    c.force_login(user)
    return c


def zh(msgid: str) -> str:
    """A label as the paper prints it (Chinese; the paper's language is zh-hans)."""
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def flat(text: str) -> str:
    return "".join(text.split())


def receipt(user, key, movement=None):
    query = {} if movement is None else {"movement": movement.pk}
    return client(user).get(f"/api/v1/keys/{key.pk}/receipt/", query)


# --- the key receipt -------------------------------------------------------------------------------


def test_the_receipt_of_a_loan_names_the_key_the_unit_and_both_parties(cab, pdf_text):
    key = cab.key(number="1-1201")
    cab.lend(key)
    answer = receipt(cab.keeper, key)  # no movement named: the latest signed one
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert "1-1201" in text and cab.unit.code in text
    assert flat(zh("Key receipt")) in flat(text)
    assert str(cab.keeper) in text and str(cab.desk) in text  # handed by the keeper, to the borrower
    assert flat(zh("Lent to staff")) in flat(text)
    assert flat(zh("Archive copy (key keeper)")) in flat(text)  # two copies, both to sign
    assert flat(zh("Copy for the other party")) in flat(text)


def test_each_movement_has_its_receipt_and_a_registration_has_none(cab, pdf_text):
    key = cab.key(number="1-1202")
    lent = cab.lend(key)
    back = services.key_return(key=key, acting_user=cab.keeper)
    issued = cab.issue(key)
    texts = {m.kind: pdf_text(receipt(cab.keeper, key, m).content) for m in (lent, back, issued)}
    assert flat(zh("Returned to the cabinet")) in flat(texts[MovementKind.RETURNED])
    assert str(cab.desk) in texts[MovementKind.RETURNED]  # who brought it back
    assert cab.owner.name in texts[MovementKind.ISSUED]
    registered = key.movements.get(kind=MovementKind.REGISTERED)
    refused = receipt(cab.keeper, key, registered)
    assert refused.status_code == 400
    assert refused.json()["code"] == "no_receipt" and "movement" in refused.json()["fields"]
    only_registered = cab.key(number="1-1203")
    assert receipt(cab.keeper, only_registered).json()["code"] == "no_receipt"


def test_the_owners_id_is_masked_for_a_role_without_personal_data(cab, pdf_text):
    key = cab.key(number="1-1204")
    movement = cab.issue(key)
    id_number = cab.owner.id_number
    masked = pdf_text(receipt(cab.keeper, key, movement).content)  # the keeper sees it masked
    full = pdf_text(receipt(cab.desk, key, movement).content)  # the desk verifies identities
    assert id_number not in masked and mask_id_number(id_number) in masked
    assert id_number in full


def test_an_entrusted_key_is_handed_by_the_owner_with_the_custody_terms(cab, pdf_text):
    key = cab.entrusted(number="E-01")
    text = flat(pdf_text(receipt(cab.desk, key).content))
    assert "E-01" in text and cab.owner.name in text and str(cab.desk) in text
    assert flat(zh("Entrusted into custody")) in text


def test_a_released_key_names_the_approved_person_and_masks_their_id(cab, pdf_text):
    key = cab.key(number="R-01")
    services.key_release_request(
        key=key,
        reason="业主委托亲属领取",
        to_name="李四",
        to_id_number="110105199001011234",
        acting_user=cab.keeper,
    )
    services.key_release_approve(key=key, acting_user=cab.manager)
    services.key_release_approve(key=key, acting_user=cab.boss)
    services.key_release_complete(
        key=key, signed_name="李四", signed=True, identity_checked=True, acting_user=cab.keeper
    )
    text = pdf_text(receipt(cab.keeper, key).content)
    assert "李四" in text and "业主委托亲属领取" in flat(text)
    assert "110105199001011234" not in text and mask_id_number("110105199001011234") in text


def test_receipts_stay_in_scope(cab):
    key = cab.key()
    movement = cab.lend(key)
    other = Cabinet()
    outsider = other.keeper
    assert receipt(outsider, key).status_code == 404  # another project's key
    assert receipt(outsider, key, movement).status_code == 404
    foreign = other.key()
    foreign_movement = other.lend(foreign)
    assert receipt(cab.keeper, key, foreign_movement).status_code == 404  # not this key's movement
    assert receipt(staff(Role.SECURITY, cab.project), key).status_code == 403
    assert APIClient().get(f"/api/v1/keys/{key.pk}/receipt/").status_code == 401
    bad = client(cab.keeper).get(f"/api/v1/keys/{key.pk}/receipt/", {"movement": "x"})
    assert bad.status_code == 400 and "movement" in bad.json()["fields"]


# --- the register ----------------------------------------------------------------------------------


def test_the_register_pdf_lists_the_projects_keys(cab, pdf_text):
    cab.key(number="1-1301")
    cab.lend(cab.key(number="1-1302"))
    cab.entrusted(number="1-1303")
    other = Cabinet()
    other.key(number="9-9999")
    answer = client(cab.keeper).get("/api/v1/keys/register-pdf/", {"project": cab.project.pk})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert "钥匙委托管理清册" in flat(text)  # the seed's name of the register
    assert flat(zh("Key register")) in flat(text)
    assert all(number in text for number in ("1-1301", "1-1302", "1-1303"))
    assert cab.unit.code in text and cab.owner.name in text and "9-9999" not in text
    lent = pdf_text(
        client(cab.keeper)
        .get("/api/v1/keys/register-pdf/", {"project": cab.project.pk, "state": "borrowed"})
        .content
    )
    assert "1-1302" in lent and "1-1301" not in lent


def test_the_register_pdf_stays_in_scope(cab):
    other = Cabinet()
    api = client(cab.keeper)
    assert api.get("/api/v1/keys/register-pdf/", {"project": other.project.pk}).status_code == 404
    missing = api.get("/api/v1/keys/register-pdf/")
    assert missing.status_code == 400 and "project" in missing.json()["fields"]
    guard = client(staff(Role.SECURITY, cab.project))
    assert guard.get("/api/v1/keys/register-pdf/", {"project": cab.project.pk}).status_code == 403


# --- the console -----------------------------------------------------------------------------------


def test_the_keys_card_links_a_receipt_for_each_signed_movement(cab, pdf_text):
    key = cab.key(number="C-01")
    lent = cab.lend(key)
    registered = key.movements.get(kind=MovementKind.REGISTERED)
    page = console(cab.keeper).get(f"/keys/{key.pk}/").content.decode()
    url = f"/keys/{key.pk}/movements/{lent.pk}/receipt.pdf"
    assert f'href="{url}"' in page
    assert f"/movements/{registered.pk}/receipt.pdf" not in page
    answer = console(cab.keeper).get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert "C-01" in text and cab.unit.code in text
    assert console(cab.keeper).get(f"/keys/{key.pk}/movements/{registered.pk}/receipt.pdf").status_code == 404


def test_console_papers_of_another_project_are_404(cab):
    other = Cabinet()
    key = other.key()
    movement = other.lend(key)
    assert console(cab.keeper).get(f"/keys/{key.pk}/movements/{movement.pk}/receipt.pdf").status_code == 404
    mine = cab.key()
    assert console(cab.keeper).get(f"/keys/{mine.pk}/movements/{movement.pk}/receipt.pdf").status_code == 404
    assert console(staff(Role.SECURITY, cab.project)).get("/keys/register.pdf").status_code == 403


def test_the_register_page_prints_the_register_as_filtered(cab, pdf_text):
    cab.key(number="P-01")
    cab.lend(cab.key(number="P-02"))
    page = console(cab.keeper).get("/keys/", {"state": "borrowed"}).content.decode()
    assert 'href="/keys/register.pdf?state=borrowed"' in page
    text = pdf_text(console(cab.keeper).get("/keys/register.pdf", {"state": "borrowed"}).content)
    assert "P-02" in text and "P-01" not in text
    everything = pdf_text(console(cab.keeper).get("/keys/register.pdf").content)
    assert "P-01" in everything and "P-02" in everything
    with translation.override(settings.LANGUAGE_CODE):
        assert flat(zh("Key register")) in flat(everything)
