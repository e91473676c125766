"""The daily list of uncollected important mail as Excel (seed 003: listed daily)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wuye.core.api.renderers import XLSX_CONTENT_TYPE  # noqa: F401 - re-exported for the views
from wuye.core.excel import workbook_bytes
from wuye.frontdesk.selectors_visitors_mail import days_waiting


def headers() -> list[str]:
    return [
        _("Received at"),
        _("Days waiting"),
        _("Unit"),
        _("Recipient"),
        _("Kind"),
        _("Sender or courier"),
        _("Tracking number"),
        _("Pieces"),
        _("Recipient told at"),
        _("How told"),
    ]


def rows(items, today: dt.date) -> list[list]:
    return [
        [
            timezone.localtime(item.received_at).replace(tzinfo=None),
            days_waiting(item, today),
            item.unit.code if item.unit_id else _("Management office"),
            item.recipient,
            item.get_kind_display(),
            item.sender,
            item.tracking_number,
            item.pieces,
            timezone.localtime(item.notified_at).replace(tzinfo=None) if item.notified_at else "",
            item.notify_note,
        ]
        for item in items
    ]


def file_name(project, today: dt.date) -> str:
    return f"uncollected-mail-{project.code}-{today:%Y%m%d}.xlsx"


def uncollected_workbook(project, items, *, today: dt.date | None = None) -> bytes:
    today = today or timezone.localdate()
    wb = Workbook()
    ws = wb.active
    ws.title = _("Uncollected mail")[:31]
    ws.cell(row=1, column=1, value=f"{_('Uncollected mail')} · {project.name}").font = Font(
        bold=True, size=14
    )
    ws.cell(row=2, column=1, value=f"{_('As of')}: {today:%Y-%m-%d}")
    header_row = 4
    for col, title in enumerate(headers(), start=1):
        ws.cell(row=header_row, column=col, value=title).font = Font(bold=True)
    for offset, values in enumerate(rows(items, today), start=header_row + 1):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=offset, column=col, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    for letter, width in zip("ABCDEFGHIJ", (17, 8, 12, 14, 14, 16, 20, 6, 17, 16), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return workbook_bytes(wb)
