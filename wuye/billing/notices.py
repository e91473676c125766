"""Payment notices (缴费通知单) for a period and the dunning list (催缴名单) of overdue units.

Both are reads of the ledger: a notice lists the period's charges and what is still open from
before; the dunning list is the units with charges past due (grace days a project setting),
with their ageing. Notices print as a Chinese PDF (one page per unit); the dunning list exports
to Excel and prints.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, Min, Prefetch, Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.platypus import PageBreak, Spacer

from wuye.billing.models import Charge, CreditEntry
from wuye.billing.pdf import money, rmb_upper
from wuye.core import pdf as paper
from wuye.core.excel import workbook_bytes
from wuye.core.masking import shown_mobile
from wuye.core.money import to_money
from wuye.core.pdf import mm
from wuye.estate.models import Ownership, Unit

ZERO = Decimal("0.00")


def _owners(unit_ids) -> dict[int, list]:
    owners: dict[int, list] = {}
    for ownership in Ownership.objects.active().filter(unit_id__in=unit_ids).select_related("owner"):
        owners.setdefault(ownership.unit_id, []).append(ownership.owner)
    return owners


def payment_notices(*, project, period_start: dt.date, period_end: dt.date, unit_ids=None) -> list[dict]:
    """One notice per unit with a charge in the period or anything still open before it."""
    open_charges = Charge.objects.filter(
        project=project, allocated__lt=F("amount"), period_start__lte=period_end
    )
    if unit_ids is not None:
        open_charges = open_charges.filter(unit_id__in=unit_ids)
    units = (
        Unit.objects.filter(pk__in=open_charges.values("unit_id"))
        .prefetch_related(
            Prefetch(
                "charges",
                queryset=Charge.objects.filter(allocated__lt=F("amount"), period_start__lte=period_end)
                .select_related("fee_item")
                .order_by("period_start", "id"),
                to_attr="open_charges",
            )
        )
        .order_by("code")
    )
    owners = _owners(units.values("pk"))
    credits = dict(
        CreditEntry.objects.filter(unit_id__in=units.values("pk"))
        .values("unit_id")
        .annotate(s=Sum("amount"))
        .values_list("unit_id", "s")
    )
    notices = []
    for unit in units:
        # arrears are what fell due before this period; a bill of an earlier period not yet due (a
        # quarter billed in advance) is still a current line, not a debt
        earlier = [c for c in unit.open_charges if c.due_date < period_start]
        current = [c for c in unit.open_charges if c.due_date >= period_start]
        period_total = sum((c.amount - c.allocated for c in current), ZERO)
        arrears = sum((c.amount - c.allocated for c in earlier), ZERO)
        due_dates = [c.due_date for c in current] or [c.due_date for c in earlier]
        notices.append(
            {
                "unit": unit,
                "owners": owners.get(unit.pk, []),
                "lines": current,
                "period_total": period_total,
                "arrears": arrears,
                "credit": to_money(credits.get(unit.pk) or 0),
                "total_due": period_total + arrears,
                "due_date": min(due_dates) if due_dates else None,
            }
        )
    return notices


def _notice(project, period_start: dt.date, period_end: dt.date, notice: dict, width: float) -> list:
    unit = notice["unit"]
    names = "、".join(o.name for o in notice["owners"]) or _("Owner")
    flow = [
        paper.Section(unit.code),
        paper.title_block(_("Payment notice"), width=width, org=project.name),
        paper.para(_("Dear %(names)s (%(unit)s):") % {"names": names, "unit": unit.code}),
        Spacer(1, 1 * mm),
    ]
    if notice["due_date"]:
        flow.append(
            paper.para(
                _("Your charges from %(start)s to %(end)s are listed below; please pay them by %(due)s.")
                % {
                    "start": f"{period_start:%Y-%m-%d}",
                    "end": f"{period_end:%Y-%m-%d}",
                    "due": f"{notice['due_date']:%Y-%m-%d}",
                }
            )
        )
    rows = [
        (
            charge.fee_item.name,
            f"{charge.period_start:%Y-%m-%d}～{charge.period_end:%Y-%m-%d}",
            f"{charge.quantity.normalize():f}",
            f"{charge.rate.normalize():f}",
            money(charge.amount - charge.allocated),
        )
        for charge in notice["lines"]
    ]
    footer = [
        (label, "", "", "", money(value))
        for label, value in (
            (_("This period"), notice["period_total"]),
            (_("Earlier arrears"), notice["arrears"]),
            (_("Total due"), notice["total_due"]),
        )
    ]
    footer.append((_("In words: %(amount)s") % {"amount": rmb_upper(notice["total_due"])}, "", "", "", ""))
    flow += [
        Spacer(1, 3 * mm),
        paper.grid_table(
            [_("Fee item"), _("Billing period"), _("Quantity"), _("Unit price"), _("Amount (yuan)")],
            rows,
            widths=[width * 0.3, width * 0.3, width * 0.11, width * 0.11, width * 0.18],
            right=(2, 3, 4),
            footer=footer,
        ),
    ]
    if notice["credit"] > 0:
        flow += [
            Spacer(1, 2 * mm),
            paper.para(
                _("Your prepaid balance of %(amount)s yuan is set off against later charges automatically.")
                % {"amount": money(notice["credit"])}
            ),
        ]
    flow += [
        Spacer(1, 5 * mm),
        paper.para(
            _("Pay at the cashier of the customer service centre. Service phone: %(phone)s")
            % {"phone": project.service_phone or "—"},
            "small",
        ),
        paper.para(
            _(
                "The fee standards are posted on the estate's notice board; call the customer service "
                "centre with any question."
            ),
            "small",
        ),
    ]
    return flow


def payment_notices_pdf(
    *, project, period_start: dt.date, period_end: dt.date, notices: list[dict], language: str | None = None
) -> bytes:
    """One A4 page per unit (a long notice runs on, its table header repeated), numbered per unit."""
    width = paper.content_width(paper.A4)
    with paper.paper_language(language):
        flow: list = []
        for notice in notices:
            if flow:
                flow.append(PageBreak())
            flow += _notice(project, period_start, period_end, notice, width)
        if not notices:
            flow = [
                paper.title_block(_("Payment notice"), width=width, org=project.name),
                paper.para(_("There are no charges to notify for this period.")),
            ]
        return paper.build(
            flow,
            title=_("Payment notices %(month)s") % {"month": f"{period_start:%Y-%m}"},
            numbered=bool(notices),
        )


def dunning_list(*, project, as_of: dt.date, user, grace_days: int | None = None) -> list[dict]:
    """Units with charges past due by more than the grace days, oldest debt first."""
    if grace_days is None:
        grace_days = int((project.settings or {}).get("billing", {}).get("dunning_grace_days", 0))
    cutoff = as_of - dt.timedelta(days=grace_days)
    rows = list(
        Charge.objects.filter(
            project=project, allocated__lt=F("amount"), due_date__lt=cutoff, unit__isnull=False
        )
        .values("unit_id", "unit__code")
        .annotate(overdue=Sum(F("amount") - F("allocated")), oldest_due=Min("due_date"), charges=Count("id"))
        .order_by("oldest_due", "unit__code")
    )
    owners = _owners([r["unit_id"] for r in rows])
    result = []
    for row in rows:
        people = owners.get(row["unit_id"], [])
        result.append(
            {
                "unit_id": row["unit_id"],
                "unit": row["unit__code"],
                "owners": "、".join(p.name for p in people),
                "mobiles": "、".join(shown_mobile(user, project.pk, p.mobile) for p in people if p.mobile),
                "overdue": to_money(row["overdue"]),
                "charges": row["charges"],
                "oldest_due": row["oldest_due"],
                "days_overdue": (as_of - row["oldest_due"]).days,
            }
        )
    return result


def dunning_workbook(*, project, as_of: dt.date, rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Dunning list")[:31]
    ws.append([f"{project.name} {_('Dunning list')} {as_of:%Y-%m-%d}"])
    ws["A1"].font = Font(bold=True, size=13)
    headers = [
        _("Unit"),
        _("Owners"),
        _("Mobile"),
        _("Overdue (yuan)"),
        _("Open charges"),
        _("Oldest due date"),
        _("Days overdue"),
    ]
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(
            [
                row["unit"],
                row["owners"],
                row["mobiles"],
                row["overdue"],
                row["charges"],
                row["oldest_due"],
                row["days_overdue"],
            ]
        )
        ws.cell(ws.max_row, 4).number_format = "#,##0.00"
    ws.append([_("Total"), "", "", sum((r["overdue"] for r in rows), ZERO)])
    ws.cell(ws.max_row, 4).number_format = "#,##0.00"
    for column, width in zip("ABCDEFG", (14, 20, 16, 14, 10, 14, 10), strict=True):
        ws.column_dimensions[column].width = width
    return workbook_bytes(wb)
