"""The document builder: page size, footer and page numbers per copy or per unit."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4  # re-exported: the papers' page sizes
from reportlab.lib.pagesizes import A5 as A5
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Spacer

from wuye.core.pdf.text import FONT, MARGIN


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
