"""The printed release pass: two copies on one A4 with the number (text and QR code), the unit, the
items, the consent call and the signature lines; empty lines struck through; personal data masked
for roles that do not need it."""

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from wuye.frontdesk.models import ReleasePass
from wuye.frontdesk.pdf_passes import qr_drawing, release_pass_pdf
from wuye.frontdesk.services import passes as services
from wuye.frontdesk.tests.factories_passes import Desk

pytestmark = pytest.mark.django_db


def test_two_copies_with_number_unit_items_and_consent(pdf_text):
    desk = Desk()
    release_pass = desk.new(
        carrier_kind="tenant",
        carrier_id_type="resident_id",
        carrier_id_number="110101199001011234",
        items=[{"name": "双人床", "quantity": 1}, {"name": "纸箱", "quantity": 12, "note": "书籍"}],
    )
    desk.agree(release_pass)
    services.pass_approve(release_pass=release_pass, carrier_signed=True, acting_user=desk.supervisor)
    release_pass = ReleasePass.objects.get(pk=release_pass.pk)
    data = release_pass_pdf(release_pass, viewer=desk.guard)
    text = pdf_text(data)
    assert text.count("\f") == 1  # both copies on one sheet
    assert text.count(release_pass.number) >= 4  # title and under the QR code, on both copies
    assert text.count(desk.unit.code) >= 2
    for word in ("双人床", "纸箱", "书籍", "12"):
        assert word in text, word
    with translation.override("zh-hans"):  # the paper's language, whatever the catalogue has yet
        for label in (_("Goods release pass"), _("Archive copy"), _("Customer copy (for the gate)")):
            assert text.count(str(label)) >= 1, label
    assert desk.owner.name in text and desk.owner.mobile in text  # the consent call
    assert "110***********1234" in text and "110101199001011234" not in text  # masked for the guard
    assert "110101199001011234" in pdf_text(release_pass_pdf(release_pass, viewer=desk.assistant))
    assert str(desk.supervisor) in text  # the handler who issued it


def test_a_cancelled_pass_prints_void(pdf_text):
    desk = Desk()
    release_pass = desk.new(carrier_kind="owner")
    services.pass_cancel(release_pass=release_pass, reason="改期", acting_user=desk.assistant)
    text = pdf_text(release_pass_pdf(ReleasePass.objects.get(pk=release_pass.pk)))
    assert "作" in text and "废" in text


def test_qr_code_is_drawn():
    drawing = qr_drawing("FX2026-0001")
    assert drawing.width > 0 and drawing.contents
