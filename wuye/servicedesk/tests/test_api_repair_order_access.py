"""Issue 10: the repair order (维修服务单) is the staff's print, customer and archive copy; the API
refuses it to residents as the console does, even for a ticket of their own unit."""

import pytest

from wuye.core.tests.factories import LeaseFactory, TenantFactory, resident_user
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db


def test_residents_cannot_print_the_repair_order_of_their_own_ticket(login, client):
    desk = Desk()
    ticket = desk.repair()
    tenant = LeaseFactory(unit=desk.unit, tenant=TenantFactory(project=desk.project)).tenant
    for resident in (resident_user(owner=desk.owner), resident_user(tenant=tenant)):
        api = login(resident)
        assert api.get(f"/api/v1/tickets/{ticket.pk}/").status_code == 200  # their own ticket
        response = api.get(f"/api/v1/tickets/{ticket.pk}/repair-order/")
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
        client.force_login(resident)
        assert client.get(f"/tickets/{ticket.pk}/repair-order.pdf").status_code == 403
    staff = login(desk.assistant).get(f"/api/v1/tickets/{ticket.pk}/repair-order/")
    assert staff.status_code == 200 and staff.content.startswith(b"%PDF")
