"""The notices card of the home page: notices waiting for the project manager's approval, approved
notices to publish and retired notices still to take down (the desk), copies to file (archivist).
A figure is shown only when there is something to do; each opens the list of exactly those notices."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wuye.core import access, workbench
from wuye.core.workbench import BAD, WARN, Card, Figure
from wuye.notices.choices import NoticeStatus
from wuye.notices.models import Notice
from wuye.notices.selectors import work_counts


def _register_url(**query) -> str:
    return f"{reverse('console:notices')}?{urlencode(query)}"


def notice_cards(user, project, now: dt.datetime) -> list[Card]:
    if user.is_resident or not access.has_perm(user, "notices.view", project.pk):
        return []
    counts = work_counts(Notice.objects.visible_to(user).filter(project=project), user)
    wanted = [
        (
            "awaiting",
            "notices.approve",
            _("Notices awaiting your approval"),
            _register_url(status=NoticeStatus.SUBMITTED),
            WARN,
        ),
        (
            "approved",
            "notices.publish",
            _("Approved notices to publish"),
            _register_url(status=NoticeStatus.APPROVED),
            WARN,
        ),
        (
            "take_down",
            "notices.publish",
            _("Expired notices to take down"),
            reverse("console:notices-take-down"),
            BAD,
        ),
        ("archive", "notices.archive", _("Notice copies to archive"), _register_url(archive="missing"), WARN),
    ]
    figures = [
        Figure(label=label, value=counts[key], url=url, tone=tone)
        for key, perm, label, url, tone in wanted
        if counts[key] and access.has_perm(user, perm, project.pk)
    ]
    return [Card(key="notices", title=_("Notices"), figures=figures)]


def register() -> None:
    workbench.register("notices", order=75, provider=notice_cards)
