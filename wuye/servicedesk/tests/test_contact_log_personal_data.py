"""Issue 10: the calls-and-visits log (来电来访) lists callers' numbers in full, in the console, its
export and the API. That is the owner-record rule only because every role that may open the log
(contact.record) also holds personal-data access (people.view_personal); these tests keep it so —
granting the log to another role must come with masking its caller numbers."""

import pytest

from wuye.core import access
from wuye.core.masking import PERSONAL_DATA_PERM
from wuye.servicedesk import services
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db

NUMBER = "13912345678"


def test_every_role_that_opens_the_log_may_see_personal_data():
    assert access.roles_with("contact.record") <= access.roles_with(PERSONAL_DATA_PERM)


def test_roles_without_personal_data_access_cannot_read_callers_numbers(client, login):
    desk = Desk()
    log = services.contact_log_create(
        project=desk.project,
        acting_user=desk.assistant,
        kind="call",
        content="问物业费",
        caller_number=NUMBER,
    )
    assert login(desk.assistant).get("/api/v1/contact-logs/").json()["results"][0]["caller_number"] == NUMBER
    for reader in (desk.security, desk.engineer2):
        api = login(reader)
        assert api.get("/api/v1/contact-logs/").json()["results"] == []  # the log is not theirs to read
        detail = api.get(f"/api/v1/contact-logs/{log.pk}/")
        assert detail.status_code in (403, 404) and NUMBER not in detail.content.decode()
        client.force_login(reader)
        page = client.get("/contact-logs/")
        assert page.status_code in (403, 404) and NUMBER not in page.content.decode()
