"""Marks on a paper: the cut line between copies, the VOID stamp, section markers for numbering."""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A5 as A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from wuye.core.pdf.text import FONT, MARGIN


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
