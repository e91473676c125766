"""Service-desk test helpers."""

import datetime as dt
from zoneinfo import ZoneInfo

from wuye.accounts.choices import Role
from wuye.core.tests.factories import OwnershipFactory, PublicAreaFactory, staff
from wuye.servicedesk import services

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=SH)


class Desk:
    """A project with a unit, an owner and one member of staff for each role that works tickets."""

    def __init__(self):
        ownership = OwnershipFactory()
        self.unit = ownership.unit
        self.owner = ownership.owner
        self.project = self.unit.project
        self.area = PublicAreaFactory(project=self.project)
        self.assistant = staff(Role.CS_ASSISTANT, self.project)
        self.assistant2 = staff(Role.CS_ASSISTANT, self.project)
        self.supervisor = staff(Role.CS_SUPERVISOR, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)
        self.engineer = staff(Role.ENGINEER, self.project)
        self.engineer2 = staff(Role.ENGINEER, self.project)
        self.lead = staff(Role.ENGINEERING_LEAD, self.project)
        self.security = staff(Role.SECURITY, self.project)

    def repair(self, *, at=None, urgent=False, **kwargs):
        fields = {
            "category": "repair_in_unit",
            "content": "厨房水龙头漏水",
            "unit": self.unit,
            "contact_phone": "13812345678",
            "urgent": urgent,
            **kwargs,
        }
        return services.ticket_create(project=self.project, acting_user=self.assistant, at=at, **fields)

    def complaint(self, *, at=None, unit=None, contact_phone="", **kwargs):
        return services.ticket_create(
            project=self.project,
            acting_user=self.assistant,
            at=at,
            category="complaint",
            content="楼道灯坏了很久没人修",
            unit=unit,
            contact_phone=contact_phone,
            **kwargs,
        )

    def through_completion(self, ticket, *, start=None, minutes=5):
        """Dispatch, accept, start and complete; `minutes` apart from `start`, or all now."""
        times = [start + dt.timedelta(minutes=minutes * i) for i in range(1, 5)] if start else [None] * 4
        services.ticket_dispatch(
            ticket=ticket, department="engineering", acting_user=self.assistant, at=times[0]
        )
        services.ticket_accept(ticket=ticket, acting_user=self.engineer, at=times[1])
        services.ticket_start(ticket=ticket, acting_user=self.engineer, at=times[2])
        services.ticket_complete(ticket=ticket, acting_user=self.engineer, result="更换阀芯", at=times[3])
        ticket.refresh_from_db()
        return ticket
