"""Excel files whose cells a spreadsheet never executes (CSV/formula injection).

openpyxl stores a string starting with "=" as a formula, and a spreadsheet turns a cell starting
with "=", "+", "-", "@", a tab or a carriage return into one as soon as it is edited. Any text of
ours can come from a user (a fee item's name, a renter, a ticket's content), so every workbook we
hand out goes through this module: such a string is written as text, with Excel's hidden
apostrophe (quotePrefix), and shows exactly as typed. Numbers and dates are untouched.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl.cell import WriteOnlyCell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def as_text(cell):
    """Mark `cell` as text when its value could be read as a formula; returns the cell."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_cell(ws, value: Any) -> WriteOnlyCell:
    """A cell for a write-only sheet (`ws.append`), as text when it could be read as a formula."""
    return as_text(WriteOnlyCell(ws, value=value))


def neutralize(wb) -> None:
    """Mark every formula-like string of a (normal, not write-only) workbook as text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                as_text(cell)


def workbook_bytes(wb) -> bytes:
    """The .xlsx file of a normal workbook, with every formula-like string written as text."""
    neutralize(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
