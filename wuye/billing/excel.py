"""The arrears ageing sheet (欠费账龄表) as an .xlsx workbook: the same rows as the page and the API.

Headers go through gettext (Chinese by default); amounts are numbers with two decimals, so the
sheet sums and filters like any ledger export.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from wuye.billing.reports import AGE_COLUMNS
from wuye.core.api.renderers import XLSX_CONTENT_TYPE  # noqa: F401  (re-exported for views)
from wuye.core.excel import workbook_bytes

MONEY_FORMAT = "#,##0.00"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6EFEC")


def age_headers() -> list[str]:
    return [_("0–30 days"), _("31–90 days"), _("91–180 days"), _("Over 180 days"), _("Total")]


def ageing_file_name(report: dict) -> str:
    projects = report["projects"]
    scope = projects[0].code if len(projects) == 1 else "all"
    return f"arrears-ageing-{scope}-{report['as_of']:%Y%m%d}.xlsx"


def ageing_workbook(report: dict) -> bytes:
    """`report` as built by `wuye.billing.reports.ageing_report`."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Arrears ageing")[:31]
    scope = "、".join(p.name for p in report["projects"])
    ws.cell(row=1, column=1, value=f"{_('Arrears ageing')} · {scope}").font = Font(bold=True, size=14)
    as_of: dt.date = report["as_of"]
    ws.cell(row=2, column=1, value=f"{_('Days past due as of')}: {as_of:%Y-%m-%d}")
    ws.cell(row=3, column=1, value=f"{_('Exported at')}: {timezone.localtime():%Y-%m-%d %H:%M}")
    headers = [_("Unit"), _("Fee item"), *age_headers()]
    header_row = 5
    for col, title in enumerate(headers, start=1):
        cell = ws.cell(row=header_row, column=col, value=title)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, Alignment(horizontal="center")
    row = header_row + 1
    for item in report["rows"]:
        ws.cell(row=row, column=1, value=item["unit_code"])
        ws.cell(row=row, column=2, value=item["fee_item"])
        for offset, key in enumerate(AGE_COLUMNS, start=3):
            ws.cell(row=row, column=offset, value=Decimal(item[key])).number_format = MONEY_FORMAT
        row += 1
    ws.cell(row=row, column=1, value=_("Total")).font = BOLD
    for offset, key in enumerate(AGE_COLUMNS, start=3):
        cell = ws.cell(row=row, column=offset, value=Decimal(report["totals"][key]))
        cell.number_format, cell.font = MONEY_FORMAT, BOLD
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 20
    for letter in "CDEFG":
        ws.column_dimensions[letter].width = 14
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    return workbook_bytes(wb)
