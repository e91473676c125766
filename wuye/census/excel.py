"""The monthly occupancy report (月度物业动态信息表) as an Excel workbook: one sheet with the units
by status per building and the census confirmations, one with the month's changes. Written through
wuye.core.excel, so no cell is ever read as a formula."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from wuye.census.choices import CensusStatus, ChangeKind
from wuye.census.selectors import MonthlyReport
from wuye.core.api.renderers import XLSX_CONTENT_TYPE
from wuye.core.excel import workbook_bytes
from wuye.estate.choices import OccupancyStatus, StatusChangeSource

__all__ = ["XLSX_CONTENT_TYPE", "file_name", "workbook"]


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _when(value: dt.datetime | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def file_name(report: MonthlyReport) -> str:
    return f"occupancy-{report.project.code}-{report.label}.xlsx"


def census_state(census) -> str:
    if census is None:
        return _("Not started")
    if census.status == CensusStatus.CONFIRMED:
        return str(CensusStatus.CONFIRMED.label)
    return str(CensusStatus.OPEN.label)


def workbook(report: MonthlyReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Occupancy")[:31]
    ws.append([_("Monthly occupancy report"), report.project.name, report.label])
    ws.append([_("Figures as of"), _when(report.figures["as_of"])])
    statuses = [str(label) for label in OccupancyStatus.labels]
    kinds = [str(label) for label in ChangeKind.labels]
    ws.append(
        [
            _("Building"),
            *statuses,
            _("Total"),
            *kinds,
            _("Assigned assistant"),
            _("Census"),
            _("Confirmed by"),
            _("Confirmed at"),
            _("Remarks"),
        ]
    )
    for row in report.rows:
        census = row["census"]
        ws.append(
            [
                row["building_label"],
                *(row["counts"][s] for s in OccupancyStatus.values),
                row["total"],
                *(row["change_counts"][k] for k in ChangeKind.values),
                _name(census.assistant) if census else "",
                census_state(census),
                _name(census.confirmed_by) if census else "",
                _when(census.confirmed_at) if census else "",
                census.remarks if census else "",
            ]
        )
    figures = report.figures
    ws.append(
        [
            _("Total"),
            *(figures["counts"][s] for s in OccupancyStatus.values),
            figures["total"],
            *(figures["change_counts"][k] for k in ChangeKind.values),
        ]
    )
    signed = report.report if report.signed else None
    ws.append([])
    ws.append(
        [
            _("Signed off by the project manager"),
            _name(signed.signed_by) if signed else "",
            _when(signed.signed_at) if signed else "",
        ]
    )

    changes = wb.create_sheet(_("Changes")[:31])
    changes.append(
        [_("Building"), _("Unit"), _("Change"), _("From"), _("To"), _("Source"), _("Effective at")]
    )
    for row in report.rows:
        for change in row["changes"]:
            changes.append(
                [
                    row["building_label"],
                    change["unit_code"],
                    str(ChangeKind(change["kind"]).label),
                    str(OccupancyStatus(change["from_status"]).label),
                    str(OccupancyStatus(change["to_status"]).label),
                    str(StatusChangeSource(change["source"]).label),
                    _when(change["at"]),
                ]
            )
    return workbook_bytes(wb)
