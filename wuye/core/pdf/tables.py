"""Title block, bordered form table, ruled grid table and signature row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reportlab.lib.pagesizes import A5 as A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Table, TableStyle

from wuye.core.pdf.text import FONT, GRID_COLOR, HEADER_FILL, LINE, STYLES, _cell, para


class _Title(Flowable):
    """A one-line centred title drawn as it is written (a paragraph would drop the spaces of 收  据),
    made smaller if it would not fit the width."""

    def __init__(self, text: str, size: float = 18):
        super().__init__()
        self.text, self.size = text, size

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.font_size = min(self.size, avail_width / max(pdfmetrics.stringWidth(self.text, FONT, 1), 1))
        self.height = self.font_size * 1.3
        return self.width, self.height

    def draw(self):
        self.canv.setFont(FONT, self.font_size)
        self.canv.drawCentredString(self.width / 2, self.font_size * 0.3, self.text)


def title_block(title: str, *, width: float, org: str = "", number: str = "", copy: str = "") -> Table:
    """Organisation and title in the middle; the copy's name and the paper's number on the right."""
    side = min(48 * mm, width * 0.28)
    right = [para(copy, "small_right")] if copy else []
    if number:
        right.append(para(number, "body_right"))
    middle = [para(org, "org")] if org else []
    middle.append(_Title(title))
    table = Table([["", middle, right]], colWidths=[side, width - 2 * side, side])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return table


def _grid_style(header_rows: int = 0, padding: float = 1.6 * mm) -> list:
    commands = [
        ("GRID", (0, 0), (-1, -1), LINE, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.8 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.8 * mm),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL))
    return commands


def _chunk_size(width: float, lines: int = 12) -> int:
    """How many characters fill about `lines` lines of a cell `width` wide (a Chinese character is
    one em wide)."""
    return max(40, int(width / STYLES["cell"].fontSize) * lines)


def _chunks(text: str, size: int) -> list[str]:
    """Cut a long text into pieces of about `size` characters at line breaks or spaces where it can,
    so a table can break between them across pages (a table row itself never splits)."""
    pieces = []
    for block in text.splitlines() or [""]:
        while len(block) > size:
            cut = block.rfind(" ", size // 2, size)
            cut = size if cut < 0 else cut + 1
            pieces.append(block[:cut])
            block = block[cut:]
        pieces.append(block)
    merged: list[str] = []
    for piece in pieces:  # put short lines back together
        if merged and len(merged[-1]) + len(piece) < size:
            merged[-1] += "\n" + piece
        else:
            merged.append(piece)
    return [piece for piece in merged if piece.strip()]


def form_table(
    rows: Sequence[tuple[str, object]],
    *,
    width: float,
    pairs_per_row: int = 1,
    label_width: float = 30 * mm,
    spans: Iterable[str] = (),
    padding: float = 1.6 * mm,
) -> Table:
    """Label/value rows with borders, `pairs_per_row` pairs side by side. A value may be text (it wraps)
    or a flowable. Labels in `spans` take a whole row to themselves (long texts)."""
    spans = set(spans)
    value_width = width / pairs_per_row - label_width
    data, commands, line = [], _grid_style(padding=padding), []
    for label, value in rows:
        if label in spans:
            if line:
                data.append(line + ["", ""] * (pairs_per_row - len(line) // 2))
                line = []
            per_row = _chunk_size(width - label_width)
            pieces = _chunks(value, per_row) if isinstance(value, str) else [value]
            for index, piece in enumerate(pieces or ["—"]):
                data.append(
                    [para(label if index == 0 else "", "label"), _cell(piece)]
                    + ["", ""] * (pairs_per_row - 1)
                )
                commands.append(("SPAN", (1, len(data) - 1), (-1, len(data) - 1)))
            continue
        line += [para(label, "label"), _cell("—" if value in (None, "") else value)]
        if len(line) == 2 * pairs_per_row:
            data.append(line)
            line = []
    if line:
        data.append(line + ["", ""] * (pairs_per_row - len(line) // 2))
    for column in range(0, 2 * pairs_per_row, 2):
        commands.append(("BACKGROUND", (column, 0), (column, -1), HEADER_FILL))
    table = Table(data, colWidths=[label_width, value_width] * pairs_per_row)
    table.setStyle(TableStyle(commands))
    return table


def grid_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    widths: Sequence[float],
    right: Iterable[int] = (),
    min_rows: int = 0,
    footer: Sequence[Sequence[object]] = (),
) -> Table:
    """A ruled table: a shaded header row repeated on every page it runs onto, the rows (text wraps
    inside its column; columns in `right` are right-aligned, e.g. amounts), blank rows up to
    `min_rows` to fill in by hand, and footer rows (a footer cell of "" joins the cell on its left)."""
    right = set(right)

    def row_of(values, header_row=False):
        cells = []
        for index, value in enumerate(values):
            name = "cell_right" if index in right else ("cell_center" if header_row else "cell")
            cells.append(_cell(value, name))
        return cells

    data = [row_of(header, header_row=True)]
    data += [row_of(values) for values in rows]
    data += [[""] * len(header) for _blank in range(max(0, min_rows - len(rows)))]
    commands = _grid_style(header_rows=1)
    for values in footer:
        data.append(row_of(values))
        row, start = len(data) - 1, 0
        for index in range(1, len(values) + 1):
            if index == len(values) or values[index] != "":
                if index - 1 > start:
                    commands.append(("SPAN", (start, row), (index - 1, row)))
                start = index
    if min_rows:
        blank_height = 7 * mm
        heights = [None] * len(data)
        for index in range(1 + len(rows), 1 + max(min_rows, len(rows))):
            heights[index] = blank_height
    else:
        heights = None
    table = Table(data, colWidths=list(widths), rowHeights=heights, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def signature_row(
    fields: Sequence[str | tuple[str, str]], *, width: float, blank: str = "________________"
) -> Table:
    """Fields side by side for signatures, seals and dates: a label alone gets a blank to write on
    ("客户签字：______"), a (label, value) pair prints the value ("收款人：张三")."""
    cells = []
    for field in fields:
        label, value = field if isinstance(field, tuple) else (field, blank)
        cells.append(para(f"{label}：{value}", "body"))
    table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return table
