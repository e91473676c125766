"""Names typed at the desk refuse invisible and text-direction characters (issue 10)."""

import pytest
from django.core.exceptions import ValidationError

from wuye.servicedesk import services
from wuye.servicedesk.choices import Category
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


HIDDEN = ["张\u200b三", "\u202e三张", "李\ufeff四", "王\x07五"]


@pytest.mark.parametrize("name", HIDDEN)
def test_a_tickets_contact_name_refuses_hidden_characters(desk, name):
    with pytest.raises(ValidationError) as caught:
        services.ticket_create(
            project=desk.project,
            category=Category.CONSULTATION,
            content="问物业费",
            acting_user=desk.assistant,
            contact_name=name,
            channel="phone",
        )
    assert "contact_name" in caught.value.message_dict


def test_a_plain_contact_name_is_kept_stripped(desk):
    ticket = services.ticket_create(
        project=desk.project,
        category=Category.CONSULTATION,
        content="问物业费",
        acting_user=desk.assistant,
        contact_name="  张三 ",
        channel="phone",
    )
    assert ticket.contact_name == "张三"


@pytest.mark.parametrize("name", HIDDEN)
def test_a_logged_callers_name_refuses_hidden_characters(desk, name):
    with pytest.raises(ValidationError) as caught:
        services.contact_log_create(
            project=desk.project, kind="call", name=name, content="问停车", acting_user=desk.assistant
        )
    assert "name" in caught.value.message_dict
