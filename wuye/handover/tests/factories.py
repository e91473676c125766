"""Handover test helpers: a project with its fee schedule, a batch, units not handed over with
their roster entries, and the staff who hand them over."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wuye.billing.tests.factories import Books
from wuye.core.fakes import make_resident_id
from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.estate.models import RosterEntry, RosterImport
from wuye.handover import services


class Venue:
    """A project (Books: ¥2.50/m²/month + ¥10/month), a batch dated today, an assistant and a cashier."""

    def __init__(self, *, handover_date: dt.date | None = None):
        self.books = Books()
        self.project = self.books.project
        self.building = self.books.building
        self.manager = self.books.manager
        self.cashier = self.books.cashier
        self.assistant = staff(Role.CS_ASSISTANT, self.project)
        self.batch = services.batch_create(
            project=self.project,
            name="一期交房",
            handover_date=handover_date or timezone.localdate(),
            acting_user=self.manager,
        )
        self._import = RosterImport.objects.create(
            project=self.project, file_name="roster.xlsx", imported_by=self.manager, result="accepted"
        )
        self._n = 0

    def unit(self, *, name="张三", id_number=None, area="100.00"):
        """A unit not handed over, with its buyer in the roster (returns unit, name, id_number)."""
        self._n += 1
        unit = self.books.unit(area=area, handover=None)
        id_number = id_number or make_resident_id(dt.date(1980, 5, 1))
        RosterEntry.objects.create(
            project=self.project,
            roster_import=self._import,
            unit=unit,
            buyer_name=name,
            id_number=id_number,
            contract_number=f"HT-{unit.pk}",
        )
        return unit, name, id_number

    def start(self, **kwargs):
        unit, name, id_number = self.unit(**kwargs)
        handover = services.handover_start(batch=self.batch, unit=unit, acting_user=self.assistant)
        handover.buyer = (name, id_number)
        return handover

    def step(self, handover, step, **data):
        user = self.cashier if step == "paid" else self.assistant
        return services.handover_complete_step(handover=handover, step=step, acting_user=user, **data)

    def through(self, handover, last: str):
        """Do the steps in order up to and including `last`."""
        name, id_number = handover.buyer
        bodies = {
            "roster_verified": {"name": name, "id_number": id_number},
            "documents_collected": {"id_copied": True, "documents": "身份证复印件、购房合同复印件"},
            "archive_completed": {
                "mobile": "13812345678",
                "emergency_contact": "李四",
                "emergency_mobile": "13912345678",
                "birthday": dt.date(1980, 5, 1),
            },
            "safety_letter_signed": {"signed": True},
            "fees_computed": {},
            "paid": {"method": "cash"},
            "keys_prepared": {"key_count": 3, "handbooks": True},
            "documents_signed": {"receipt_signed": True},
        }
        for step, body in bodies.items():
            handover = self.step(handover, step, **body)
            handover.buyer = (name, id_number)
            if step == last:
                break
        return handover
