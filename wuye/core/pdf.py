"""Printed papers (receipts, repair orders, notices, memos) built from reportlab flowables.

One place for what every paper shares: the CJK font (reportlab's built-in CID font
STSong-Light, referenced rather than embedded, so no font file ships with Wuye and PDF readers
substitute a Song face), paragraph styles that wrap Chinese text, a bordered label/value form
table, a grid table, a title block, a signature row, a cut line between copies, and a document
builder with a footer and page numbers. Papers are Chinese documents whatever the user's
language: render them inside `paper_language()` (zh-hans unless the caller asks otherwise).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4  # re-exported: the papers' page sizes
from reportlab.lib.pagesizes import A5 as A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAPER_LANGUAGE = "zh-hans"
FULL_SHEET = A4  # receipts (copy and stub on one sheet), notices, memos
SMALL_FORM = A5  # half an A4 sheet: the repair order
MARGIN = 15 * mm
LINE = 0.6  # points: the rules of the forms
GRID_COLOR = colors.black
HEADER_FILL = colors.Color(0.93, 0.93, 0.93)
VOID_RED = colors.Color(0.73, 0.11, 0.11)


def _style(
    name: str,
    size: float,
    *,
    leading: float | None = None,
    align=TA_LEFT,
    color=colors.black,
    space_before: float = 0,
    space_after: float = 0,
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=FONT,
        fontSize=size,
        leading=leading or size * 1.35,
        alignment=align,
        textColor=color,
        wordWrap="CJK",
        spaceBefore=space_before,
        spaceAfter=space_after,
    )


STYLES: dict[str, ParagraphStyle] = {
    "org": _style("org", 11, align=TA_CENTER),
    "body": _style("body", 10.5),
    "body_right": _style("body_right", 10.5, align=TA_RIGHT),
    "cell": _style("cell", 10),
    "cell_right": _style("cell_right", 10, align=TA_RIGHT),
    "cell_center": _style("cell_center", 10, align=TA_CENTER),
    "label": _style("label", 10),
    "small": _style("small", 8, leading=10.5),
    "small_right": _style("small_right", 8, leading=10.5, align=TA_RIGHT),
    "void": _style("void", 10.5, color=VOID_RED),
}


def style(name: str) -> ParagraphStyle:
    return STYLES[name]


@contextmanager
def paper_language(language: str | None = None) -> Iterator[None]:
    """Translate the labels of a paper: Chinese unless the caller asks for another language."""
    with translation.override(language or PAPER_LANGUAGE):
        yield


def choice_labels(choices, language: str | None = None) -> Mapping[str, str]:
    """A read-only mapping value → label of a TextChoices class in the paper's language, read from the
    translation catalogue each time it is looked up."""

    class _Labels(Mapping):
        def __getitem__(self, value: str) -> str:
            label = choices(value).label
            with paper_language(language):
                return str(label)

        def __iter__(self):
            return iter(choices.values)

        def __len__(self) -> int:
            return len(choices.values)

    return _Labels()


def spaced(text: str) -> str:
    """Letter-space a short Chinese title the way paper forms print it (收据 → 收  据); other text
    is left as it is."""
    if text and len(text) <= 4 and all("\u4e00" <= char <= "\u9fff" for char in text):
        return "  ".join(text)
    return text


def para(text, name: str = "body", *, markup: bool = False) -> Paragraph:
    """A paragraph that wraps (Chinese wraps at any character). Text is escaped unless `markup`;
    line breaks in the text are kept."""
    text = "" if text is None else str(text)
    if not markup:
        text = escape(text).replace("\n", "<br/>")
    return Paragraph(text, STYLES[name])


def _cell(value, name: str = "cell"):
    return value if isinstance(value, Flowable) else para(value, name)


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


class _CutLine(Flowable):
    """A dashed line across the page with a note in the middle: cut the copies apart here."""

    def __init__(self, text: str, height: float = 8 * mm):
        super().__init__()
        self.text, self.height = text, height

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.height

    def draw(self):
        c, middle = self.canv, self.height / 2
        text_width = pdfmetrics.stringWidth(self.text, FONT, 8) + 4 * mm
        c.saveState()
        c.setLineWidth(0.5)
        c.setDash(3, 3)
        c.line(-MARGIN / 2, middle, (self.width - text_width) / 2, middle)
        c.line((self.width + text_width) / 2, middle, self.width + MARGIN / 2, middle)
        c.setFont(FONT, 8)
        c.drawCentredString(self.width / 2, middle - 2.8, self.text)
        c.restoreState()


def cut_line(text: str | None = None) -> Flowable:
    return _CutLine(_("Cut along this line") if text is None else text)


class _Stamp(Flowable):
    """A large slanted stamp (作废) laid over what follows it; takes no room itself."""

    _ZEROSIZE = True  # drawn even inside a container (a table cell, KeepInFrame)

    def __init__(self, text: str, drop: float = 35 * mm, size: float = 64):
        super().__init__()
        self.text, self.drop, self.size = text, drop, size

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, 0

    def draw(self):
        c = self.canv
        c.saveState()
        c.setFont(FONT, self.size)
        c.setFillColor(colors.Color(0.85, 0.2, 0.2, alpha=0.35))
        c.translate(self.width / 2, -self.drop)
        c.rotate(20)
        c.drawCentredString(0, 0, self.text)
        c.restoreState()


def stamp(text: str, *, drop: float = 35 * mm) -> Flowable:
    return _Stamp(text, drop=drop)


class Section(Flowable):
    """Starts a new numbered section (a copy, one unit's notice): pages count from 1 within it."""

    _ZEROSIZE = True

    def __init__(self, name: str = ""):
        super().__init__()
        self.name = name

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv._paper_section = (self.canv.getPageNumber(), self.name)


def _numbered_canvas(footer: str, numbered: bool, pagesize, margin: float) -> type[canvas.Canvas]:
    page_of = _("Page %(page)s of %(pages)s")  # translated now, in the paper's language

    class NumberedCanvas(canvas.Canvas):
        """Draws the footer (and "page x of y" within each section) once all pages are known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[tuple[dict, object]] = []
            self._paper_section = (1, "")

        def showPage(self):
            self._pages.append((dict(self.__dict__), self._paper_section))
            self._startPage()

        def save(self):
            sections: dict[object, int] = {}
            for _state, section in self._pages:
                sections[section] = sections.get(section, 0) + 1
            seen: dict[object, int] = {}
            for state, section in self._pages:
                self.__dict__.update(state)
                seen[section] = seen.get(section, 0) + 1
                self._footer(seen[section], sections[section])
                super().showPage()
            super().save()

        def _footer(self, page: int, pages: int) -> None:
            width = pagesize[0]
            self.saveState()
            self.setFont(FONT, 8)
            if footer:
                self.drawString(margin, 9 * mm, footer)
            if numbered:
                self.drawRightString(width - margin, 9 * mm, page_of % {"page": page, "pages": pages})
            self.restoreState()

    return NumberedCanvas


def build(
    flowables: list,
    *,
    title: str,
    pagesize=A4,
    footer: str = "",
    numbered: bool = True,
    margin: float = MARGIN,
    on_page: Callable | None = None,
) -> bytes:
    """The PDF bytes of `flowables` on `pagesize` pages, with `footer` at the foot of every page and
    page numbers counted within each `Section`."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        title=title,
        author="",
        creator="Wuye",
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + (5 * mm if footer or numbered else 0),
    )
    doc.build(
        flowables or [Spacer(1, 1)],
        onFirstPage=on_page or _nothing,
        onLaterPages=on_page or _nothing,
        canvasmaker=_numbered_canvas(footer, numbered, pagesize, margin),
    )
    return buffer.getvalue()


def _nothing(canv, doc) -> None:
    return None


FRAME_PADDING = 6  # points: SimpleDocTemplate's frame keeps this inside each margin


def content_width(pagesize=A4, margin: float = MARGIN) -> float:
    """The width a flowable may take on a page built by `build` with this margin."""
    return pagesize[0] - 2 * margin - 2 * FRAME_PADDING


def content_height(pagesize=A4, margin: float = MARGIN, *, footer: bool = False) -> float:
    """The height the flowables of one page may take (`footer`: the page has a footer or numbers)."""
    return pagesize[1] - 2 * margin - (5 * mm if footer else 0) - 2 * FRAME_PADDING
