"""A project with the people of its notices: assistants who draft, the project manager who approves,
the archivist; and notices in each state, made through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wuye.accounts.models import RoleAssignment
from wuye.core.roles import Role
from wuye.core.tests.factories import ProjectFactory, UnitFactory, staff
from wuye.notices import services
from wuye.notices.choices import DEFAULT_POSTING_PLACES, NoticeKind


class Board:
    def __init__(self, project=None):
        self.project = project or ProjectFactory()
        self.unit = UnitFactory(project=self.project)
        self.assistant = staff(Role.CS_ASSISTANT, self.project)
        self.assistant2 = staff(Role.CS_ASSISTANT, self.project)
        self.manager = staff(Role.PROJECT_MANAGER, self.project)
        self.archivist = staff(Role.ARCHIVIST, self.project)
        self.guard = staff(Role.SECURITY, self.project)
        self.today = timezone.localdate()

    def both_roles(self):
        """A supervisor who is also the project manager: may draft and may approve."""
        user = staff(Role.CS_SUPERVISOR, self.project)
        RoleAssignment.objects.create(user=user, project=self.project, role=Role.PROJECT_MANAGER)
        return user

    def draft(self, *, by=None, **kwargs):
        values = {
            "title": "关于二次供水水箱清洗停水的通知",
            "body": "尊敬的业主：\n本周六上午九时至十二时清洗水箱，届时停水，请提前储水。",
            "starts_on": self.today,
            "ends_on": self.today + dt.timedelta(days=7),
            "posting_places": [DEFAULT_POSTING_PLACES[0]],
        }
        values.update(kwargs)
        return services.notice_create(project=self.project, acting_user=by or self.assistant, **values)

    def individual(self, **kwargs):
        values = {"kind": NoticeKind.INDIVIDUAL, "unit": self.unit, "recipient_name": "张三"}
        values["title"] = "违章整改通知书"
        values.update(kwargs)
        return self.draft(**values)

    def submitted(self, notice=None, **kwargs):
        notice = notice or self.draft(**kwargs)
        return services.notice_submit(notice=notice, acting_user=self.assistant, proofread=True)

    def approved(self, notice=None, **kwargs):
        notice = self.submitted(notice, **kwargs)
        return services.notice_approve(notice=notice, acting_user=self.manager)

    def published(self, notice=None, **kwargs):
        notice = self.approved(notice, **kwargs)
        return services.notice_publish(notice=notice, acting_user=self.assistant)

    def retired(self, notice=None, **kwargs):
        notice = self.published(notice, **kwargs)
        return services.notice_retire(notice=notice, acting_user=self.assistant, reason="活动取消")
