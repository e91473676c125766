"""Payment notices (缴费通知单) for a period and the dunning list (催缴名单) of overdue units.

Both are reads of the ledger: a notice lists the period's charges and what is still open from
before; the dunning list is the units with charges past due (grace days a project setting),
with their ageing. Notices print as a Chinese PDF (one page per unit); the dunning list exports
to Excel and prints.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.db.models import Count, F, Min, Prefetch, Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from wuye.accounts import access
from wuye.billing.models import Charge, CreditEntry
from wuye.billing.pdf import FONT, money, rmb_upper
from wuye.core.masking import mask_mobile
from wuye.core.money import to_money
from wuye.estate.models import Ownership, Unit

ZERO = Decimal("0.00")


def _owners(unit_ids) -> dict[int, list]:
    owners: dict[int, list] = {}
    for ownership in Ownership.objects.active().filter(unit_id__in=unit_ids).select_related("owner"):
        owners.setdefault(ownership.unit_id, []).append(ownership.owner)
    return owners


def payment_notices(*, project, period_start: dt.date, period_end: dt.date, unit_ids=None) -> list[dict]:
    """One notice per unit with a charge in the period or anything still open before it."""
    open_charges = Charge.objects.filter(project=project, allocated__lt=F("amount"), period_start__lte=period_end)
    if unit_ids is not None:
        open_charges = open_charges.filter(unit_id__in=unit_ids)
    units = (
        Unit.objects.filter(pk__in=open_charges.values("unit_id"))
        .prefetch_related(Prefetch("charges", queryset=Charge.objects.filter(
            allocated__lt=F("amount"), period_start__lte=period_end).select_related("fee_item").order_by(
            "period_start", "id"), to_attr="open_charges"))
        .order_by("code")
    )
    owners = _owners(units.values("pk"))
    credits = dict(
        CreditEntry.objects.filter(unit_id__in=units.values("pk")).values("unit_id").annotate(s=Sum("amount"))
        .values_list("unit_id", "s")
    )
    notices = []
    for unit in units:
        current = [c for c in unit.open_charges if c.period_start >= period_start]
        earlier = [c for c in unit.open_charges if c.period_start < period_start]
        period_total = sum((c.amount - c.allocated for c in current), ZERO)
        arrears = sum((c.amount - c.allocated for c in earlier), ZERO)
        due_dates = [c.due_date for c in current] or [c.due_date for c in earlier]
        notices.append({
            "unit": unit,
            "owners": owners.get(unit.pk, []),
            "lines": current,
            "period_total": period_total,
            "arrears": arrears,
            "credit": to_money(credits.get(unit.pk) or 0),
            "total_due": period_total + arrears,
            "due_date": min(due_dates) if due_dates else None,
        })
    return notices


def payment_notices_pdf(*, project, period_start: dt.date, period_end: dt.date, notices: list[dict]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"缴费通知单 {period_start:%Y-%m}")
    width, height = A4
    for notice in notices:
        unit = notice["unit"]
        y = height - 25 * mm
        pdf.setFont(FONT, 18)
        pdf.drawCentredString(width / 2, y, f"{project.name} 缴费通知单")
        y -= 12 * mm
        pdf.setFont(FONT, 11)
        names = "、".join(o.name for o in notice["owners"]) or "业主"
        pdf.drawString(20 * mm, y, f"尊敬的 {names}（{unit.code}）：")
        y -= 7 * mm
        pdf.drawString(20 * mm, y, f"您 {period_start:%Y年%m月%d日} 至 {period_end:%Y年%m月%d日} 的费用如下，请于 "
                                   f"{notice['due_date']:%Y年%m月%d日} 前缴纳。" if notice["due_date"] else "")
        y -= 10 * mm
        pdf.setFont(FONT, 10)
        for x, title in ((20, "收费项目"), (75, "计费期间"), (125, "数量"), (145, "单价"), (168, "金额（元）")):
            pdf.drawString(x * mm, y, title)
        y -= 2 * mm
        pdf.line(20 * mm, y, 190 * mm, y)
        y -= 6 * mm
        for charge in notice["lines"][:25]:
            pdf.drawString(20 * mm, y, charge.fee_item.name[:14])
            pdf.drawString(75 * mm, y, f"{charge.period_start:%m.%d}–{charge.period_end:%m.%d}")
            pdf.drawString(125 * mm, y, f"{charge.quantity.normalize():f}")
            pdf.drawString(145 * mm, y, f"{charge.rate.normalize():f}")
            pdf.drawRightString(188 * mm, y, money(charge.amount - charge.allocated))
            y -= 6 * mm
        pdf.line(20 * mm, y + 3 * mm, 190 * mm, y + 3 * mm)
        y -= 4 * mm
        pdf.setFont(FONT, 11)
        for label, value in (("本期应缴", notice["period_total"]), ("往期欠费", notice["arrears"]),
                             ("合计应缴", notice["total_due"])):
            pdf.drawString(110 * mm, y, f"{label}：")
            pdf.drawRightString(188 * mm, y, money(value))
            y -= 7 * mm
        pdf.drawString(20 * mm, y, f"大写：{rmb_upper(notice['total_due'])}")
        y -= 7 * mm
        if notice["credit"] > 0:
            pdf.drawString(20 * mm, y, f"预存余额 {money(notice['credit'])} 元，将自动抵扣后续费用。")
            y -= 7 * mm
        y -= 6 * mm
        pdf.setFont(FONT, 9)
        pdf.drawString(20 * mm, y, f"缴费地点：客户服务中心收银处   服务电话：{project.service_phone or '—'}")
        y -= 5 * mm
        pdf.drawString(20 * mm, y, "收费标准已在小区公示栏公示；如有疑问请致电客服中心。")
        pdf.showPage()
    if not notices:
        pdf.setFont(FONT, 12)
        pdf.drawString(20 * mm, height - 30 * mm, "本期没有需要通知的费用。")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def dunning_list(*, project, as_of: dt.date, user, grace_days: int | None = None) -> list[dict]:
    """Units with charges past due by more than the grace days, oldest debt first."""
    if grace_days is None:
        grace_days = int((project.settings or {}).get("billing", {}).get("dunning_grace_days", 0))
    cutoff = as_of - dt.timedelta(days=grace_days)
    rows = list(
        Charge.objects.filter(project=project, allocated__lt=F("amount"), due_date__lt=cutoff)
        .values("unit_id", "unit__code")
        .annotate(overdue=Sum(F("amount") - F("allocated")), oldest_due=Min("due_date"), charges=Count("id"))
        .order_by("oldest_due", "unit__code")
    )
    owners = _owners([r["unit_id"] for r in rows])
    full = access.has_perm(user, "people.view_personal", project.pk)
    result = []
    for row in rows:
        people = owners.get(row["unit_id"], [])
        result.append({
            "unit_id": row["unit_id"],
            "unit": row["unit__code"],
            "owners": "、".join(p.name for p in people),
            "mobiles": "、".join((p.mobile if full else mask_mobile(p.mobile)) for p in people if p.mobile),
            "overdue": to_money(row["overdue"]),
            "charges": row["charges"],
            "oldest_due": row["oldest_due"],
            "days_overdue": (as_of - row["oldest_due"]).days,
        })
    return result


def dunning_workbook(*, project, as_of: dt.date, rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Dunning list")[:31]
    ws.append([f"{project.name} {_('Dunning list')} {as_of:%Y-%m-%d}"])
    ws["A1"].font = Font(bold=True, size=13)
    headers = [_("Unit"), _("Owners"), _("Mobile"), _("Overdue (yuan)"), _("Open charges"), _("Oldest due date"),
               _("Days overdue")]
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([row["unit"], row["owners"], row["mobiles"], row["overdue"], row["charges"], row["oldest_due"],
                   row["days_overdue"]])
        ws.cell(ws.max_row, 4).number_format = "#,##0.00"
    ws.append([_("Total"), "", "", sum((r["overdue"] for r in rows), ZERO)])
    ws.cell(ws.max_row, 4).number_format = "#,##0.00"
    for column, width in zip("ABCDEFG", (14, 20, 16, 14, 10, 14, 10), strict=True):
        ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
