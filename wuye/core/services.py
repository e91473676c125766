"""Writes for the company calendar table."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core import access, workdays
from wuye.core.audit import stamp
from wuye.core.models import CalendarDay


def calendar_day_set(
    *, date: dt.date, kind: str, name: str = "", acting_user: AbstractBaseUser
) -> CalendarDay:
    """Add or change one day of the company calendar (overrides the chinese-calendar package)."""
    access.require_perm_anywhere(acting_user, "calendar.manage")
    if kind not in CalendarDay.Kind.values:
        raise ValidationError({"kind": [_("Unknown calendar day kind.")]})
    with transaction.atomic():
        day, _created = CalendarDay.objects.select_for_update().get_or_create(
            date=date, defaults={"kind": kind, "name": name, "created_by_id": acting_user.pk}
        )
        if not _created:
            day.kind, day.name = kind, name
            stamp(day, acting_user)
            day.save(update_fields=["kind", "name"])
    workdays.table_changed()
    return day


def calendar_day_remove(*, day: CalendarDay, acting_user: AbstractBaseUser) -> None:
    """Remove an entry (a configuration row, kept in its history table)."""
    access.require_perm_anywhere(acting_user, "calendar.manage")
    stamp(day, acting_user)
    day.delete()
    workdays.table_changed()


def calendar_import_csv(*, text: str, acting_user: AbstractBaseUser) -> int:
    """Import `date,kind,name` rows (kind: holiday/workday, or 休/班); all rows or none."""
    access.require_perm_anywhere(acting_user, "calendar.manage")
    kinds = {"holiday": "holiday", "休": "holiday", "workday": "workday", "班": "workday"}
    rows, errors = [], {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or row[0].strip().lower() == "date":
            continue
        try:
            date = dt.date.fromisoformat(row[0].strip())
        except ValueError:
            errors[f"row {number}"] = [_("Invalid date “%(value)s”.") % {"value": row[0]}]
            continue
        kind = kinds.get((row[1] if len(row) > 1 else "").strip().lower())
        if kind is None:
            errors[f"row {number}"] = [_("The kind must be holiday or workday.")]
            continue
        rows.append((date, kind, row[2].strip() if len(row) > 2 else ""))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for date, kind, name in rows:
            calendar_day_set(date=date, kind=kind, name=name, acting_user=acting_user)
    return len(rows)
