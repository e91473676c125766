"""Printable repair order (《维修服务单》) in Chinese: a customer copy and an archive copy.

The CJK font is reportlab's built-in STSong-Light (referenced, not embedded), so no font file
ships with Wuye; PDF readers substitute a Song face.
"""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

COPIES = ("客户联", "存档联")


def _fmt(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _wrap(text: str, width: int) -> list[str]:
    lines = []
    for paragraph in (text or "").splitlines() or [""]:
        while len(paragraph) > width:
            lines.append(paragraph[:width])
            paragraph = paragraph[width:]
        lines.append(paragraph)
    return lines


def repair_order_rows(ticket) -> list[tuple[str, str]]:
    location = ticket.unit.code if ticket.unit_id else (ticket.public_area.name if ticket.public_area_id else "")
    return [
        ("单号", ticket.number),
        ("项目", ticket.project.name),
        ("房号/位置", location),
        ("类别", {"repair_in_unit": "户内维修", "repair_public": "公区维修", "house_defect": "房屋整改"}.get(
            ticket.category, ticket.category)),
        ("紧急程度", "紧急" if ticket.urgent else "一般"),
        ("报修时间", _fmt(ticket.received_at)),
        ("接待人", str(ticket.received_by)),
        ("预约时间", _fmt(ticket.appointment_at)),
        ("联系人", ticket.contact_name),
        ("联系电话", ticket.contact_phone),
        ("维修人", str(ticket.assignee) if ticket.assignee_id else ""),
        ("到场时间", _fmt(ticket.started_at)),
        ("完成时间", _fmt(ticket.completed_at)),
        ("耗时（小时）", _fmt(ticket.labour_hours)),
        ("材料", ticket.materials),
        ("人工费（元）", _fmt(ticket.labour_fee) if ticket.is_paid else "无偿"),
        ("材料费（元）", _fmt(ticket.materials_fee) if ticket.is_paid else ""),
        ("合计收费（元）", _fmt(ticket.fee) if ticket.is_paid else "0.00"),
    ]


def repair_order_pdf(ticket) -> bytes:
    """Two pages: the customer copy and the archive copy, each with signature lines."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"维修服务单 {ticket.number}")
    width, height = A4
    for copy in COPIES:
        y = height - 25 * mm
        pdf.setFont(FONT, 18)
        pdf.drawCentredString(width / 2, y, f"{ticket.project.name} 维修服务单")
        pdf.setFont(FONT, 11)
        pdf.drawRightString(width - 20 * mm, y - 8 * mm, f"（{copy}）")
        y -= 18 * mm
        pdf.setFont(FONT, 11)
        for label, value in repair_order_rows(ticket):
            pdf.drawString(20 * mm, y, f"{label}：")
            pdf.drawString(55 * mm, y, value or "—")
            y -= 7 * mm
        for title, text in (("报修内容", ticket.content), ("处理结果", ticket.answer)):
            y -= 2 * mm
            pdf.drawString(20 * mm, y, f"{title}：")
            for line in _wrap(text, 38)[:6]:
                pdf.drawString(55 * mm, y, line)
                y -= 6 * mm
        if ticket.category == "house_defect" and ticket.in_warranty:
            pdf.drawString(20 * mm, y, f"保修期内：已书面通知施工单位 {ticket.contractor_name or '（待通知）'}")
            y -= 7 * mm
        y -= 10 * mm
        pdf.drawString(20 * mm, y, "客户签字：________________")
        pdf.drawString(110 * mm, y, "维修人签字：________________")
        y -= 10 * mm
        pdf.drawString(20 * mm, y, "客户意见：□ 满意  □ 基本满意  □ 不满意")
        pdf.setFont(FONT, 8)
        pdf.drawString(20 * mm, 12 * mm, f"打印时间 {timezone.localtime():%Y-%m-%d %H:%M} · 收费以《有偿服务收费标准》为准")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
