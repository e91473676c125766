"""Fonts, paragraph styles and the paper language: how text is set on every paper."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from xml.sax.saxutils import escape

from django.utils import translation
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4  # re-exported: the papers' page sizes
from reportlab.lib.pagesizes import A5 as A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph

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
