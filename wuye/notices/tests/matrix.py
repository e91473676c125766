"""Notices' part of the API permission matrix (see wuye/core/tests/permission_matrix.py)."""

import datetime as dt

from django.utils import timezone

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.core.tests.permission_matrix import GET, PATCH, POST, PUT, A
from wuye.notices import services
from wuye.notices.choices import DEFAULT_POSTING_PLACES, NoticeKind

MATRIX = {
    ("notice-list", GET): A("notices.view"),
    ("notice-list", POST): A("notices.draft"),
    ("notice-detail", GET): A("notices.view"),
    ("notice-detail", PUT): A("notices.draft"),
    ("notice-detail", PATCH): A("notices.draft"),
    ("notice-pdf", GET): A("notices.view"),
    ("notice-submit", POST): A("notices.draft"),
    # the project manager, never the drafter (the world's drafter is a customer-service assistant)
    ("notice-approve", POST): A("notices.approve", obj="notice_submitted"),
    ("notice-publish", POST): A("notices.publish", obj="notice_approved"),
    ("notice-retire", POST): A("notices.publish", obj="notice_published"),
    ("notice-deliveries", GET): A("notices.view", obj="notice_individual"),
    ("notice-deliveries", POST): A("notices.publish", obj="notice_individual"),
    ("notice-taken-down", POST): A("notices.publish", obj="notice_retired"),
    ("notice-archive", POST): A("notices.archive", obj="notice_published"),
}

OBJECTS = {"notice": "notice"}


def _content(side) -> dict:
    today = timezone.localdate()
    return {
        "title": "关于停水的通知",
        "body": "明日上午停水。",
        "posting_places": [DEFAULT_POSTING_PLACES[0]],
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=5)).isoformat(),
    }


BODIES = {
    ("notice-list", POST): lambda side, world: {"project": side.project.pk, **_content(side)},
    ("notice-detail", PUT): lambda side, world: _content(side),
    ("notice-detail", PATCH): lambda side, world: {"title": "关于停水的补充通知"},
    ("notice-submit", POST): lambda side, world: {"proofread": True},
    ("notice-approve", POST): lambda side, world: {"approve": True},
    ("notice-publish", POST): lambda side, world: {},
    ("notice-retire", POST): lambda side, world: {"reason": "提前恢复供水"},
    ("notice-deliveries", POST): lambda side, world: {"signed_name": side.owner.name, "signed": True},
    ("notice-taken-down", POST): lambda side, world: {},
    ("notice-archive", POST): lambda side, world: {"location": "文件柜A"},
}


def build_side(side, world) -> None:
    """A draft, a notice waiting for approval, one approved, one published, one retired (to take down)
    and a published notice to one customer (to be signed for), all drafted by the side's assistant."""
    drafter = side.user  # a customer-service assistant
    manager = staff(Role.PROJECT_MANAGER, side.project)
    today = timezone.localdate()

    def draft(**kwargs):
        values = {
            "title": "关于停水的通知",
            "body": "明日上午停水。",
            "posting_places": [DEFAULT_POSTING_PLACES[0]],
            "starts_on": today,
            "ends_on": today + dt.timedelta(days=5),
            **kwargs,
        }
        return services.notice_create(project=side.project, acting_user=drafter, **values)

    def submitted(**kwargs):
        return services.notice_submit(notice=draft(**kwargs), acting_user=drafter, proofread=True)

    def approved(**kwargs):
        return services.notice_approve(notice=submitted(**kwargs), acting_user=manager)

    def published(**kwargs):
        return services.notice_publish(notice=approved(**kwargs), acting_user=drafter)

    side.notice = draft()
    side.notice_submitted = submitted()
    side.notice_approved = approved()
    side.notice_published = published()
    side.notice_retired = services.notice_retire(notice=published(), acting_user=drafter, reason="活动取消")
    side.notice_individual = published(
        kind=NoticeKind.INDIVIDUAL, unit=side.unit, recipient_name=side.owner.name
    )
