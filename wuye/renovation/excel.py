"""The renovation register as a workbook, one sheet per section: applications by stage, late
approvals, yesterday's patrol gaps, violations, deposits held and refundable."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wuye.core.excel import workbook_bytes
from wuye.renovation import register
from wuye.renovation.choices import Department, PenaltyStatus, RenovationStatus, Severity
from wuye.renovation.models import Violation
from wuye.renovation.selectors import late_approvals
from wuye.renovation.selectors_board import patrol_gaps

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
S = RenovationStatus


def _local(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _sheet(wb, title: str, headers: list, rows: list, *, first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = BOLD
    for row in rows:
        ws.append([_local(value) for value in row])
    for index in range(len(headers)):
        ws.column_dimensions[chr(ord("A") + index)].width = 18
    return ws


def section_titles() -> list[str]:
    return [
        _("Applications by stage"),
        _("Late approvals"),
        _("Patrol gaps"),
        _("Violations"),
        _("Deposits"),
    ]


def register_workbook(user, project, *, day: dt.date | None = None) -> bytes:
    """The workbook of the project's renovations (those the user may see)."""
    titles = section_titles()
    renovations = list(
        register.register_queryset(user, project)
        .order_by("status", "number")
        .select_related("unit__building")
    )
    visible = {r.pk for r in renovations}
    wb = Workbook()
    stage_order = {value: index for index, value in enumerate(S.values)}
    _sheet(
        wb,
        titles[0],
        [
            _("Stage"),
            _("Number"),
            _("Unit"),
            _("Owner"),
            _("Renovation company"),
            _("Planned start"),
            _("Planned end"),
            _("Started"),
            _("Accepted on"),
        ],
        [
            [
                r.get_status_display(),
                r.number,
                r.unit.code,
                r.owner.name,
                r.company_name,
                r.planned_start,
                r.planned_end,
                r.started_at,
                r.accepted_on,
            ]
            for r in sorted(renovations, key=lambda r: (stage_order.get(r.status, 99), r.number))
        ],
        first=True,
    )
    by_id = {r.pk: r for r in renovations}
    late = [row for row in late_approvals(project) if row["id"] in visible]
    waiting = [
        r
        for r in renovations
        if r.status == S.SUBMITTED and r.approval_due_at and r.approval_due_at < timezone.now()
    ]
    _sheet(
        wb,
        titles[1],
        [_("Number"), _("Unit"), _("Approval due"), _("Decided at"), _("Decision")],
        [
            [
                row["number"],
                by_id[row["id"]].unit.code,
                row["approval_due_at"],
                row["decided_at"],
                S(row["status"]).label,
            ]
            for row in late
        ]
        + [[r.number, r.unit.code, r.approval_due_at, None, _("Still waiting")] for r in waiting],
    )
    gap_day = day or register.yesterday()
    gaps = patrol_gaps(gap_day, project_ids=[project.pk])
    _sheet(
        wb,
        titles[2],
        [_("Day"), _("Department"), _("Number"), _("Unit")],
        [
            [gap_day, Department(department).label, r.number, r.unit.code]
            for (_project, department), items in sorted(gaps.items())
            for r in items
            if r.pk in visible
        ],
    )
    violations = (
        Violation.objects.filter(renovation_id__in=visible)
        .select_related("renovation__unit", "found_by")
        .order_by("found_at", "pk")
    )
    _sheet(
        wb,
        titles[3],
        [
            _("Number"),
            _("Unit"),
            _("Notice number"),
            _("Severity"),
            _("Found at"),
            _("Department"),
            _("Rule violated"),
            _("Rectified at"),
            _("Penalty"),
            _("Penalty amount"),
        ],
        [
            [
                v.renovation.number,
                v.renovation.unit.code,
                v.number,
                Severity(v.severity).label,
                v.found_at,
                Department(v.department).label,
                v.rule,
                v.rectified_at,
                PenaltyStatus(v.penalty_status).label,
                v.penalty_amount,
            ]
            for v in violations
        ],
    )
    today = timezone.localdate()
    held = [r for r in renovations if r.deposit_id and r.deposit_held]
    _sheet(
        wb,
        titles[4],
        [
            _("Number"),
            _("Unit"),
            _("Stage"),
            _("Deposit held"),
            _("Accepted on"),
            _("Deposit refundable from"),
            _("Refundable now"),
        ],
        [
            [
                r.number,
                r.unit.code,
                r.get_status_display(),
                r.deposit_held,
                r.accepted_on,
                r.refundable_on,
                _("Yes")
                if r.status == S.ACCEPTED and r.refundable_on and r.refundable_on <= today
                else _("No"),
            ]
            for r in held
        ],
    )
    return workbook_bytes(wb)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
