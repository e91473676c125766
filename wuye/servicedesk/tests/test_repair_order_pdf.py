"""The repair order prints as a two-page Chinese PDF: customer copy and archive copy."""

import shutil
import subprocess

import pytest

from wuye.servicedesk import services
from wuye.servicedesk.pdf import repair_order_pdf, repair_order_rows
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db


def test_repair_order_pdf_has_both_copies():
    desk = Desk()
    ticket = desk.through_completion(desk.repair(contact_name="王先生"))
    data = repair_order_pdf(ticket)
    assert data.startswith(b"%PDF") and b"/Count 2" in data  # two pages
    rows = dict(repair_order_rows(ticket))
    assert rows["单号"] == ticket.number and rows["房号/位置"] == ticket.unit.code
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        assert "客户联" in text and "存档联" in text and ticket.number in text


def test_repair_order_from_console_and_api(client, api_client):
    desk = Desk()
    ticket = desk.repair()
    client.force_login(desk.assistant)
    page = client.get(f"/tickets/{ticket.pk}/")
    assert 'id="repair-order-pdf"' in page.content.decode()
    pdf = client.get(f"/tickets/{ticket.pk}/repair-order.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    api_client.force_authenticate(desk.engineer)
    response = api_client.get(f"/api/v1/tickets/{ticket.pk}/repair-order/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    consult = services.ticket_create(
        project=desk.project, acting_user=desk.assistant, category="consultation", content="?"
    )
    assert client.get(f"/tickets/{consult.pk}/repair-order.pdf").status_code == 404
