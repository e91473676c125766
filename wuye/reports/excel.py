"""The three-rates sheet as an .xlsx workbook: the same figures as the page and the API.

Headers go through gettext, so the workbook speaks the user's language (Chinese by default).
Rates are real numbers formatted as percentages, so the sheet can be recomputed and charted.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from wuye.core.api.renderers import XLSX_CONTENT_TYPE  # noqa: F401  (re-exported for views)
from wuye.core.excel import workbook_bytes
from wuye.reports.selectors import Figure, ThreeRatesReport

RATE_FORMAT = "0.0%"
TARGET_FORMAT = "0%"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6EFEC")
CENTER = Alignment(horizontal="center", vertical="center")


def file_name(report: ThreeRatesReport) -> str:
    scope = report.projects[0].code if len(report.projects) == 1 else "all"
    return f"three-rates-{scope}-{report.period.first_day:%Y%m%d}-{report.period.last_day:%Y%m%d}.xlsx"


def _met_mark(figure: Figure) -> str:
    if figure.met is None:
        return "—"
    return "✓" if figure.met else "✗"


def _figure_cells(figure: Figure) -> list:
    # the exact ratio, not the rounded API figure: the cell shows 85.7% and recomputes exactly
    rate = figure.numerator / figure.denominator if figure.denominator else "—"
    return [figure.numerator, figure.denominator, rate, float(figure.target), _met_mark(figure)]


FIGURE_COLUMNS = 5


def _header(ws, row: int, first_label: str, report: ThreeRatesReport) -> None:
    """Two header rows: the KPI over its five columns, then numerator … met."""
    ws.cell(row=row, column=1, value=first_label).font = BOLD
    ws.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
    sub = [_("Numerator"), _("Denominator"), _("Rate"), _("Target"), _("Met")]
    for i, kpi in enumerate(report.kpis):
        col = 2 + i * FIGURE_COLUMNS
        ws.cell(row=row, column=col, value=str(kpi.label))
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + FIGURE_COLUMNS - 1)
        for j, label in enumerate(sub):
            ws.cell(row=row + 1, column=col + j, value=label)
    for r in (row, row + 1):
        for c in range(1, 2 + len(report.kpis) * FIGURE_COLUMNS):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, CENTER


def _figure_row(
    ws, row: int, label: str, figures: dict[str, Figure], report: ThreeRatesReport, bold=False
) -> None:
    ws.cell(row=row, column=1, value=label).font = Font(bold=bold)
    for i, kpi in enumerate(report.kpis):
        col = 2 + i * FIGURE_COLUMNS
        for j, value in enumerate(_figure_cells(figures[kpi.key])):
            cell = ws.cell(row=row, column=col + j, value=value)
            if j == 2 and not isinstance(value, str):
                cell.number_format = RATE_FORMAT
            elif j == 3:
                cell.number_format = TARGET_FORMAT
            if j >= 2:
                cell.alignment = CENTER


def workbook(report: ThreeRatesReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Three rates")[:31]
    scope = "、".join(p.name for p in report.projects)
    ws.cell(row=1, column=1, value=f"{_('Three-rates report')} · {scope}").font = Font(bold=True, size=14)
    period = f"{report.period.first_day:%Y-%m-%d} – {report.period.last_day:%Y-%m-%d}"
    ws.cell(row=2, column=1, value=f"{_('Period')}: {report.period.label} ({period})")
    as_of = timezone.localtime(report.as_of)
    ws.cell(row=3, column=1, value=f"{_('Figures as of')}: {as_of:%Y-%m-%d %H:%M}")
    _header(ws, 5, _("Project / department"), report)
    row = 7
    for item in report.rows:
        label = item.label if item.level != "department" or item.department is None else f"  {item.label}"
        _figure_row(ws, row, label, item.figures, report, bold=item.level != "department")
        row += 1
    ws.column_dimensions["A"].width = 24
    for c in range(2, 2 + len(report.kpis) * FIGURE_COLUMNS):
        ws.column_dimensions[get_column_letter(c)].width = 9
    ws.freeze_panes = "B7"

    if report.trend:
        trend = wb.create_sheet(_("Trend")[:31])
        _header(trend, 1, _("Period"), report)
        for i, point in enumerate(report.trend, start=3):
            _figure_row(trend, i, point.period.label, point.figures, report)
        trend.column_dimensions["A"].width = 14
        trend.freeze_panes = "B3"

    return workbook_bytes(wb)


# --- month-end repair fees (月底统计维修费用) ---------------------------------------------------

MONEY_FORMAT = "#,##0.00"


def repair_fee_columns() -> list[tuple[str, str, bool]]:
    """(attribute of FeeFigures, header, is money) in the order of the sheet, the page and the API."""
    return [
        ("count", _("Tickets"), False),
        ("labour_fee", _("Labour fee"), True),
        ("materials_fee", _("Materials fee"), True),
        ("total_fee", _("Total fee"), True),
        ("charged_count", _("Billed (tickets)"), False),
        ("charged_fee", _("Billed"), True),
        ("uncharged_count", _("Not yet billed (tickets)"), False),
        ("uncharged_fee", _("Not yet billed"), True),
        ("paid", _("Paid"), True),
    ]


def repair_fees_file_name(report) -> str:
    return f"repair-fees-{report.project.code}-{report.period.first_day:%Y-%m}.xlsx"


def _fee_sheet(ws, title: str, report, first_label: str, rows) -> None:
    columns = repair_fee_columns()
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    period = f"{report.period.first_day:%Y-%m-%d} – {report.period.last_day:%Y-%m-%d}"
    ws.cell(row=2, column=1, value=f"{_('Month')}: {report.period.label} ({period})")
    as_of = timezone.localtime(report.as_of)
    ws.cell(row=3, column=1, value=f"{_('Paid amounts as of')}: {as_of:%Y-%m-%d %H:%M}")
    for c, label in enumerate([first_label, *(header for _n, header, _m in columns)], start=1):
        cell = ws.cell(row=5, column=c, value=label)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, CENTER
    row = 6
    for label, figures, bold in rows:
        ws.cell(row=row, column=1, value=label).font = Font(bold=bold)
        for c, (name, _header, money) in enumerate(columns, start=2):
            value = getattr(figures, name)
            cell = ws.cell(row=row, column=c, value=value)
            cell.font = Font(bold=bold)
            if money:
                cell.number_format = MONEY_FORMAT
        row += 1
    ws.column_dimensions["A"].width = 28
    for c in range(2, 2 + len(columns)):
        ws.column_dimensions[get_column_letter(c)].width = 13
    ws.freeze_panes = "B6"


def repair_fees_workbook(report) -> bytes:
    """Sheet 1: each department (bold) followed by its items, then the total; sheet 2: by item."""
    wb = Workbook()
    title = f"{_('Repair fees')} · {report.project.name}"
    rows = []
    for department in report.departments:
        rows.append((department.label, department.figures, True))
        rows.extend((f"  {item.name}", item.figures, False) for item in department.items)
    rows.append((_("Total"), report.total, True))
    ws = wb.active
    ws.title = _("By department")[:31]
    _fee_sheet(ws, title, report, _("Department / service"), rows)
    by_item = [(item.name, item.figures, False) for item in report.items] + [(_("Total"), report.total, True)]
    _fee_sheet(wb.create_sheet(_("By service")[:31]), title, report, _("Service"), by_item)
    return workbook_bytes(wb)
