#!/usr/bin/env python
"""Write the sample developer rosters (业主清册) under docs/samples/.

owner-roster-sample.xlsx
    Ten buyers of units of the demo project 翠湖花园（演示） (`manage.py load_demo`, code
    `cuihu`) that are not handed over and not yet in the demo roster: building 3, floors 16
    and 17, and 3-1-1801/1802. After `make run` an archivist (login `archivist`) can upload
    it on the console and it is accepted. Uploading it a second time is rejected, because the
    contract numbers are then already in the roster.
owner-roster-bad-sample.xlsx
    The same layout with deliberately wrong rows (check digit, unknown unit, repeated and
    already-imported contract numbers, a short mobile number); the import rejects the whole
    file and reports every bad row.

All people are fake; the ID numbers only have valid check digits.
Run from anywhere:  .venv/bin/python scripts/make_roster_samples.py
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wuye.core.fakes import UniqueFaker  # noqa: E402  (needs the repository on sys.path)

OUT = ROOT / "docs" / "samples"
HEADER = ["房号", "购房人", "证件类型", "证件号码", "联系电话", "合同编号"]
WIDTHS = [12, 10, 10, 22, 14, 16]
GOOD_UNITS = [
    "3-1-1601",
    "3-1-1602",
    "3-2-1601",
    "3-2-1602",
    "3-1-1701",
    "3-1-1702",
    "3-2-1701",
    "3-2-1702",
    "3-1-1801",
    "3-1-1802",
]
# The fixed seed makes every run write the same rows; openpyxl still stamps the save time,
# so regenerated files differ in their bytes only.
CREATED = dt.datetime(2026, 1, 1, 9, 0)


def _workbook(rows: list[list[str]], notes: list[str]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "业主清册"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(WIDTHS):
        letter = chr(ord("A") + index)
        sheet.column_dimensions[letter].width = width
        for cell in sheet[letter][1:]:
            cell.number_format = "@"  # text: Excel must not turn ID and phone numbers into numbers
    sheet.freeze_panes = "A2"
    about = book.create_sheet("说明")  # the import reads only the first sheet
    for line in notes:
        about.append([line])
    about.column_dimensions["A"].width = 90
    book.properties.creator = "Wuye demo"
    book.properties.created = CREATED
    return book


def good_rows(faker: UniqueFaker) -> list[list[str]]:
    rows = []
    for number, unit in enumerate(GOOD_UNITS, start=1):
        id_number, _ = faker.resident_id(born_from=1968, born_to=1998)
        rows.append([unit, faker.name(), "身份证", id_number, faker.mobile(), f"CH3-2026-{number:04d}"])
    # One buyer with a passport: any ID type from the console's list, or its Chinese name, is accepted.
    rows[-1][2:4] = ["护照", "E00000001"]
    return rows


def bad_rows(faker: UniqueFaker) -> list[list[str]]:
    def person():
        id_number, _ = faker.resident_id(born_from=1970, born_to=1995)
        return faker.name(), id_number, faker.mobile()

    name, good_id, mobile = person()
    rows = [["3-2-1601", name, "身份证", good_id, mobile, "CH3-2026-9001"]]  # row 2: correct
    name, id_number, mobile = person()
    wrong_check = id_number[:-1] + ("0" if id_number[-1] != "0" else "1")
    rows.append(["3-2-1602", name, "身份证", wrong_check, mobile, "CH3-2026-9002"])  # row 3: check digit
    name, id_number, mobile = person()
    rows.append(["3-1-1901", name, "身份证", id_number, mobile, "CH3-2026-9003"])  # row 4: no 19th floor
    name, id_number, mobile = person()
    rows.append(["3-1-1701", name, "身份证", id_number, mobile, "CH3-2026-9001"])  # row 5: repeats row 2
    name, id_number, mobile = person()
    rows.append(["3-1-1702", name, "身份证", id_number, mobile, "CH3-2025-0001"])  # row 6: already imported
    name, id_number, _ = person()
    rows.append(["3-2-1701", name, "身份证", id_number, "1381234567", "CH3-2026-9006"])  # row 7: 10 digits
    return rows


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    faker = UniqueFaker(20260101)
    good = _workbook(
        good_rows(faker),
        [
            "演示用开发商业主清册（虚构人物，证件号码仅校验位有效）。",
            "适用于演示项目“翠湖花园（演示）”：3号楼 16、17 层及 3-1-1801、3-1-1802，均为未接房且尚未列入清册的房屋。",
            "运行 make run 后，以 archivist / wuye12345 登录控制台上传本文件，应全部导入。",
            "表头：房号、购房人、证件类型（可空，默认身份证）、证件号码、联系电话、合同编号。",
        ],
    )
    good.save(OUT / "owner-roster-sample.xlsx")
    bad = _workbook(
        bad_rows(faker),
        [
            "故意出错的业主清册：导入应整体拒绝，不导入任何一行，并逐行报告原因。",
            "第 3 行：身份证校验位错误；第 4 行：房号不存在（3号楼只有 18 层）；",
            "第 5 行：合同编号与第 2 行重复；第 6 行：合同编号已在演示清册中；第 7 行：手机号只有 10 位。",
            "第 2 行本身正确，但因为其他行有错，也不会导入。",
        ],
    )
    bad.save(OUT / "owner-roster-bad-sample.xlsx")
    for name in ("owner-roster-sample.xlsx", "owner-roster-bad-sample.xlsx"):
        print(f"wrote {(OUT / name).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
