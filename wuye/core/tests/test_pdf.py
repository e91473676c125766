"""The shared paper helpers: Chinese text wraps instead of being cut, tables keep to the page, pages
are numbered within each section (a copy, a unit's notice), labels read the catalogue."""

import shutil
import subprocess

import pytest
from django.db import models
from django.utils.translation import gettext_lazy as _
from reportlab.platypus import PageBreak

from wuye.core import pdf as paper
from wuye.core.pdf import mm

needs_pdftotext = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed"
)

LONG = "卫生间地漏返水楼下邻居天花板有水渍需要上门查看并处理" * 12 + "完"


def pages_of(data: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return text.split("\f")[:-1]


def squeezed(text: str) -> str:
    return "".join(text.split())


@needs_pdftotext
def test_a_long_value_wraps_onto_more_lines_inside_its_cell():
    width = paper.content_width(paper.A5)
    table = paper.form_table([("Request", LONG), ("Phone", "13812345678")], width=width, label_width=25 * mm)
    table_width, table_height = table.wrap(width, 10_000)
    assert table_width <= width
    one_line = paper.form_table(
        [("Request", "短"), ("Phone", "13812345678")], width=width, label_width=25 * mm
    )
    assert table_height > one_line.wrap(width, 10_000)[1] + 5 * paper.style("cell").leading
    with paper.paper_language("en"):
        (page,) = pages_of(paper.build([table], title="t", pagesize=paper.A5))
    assert LONG in squeezed(page)  # every character printed, none cut off
    assert len([line for line in page.splitlines() if "水渍" in line]) > 5


@needs_pdftotext
def test_a_grid_table_runs_onto_the_next_page_with_its_header_repeated():
    rows = [(f"项目{i}", f"{i}.00") for i in range(80)]
    table = paper.grid_table(["Item", "Amount"], rows, widths=[100 * mm, 40 * mm], right=(1,))
    with paper.paper_language("en"):
        pages = pages_of(paper.build([table], title="t"))
    assert len(pages) >= 2 and all("Item" in page and "Amount" in page for page in pages)
    assert all(f"项目{i}" in squeezed("".join(pages)) for i in range(80))


@needs_pdftotext
def test_pages_are_numbered_within_each_section_and_the_footer_is_on_every_page():
    rows = [(f"行{i}", "x") for i in range(70)]
    flow = [
        paper.Section("a"),
        paper.grid_table(["A", "B"], rows, widths=[60 * mm, 60 * mm]),
        PageBreak(),
        paper.Section("b"),
        paper.para("second"),
    ]
    with paper.paper_language("en"):
        pages = pages_of(paper.build(flow, title="t", footer="Printed today"))
    first = len(pages) - 1  # the table's pages; "second" has a page of its own
    assert first >= 2
    assert [f"Page {i} of {first}" in pages[i - 1] for i in range(1, first + 1)] == [True] * first
    assert "second" in pages[-1] and "Page 1 of 1" in pages[-1]
    assert all("Printed today" in page for page in pages)


@needs_pdftotext
def test_cut_line_and_titles_print_as_written():
    with paper.paper_language("en"):
        data = paper.build(
            [
                paper.title_block(
                    paper.spaced("收据"), width=paper.content_width(), org="Org", number="No. 1", copy="Stub"
                ),
                paper.cut_line(),
            ],
            title="t",
            numbered=False,
        )
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "收 据" in text and "No. 1" in text and "Stub" in text and "Cut along this line" in text


class Method(models.TextChoices):
    CASH = "cash", _("Cash")
    WECHAT = "wechat", _("WeChat Pay")


def test_choice_labels_come_from_the_catalogue_in_the_papers_language():
    methods = paper.choice_labels(Method)
    assert set(methods) == {"cash", "wechat"}
    assert (methods["cash"], methods["wechat"]) == ("现金", "微信支付")
    assert paper.choice_labels(Method, "en")["cash"] == "Cash"
    assert paper.spaced("收据") == "收  据" and paper.spaced("Receipt") == "Receipt"


@needs_pdftotext
def test_a_text_longer_than_a_page_runs_on_over_pages_in_full():
    huge = LONG * 12
    width = paper.content_width(paper.A5)
    table = paper.form_table([("Request", huge), ("Phone", "138")], width=width, spans=["Request"])
    with paper.paper_language("en"):
        pages = pages_of(paper.build([table], title="t", pagesize=paper.A5, numbered=False))
    assert len(pages) >= 3
    assert huge in squeezed("".join(pages)) and "138" in pages[-1]
