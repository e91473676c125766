"""Reads of notices: the register, the lists of work waiting, the notices valid on a day (the lobby
display and, later, the owner portal) and the project's settings."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.notices.choices import (
    DEFAULT_DISPLAY_REFRESH,
    DEFAULT_ISSUING_DEPARTMENT,
    DEFAULT_POSTING_PLACES,
    SETTINGS_KEY,
    NoticeKind,
    NoticeStatus,
)
from wuye.notices.models import Notice


def _settings(project) -> dict:
    value = (project.settings or {}).get(SETTINGS_KEY, {})
    return value if isinstance(value, dict) else {}


def posting_places(project) -> list[str]:
    """The project's designated posting places (setting notices.posting_places), in its order."""
    places = _settings(project).get("posting_places")
    if not isinstance(places, list | tuple) or not places:
        places = DEFAULT_POSTING_PLACES
    return [str(place).strip() for place in places if str(place).strip()]


def issuing_department(project) -> str:
    return str(_settings(project).get("issuing_department") or DEFAULT_ISSUING_DEPARTMENT)


def display_refresh_seconds(project) -> int:
    try:
        seconds = int(_settings(project).get("display_refresh_seconds", DEFAULT_DISPLAY_REFRESH))
    except (TypeError, ValueError):
        seconds = DEFAULT_DISPLAY_REFRESH
    return max(30, seconds)


def notice_queryset(queryset: QuerySet | None = None) -> QuerySet:
    queryset = Notice.objects.all() if queryset is None else queryset
    return queryset.select_related("project", "unit", "drafted_by", "approved_by", "published_by").annotate(
        delivery_count=Count("deliveries")
    )


def published_notices(project, on: dt.date | None = None) -> QuerySet:
    """Public notices published and valid on `on` (default today): the lobby display (电子公示牌)
    and the owner portal show exactly these. Drafts, notices awaiting approval, notices to one
    customer and expired ones never."""
    on = on or timezone.localdate()
    return Notice.objects.filter(
        project=project,
        status=NoticeStatus.PUBLISHED,
        kind=NoticeKind.PUBLIC,
        starts_on__lte=on,
        ends_on__gte=on,
    ).order_by("-starts_on", "-serial", "-id")


#: retired public notices still on their posting places (notices to one customer are not posted)
TAKE_DOWN = Q(status=NoticeStatus.RETIRED, kind=NoticeKind.PUBLIC, taken_down_at__isnull=True)
#: notices that went out whose copy the archivist has not filed yet
TO_ARCHIVE = Q(status__in=[NoticeStatus.PUBLISHED, NoticeStatus.RETIRED], archive_copy_at__isnull=True)


def work_counts(queryset: QuerySet, user) -> dict[str, int]:
    """The workbench's figures in one query: waiting for approval (not drafted by `user`), approved
    and not yet published, to take down, to archive."""
    return queryset.aggregate(
        awaiting=Count("pk", filter=Q(status=NoticeStatus.SUBMITTED) & ~Q(drafted_by=user)),
        approved=Count("pk", filter=Q(status=NoticeStatus.APPROVED)),
        take_down=Count("pk", filter=TAKE_DOWN),
        archive=Count("pk", filter=TO_ARCHIVE),
    )


def to_take_down(queryset: QuerySet | None = None) -> QuerySet:
    """Retired public notices still on their posting places: the take-down list (及时撤下过期通告).
    Notices to one customer are delivered, not posted."""
    queryset = Notice.objects.all() if queryset is None else queryset
    return queryset.filter(
        status=NoticeStatus.RETIRED, kind=NoticeKind.PUBLIC, taken_down_at__isnull=True
    ).order_by("retired_at", "id")


def awaiting_approval(queryset: QuerySet | None = None) -> QuerySet:
    queryset = Notice.objects.all() if queryset is None else queryset
    return queryset.filter(status=NoticeStatus.SUBMITTED).order_by("submitted_at", "id")


def to_archive(queryset: QuerySet | None = None) -> QuerySet:
    """Notices that went out and whose copy the archivist has not filed yet."""
    queryset = Notice.objects.all() if queryset is None else queryset
    return queryset.filter(TO_ARCHIVE)


def due_to_retire(today: dt.date) -> QuerySet:
    """Published notices whose end date has passed."""
    return Notice.objects.filter(status=NoticeStatus.PUBLISHED, ends_on__lt=today)


def issuer_name(project) -> str:
    """Notices are issued in the project centre's name (一律以项目中心名义发文): the setting
    notices.issuer_name, else "<project> service centre" in the current language."""
    return str(
        _settings(project).get("issuer_name") or _("%(project)s Service Centre") % {"project": project.name}
    )
