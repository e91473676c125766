"""The repair order built from flowables: Chinese labels from the catalogue, a long request wraps
(never cut), each copy starts its own page, another language when the caller asks for it."""

import re
import shutil
import subprocess

import pytest

from wuye.servicedesk.pdf import repair_order_pdf, repair_order_rows
from wuye.servicedesk.tests.factories import Desk

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed"),
]
CONTENT = "卫生间地漏返水楼下邻居天花板有水渍请尽快上门查看" * 30 + "完"


def pages_of(data: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return text.split("\f")[:-1]


def squeezed(text: str) -> str:
    """The text without white space and without the page footers (a long request runs across them)."""
    return re.sub(r"(Printed|打印时间).*?(Page\d+of\d+|第\d+页，共\d+页)", "", "".join(text.split()))


def test_repair_order_labels_in_chinese_and_a_long_request_wraps_on_both_copies():
    desk = Desk()
    ticket = desk.through_completion(desk.repair(contact_name="王先生", content=CONTENT))
    pages = pages_of(repair_order_pdf(ticket))
    text = "".join(pages)
    for label in ("项目", "类别", "联系人", "联系电话", "预约时间", "完成时间", "材料", "处理结果"):
        assert text.count(label) >= 2, label  # on the customer copy and on the archive copy
    assert text.count(ticket.number) >= 2 and "王先生" in text and str(ticket.get_category_display()) in text
    assert squeezed(text).count(CONTENT) == 2  # the whole request on each copy, wrapped onto more lines
    assert len(pages) >= 2


def test_each_copy_starts_on_its_own_page_in_another_language_when_asked():
    desk = Desk()
    ticket = desk.through_completion(desk.repair(contact_name="王先生", content=CONTENT))
    pages = pages_of(repair_order_pdf(ticket, language="en"))
    customer = [i for i, page in enumerate(pages) if "Customer copy" in page]
    archive = [i for i, page in enumerate(pages) if "Archive copy" in page]
    assert customer == [0] and len(archive) == 1 and archive[0] > 0
    customer_copy, archive_copy = "".join(pages[: archive[0]]), "".join(pages[archive[0] :])
    assert "Customer's signature" in pages[archive[0] - 1] and "Customer's signature" in pages[-1]
    assert CONTENT in squeezed(customer_copy) and CONTENT in squeezed(archive_copy)
    assert dict(repair_order_rows(ticket, language="en"))["Order No."] == ticket.number
