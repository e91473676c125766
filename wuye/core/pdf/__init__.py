"""Printed papers (receipts, repair orders, notices, memos) built from reportlab flowables.

One place for what every paper shares: the CJK font (reportlab's built-in CID font
STSong-Light, referenced rather than embedded, so no font file ships with Wuye and PDF readers
substitute a Song face), paragraph styles that wrap Chinese text, a bordered label/value form
table, a grid table, a title block, a signature row, a cut line between copies, and a document
builder with a footer and page numbers. Papers are Chinese documents whatever the user's
language: render them inside `paper_language()` (zh-hans unless the caller asks otherwise).
"""

from reportlab.lib.pagesizes import A4, A5  # the papers' page sizes
from reportlab.lib.units import mm

from wuye.core.pdf.document import (
    FRAME_PADDING,
    build,
    content_height,
    content_width,
)
from wuye.core.pdf.marks import (
    Section,
    cut_line,
    stamp,
)
from wuye.core.pdf.tables import (
    form_table,
    grid_table,
    signature_row,
    title_block,
)
from wuye.core.pdf.text import (
    FONT,
    FULL_SHEET,
    GRID_COLOR,
    HEADER_FILL,
    LINE,
    MARGIN,
    PAPER_LANGUAGE,
    SMALL_FORM,
    VOID_RED,
    choice_labels,
    paper_language,
    para,
    spaced,
    style,
)

__all__ = [
    "A4",
    "A5",
    "mm",
    "FONT",
    "FRAME_PADDING",
    "FULL_SHEET",
    "GRID_COLOR",
    "HEADER_FILL",
    "LINE",
    "MARGIN",
    "PAPER_LANGUAGE",
    "SMALL_FORM",
    "Section",
    "VOID_RED",
    "build",
    "choice_labels",
    "content_height",
    "content_width",
    "cut_line",
    "form_table",
    "grid_table",
    "paper_language",
    "para",
    "signature_row",
    "spaced",
    "stamp",
    "style",
    "title_block",
]
