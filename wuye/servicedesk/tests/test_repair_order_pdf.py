"""The repair order prints as a two-page Chinese PDF: customer copy and archive copy."""

import shutil
import subprocess

import pytest

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
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
        assert "客户联" in text and "存档联" in text and ticket.number in text
