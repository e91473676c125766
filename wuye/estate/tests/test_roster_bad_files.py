"""Issue 10: a damaged or hostile roster file is refused with a readable error, never a 500, and
blank rows count against the row limit (a sheet padded with blank rows stops early)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from wuye.estate import roster

HEADER = ["房号", "购房人", "证件类型", "证件号码", "联系电话", "合同编号"]


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace(data: bytes, name: str, content: bytes | None) -> bytes:
    """The same zip with one part replaced (or left out when `content` is None)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item))
            elif content is not None:
                target.writestr(item, content)
    return out.getvalue()


GOOD = _xlsx([HEADER, ["1-1-101", "张三", "身份证", "110101199003074514", "13800138000", "HT-1"]])
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&h;</t></is></c></row></sheetData></worksheet>"""
NO_SHEETS = b"""<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets/></workbook>"""


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(GOOD[: len(GOOD) // 2], id="truncated"),
        pytest.param(
            _replace(GOOD, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row"), id="broken-xml"
        ),
        pytest.param(_replace(GOOD, "xl/worksheets/sheet1.xml", BOMB), id="entity-bomb"),
        pytest.param(_replace(GOOD, "xl/workbook.xml", NO_SHEETS), id="no-sheet"),
        pytest.param(_replace(GOOD, "xl/worksheets/sheet1.xml", None), id="sheet-part-missing"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 100, id="not-a-zip"),
    ],
)
def test_a_bad_file_is_refused_readably(data):
    with pytest.raises(ValidationError) as error:
        roster.read_rows(data)
    assert "file" in error.value.message_dict


def test_blank_rows_count_against_the_limit(monkeypatch):
    monkeypatch.setattr(roster, "MAX_ROWS", 50)
    padded = _xlsx(
        [HEADER] + [[None] * 6] * 60 + [["1-1-101", "张三", "身份证", "110101199003074514", "", ""]]
    )
    with pytest.raises(ValidationError) as error:
        roster.read_rows(padded)
    assert "50" in error.value.message_dict["file"][0]
    assert len(roster.read_rows(GOOD)) == 1
