"""Issue 10: the repair order printed through the API shows the contact phone as the reader may see
it, like the console's print and the ticket itself (masked without personal-data access)."""

import pytest

from wuye.core.tests.test_pdf import needs_pdftotext, pages_of, squeezed
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db

FULL, MASKED = "13812345678", "138****5678"


def _printed(login, user, ticket) -> str:
    response = login(user).get(f"/api/v1/tickets/{ticket.pk}/repair-order/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return squeezed("".join(pages_of(response.content)))


@needs_pdftotext
def test_api_repair_order_masks_the_phone_for_roles_without_personal_data_access(login):
    desk = Desk()
    ticket = desk.repair()  # contact phone 13812345678
    assert FULL in _printed(login, desk.assistant, ticket)
    for reader in (desk.security, desk.engineer2):
        text = _printed(login, reader, ticket)
        assert MASKED in text and FULL not in text
