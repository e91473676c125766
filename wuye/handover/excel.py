"""Excel of the handover reports: the daily handover report (交房日报表) and the handover summary
(房屋交接汇总报表). One set of rows feeds the page and the file, so the two always agree."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wuye.core.excel import workbook_bytes
from wuye.handover.selectors import DailyReport, Summary

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


def daily_headers() -> list[str]:
    return [
        _("Unit"),
        _("Owner"),
        _("Handed over at"),
        _("Fees from"),
        _("Fees to"),
        _("Fees prepaid (yuan)"),
        _("Keys"),
        _("Defects"),
    ]


def daily_rows(report: DailyReport) -> list[list]:
    return [
        [
            h.unit.code,
            h.owner.name if h.owner else "",
            timezone.localtime(h.finished_at).strftime("%H:%M") if h.finished_at else "",
            h.fees_start,
            h.fees_end,
            h.fees_amount,
            h.key_count,
            h.defect_count,
        ]
        for h in report.handovers
    ]


def summary_headers() -> list[str]:
    return [
        _("Unit"),
        _("Building"),
        _("Taken"),
        _("Owner"),
        _("Handover day"),
        _("Fees from"),
        _("Fees to"),
        _("Reason not taken"),
    ]


def summary_rows(summary: Summary) -> list[list]:
    rows = []
    for row in summary.rows:
        h = row.handover if row.taken else None
        rows.append(
            [
                row.unit.code,
                str(row.unit.building),
                _("Handed over") if row.taken else _("Not taken"),
                h.owner.name if h and h.owner else "",
                h.handover_date if h else None,
                h.fees_start if h else None,
                h.fees_end if h else None,
                row.reason,
            ]
        )
    return rows


def _book(title: str, heading: list, headers: list, rows: list, totals: list) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(heading)
    ws["A1"].font = BOLD
    for line in totals:
        ws.append(line)
    ws.append([])
    ws.append(headers)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for values in rows:
        ws.append(values)
    for column in "ABCDEFGH":
        ws.column_dimensions[column].width = 16
    return workbook_bytes(wb)


def daily_report_xlsx(report: DailyReport) -> bytes:
    return _book(
        _("Daily handover report"),
        [_("Daily handover report"), report.batch.project.name, report.batch.name, report.day],
        daily_headers(),
        daily_rows(report),
        [
            [_("Handed over today"), report.handed_over_today],
            [_("Handed over to date"), report.handed_over_to_date],
            [_("Units of the batch"), report.total_units],
            [_("Remaining"), report.remaining],
            [_("Not taken"), report.not_taken],
            [_("Defects found today"), report.defects_found],
        ],
    )


def summary_xlsx(summary: Summary) -> bytes:
    return _book(
        _("Handover summary"),
        [_("Handover summary"), summary.batch.project.name, summary.batch.name, summary.batch.handover_date],
        summary_headers(),
        summary_rows(summary),
        [[_("Handed over"), len(summary.handed_over)], [_("Not taken"), len(summary.not_taken)]],
    )


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
