"""The Monday list (月租名单, seed 000 §17): every Monday the monthly rentals current that day go to
the garage toll collector. One set of rows feeds the page, the API (JSON) and the .xlsx export, so
the three always agree. Columns follow 《月租办理记录》: date, owner name, phone, car model, plate,
start, end, card number.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from wuye.billing.excel import XLSX_CONTENT_TYPE  # noqa: F401 - re-exported for the views
from wuye.core.excel import workbook_bytes
from wuye.core.masking import mask_mobile
from wuye.parking.services import rentals_on

COLUMNS = ("date", "owner_name", "phone", "car_model", "plate", "start", "end", "card_number")
DATE_COLUMNS = {"date", "start", "end"}
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6EFEC")


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def headers() -> list[str]:
    return [
        _("Date"),
        _("Owner name"),
        _("Phone"),
        _("Car model"),
        _("Plate"),
        _("Start"),
        _("End"),
        _("Card number"),
    ]


def weekly_list(project, day: dt.date, *, unmasked: bool) -> dict:
    """Rentals current on `day`, by space number. `unmasked`: the reader's role needs the renters'
    mobiles (people.view_personal); otherwise they are masked like everywhere else."""
    rows = []
    for rental in rentals_on(project, day):
        cards = [c.number for c in rental.cards.all() if c.returned_at is None and c.lost_at is None]
        rows.append(
            {
                "rental": rental.pk,
                "date": timezone.localtime(rental.created_at).date(),
                "owner_name": rental.renter_name,
                "phone": rental.renter_mobile if unmasked else mask_mobile(rental.renter_mobile),
                "car_model": rental.vehicle.model,
                "plate": rental.vehicle.plate,
                "start": rental.start_date,
                "end": rental.end_date if rental.ended_on is None else min(rental.end_date, rental.ended_on),
                "card_number": "、".join(cards),
            }
        )
    return {"project": project, "date": day, "rows": rows}


def file_name(report: dict) -> str:
    return f"parking-monthly-{report['project'].code}-{report['date']:%Y%m%d}.xlsx"


def weekly_workbook(report: dict) -> bytes:
    """`report` as built by `weekly_list`."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Monthly rentals")[:31]
    ws.cell(row=1, column=1, value=f"{_('Monthly rentals')} · {report['project'].name}").font = Font(
        bold=True, size=14
    )
    ws.cell(row=2, column=1, value=f"{_('Current on')}: {report['date']:%Y-%m-%d}")
    ws.cell(row=3, column=1, value=f"{_('Exported at')}: {timezone.localtime():%Y-%m-%d %H:%M}")
    header_row = 5
    for col, title in enumerate(headers(), start=1):
        cell = ws.cell(row=header_row, column=col, value=title)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, Alignment(horizontal="center")
    for offset, item in enumerate(report["rows"], start=header_row + 1):
        for col, key in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=offset, column=col, value=item[key])
            if key in DATE_COLUMNS:
                cell.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGH", (12, 12, 14, 16, 12, 12, 12, 18), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return workbook_bytes(wb)
