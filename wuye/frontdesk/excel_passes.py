"""Excel of the release passes' daily list (seed 001: every pass of a day accounted for). The same
rows feed the console page, the API and the file."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from wuye.core.excel import workbook_bytes
from wuye.frontdesk.selectors_passes import DailyPasses

BOLD = Font(bold=True)


def _time(value) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def daily_headers() -> list[str]:
    return [
        pgettext("release pass", "Number"),
        _("Unit"),
        _("Reason"),
        _("Carrier"),
        _("Items"),
        _("Status"),
        _("Issued by"),
        _("Released at"),
        _("Released by (guard)"),
        _("Cancelled or expired"),
        _("Flagged"),
    ]


def daily_rows(report: DailyPasses) -> list[list]:
    rows = []
    for p in report.passes:
        ended = ""
        if p.cancelled_at:
            ended = f"{_time(p.cancelled_at)} {p.cancel_reason}".strip()
        elif p.expired_at:
            ended = _time(p.expired_at)
        rows.append(
            [
                p.number,
                p.unit.code,
                str(p.get_kind_display()),
                f"{p.get_carrier_kind_display()} {p.carrier_name}",
                "、".join(f"{item.name}×{item.quantity}" for item in p.items.all()),
                str(p.get_status_display()),
                str(p.approved_by) if p.approved_by_id else "",
                _time(p.released_at),
                str(p.released_by) if p.released_by_id else "",
                ended,
                _("Yes") if getattr(p, "flagged", False) else "",
            ]
        )
    return rows


def daily_file_name(report: DailyPasses) -> str:
    return f"release-passes-{report.project.pk}-{report.day.isoformat()}.xlsx"


def daily_workbook(report: DailyPasses) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Release passes"))[:31]
    ws.append([_("Release passes of the day"), report.project.name, report.day])
    ws["A1"].font = BOLD
    for _status, label, count in report.summary():
        ws.append([label, count])
    ws.append([_("Total"), report.total])
    ws.append([])
    ws.append(daily_headers())
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for values in daily_rows(report):
        ws.append(values)
    for column in "ABCDEFGHIJK":
        ws.column_dimensions[column].width = 16
    ws.column_dimensions["E"].width = 40
    return workbook_bytes(wb)
