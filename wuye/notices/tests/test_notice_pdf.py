"""The printed notice in the company's standard format: issuing centre, number, title, text, the
centre's name and date, validity and posting places; a draft is marked and has no number.
Labels are compared through the catalogue in the paper's language (Chinese once compiled)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from wuye.core.pdf import PAPER_LANGUAGE
from wuye.notices.pdf import long_date, notice_pdf
from wuye.notices.tests.factories import Board

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return "".join(str(text).split())


def test_an_approved_notice(pdf_text):
    board = Board()
    notice = board.published()
    text = _flat(pdf_text(notice_pdf(notice)))
    assert _flat(notice.number) in text
    assert "关于二次供水水箱清洗停水的通知" in text
    assert "本周六上午九时至十二时清洗水箱" in text
    assert "大堂公告栏" in text
    with translation.override(PAPER_LANGUAGE):
        assert _flat(_("%(project)s Service Centre") % {"project": board.project.name}) in text
        assert _flat(long_date(notice.issued_on)) in text
        assert _flat(_("Draft: not approved, not to be posted or sent.")) not in text


def test_a_notice_to_one_customer_has_the_addressee_and_a_signature_line(pdf_text):
    board = Board()
    notice = board.approved(board.individual())
    text = _flat(pdf_text(notice_pdf(notice)))
    with translation.override(PAPER_LANGUAGE):
        assert _flat(_("To: %(addressee)s") % {"addressee": f"{board.unit.code} 张三"}) in text
        assert _flat(_("Received by the customer (signature)")) in text


def test_a_draft_is_marked_and_unnumbered(pdf_text):
    board = Board()
    text = _flat(pdf_text(notice_pdf(board.draft())))
    with translation.override(PAPER_LANGUAGE):
        assert _flat(_("Draft: not approved, not to be posted or sent.")) in text
        assert _flat(_("(numbered at approval)")) in text
