"""Kinds and statuses of notices and the allowed status moves (seed 000 §15, spec 05 "Notices")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    PUBLIC = "public", _("Public notice (posted)")
    INDIVIDUAL = "individual", _("Notice to one customer (delivered)")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    REJECTED = "rejected", _("Sent back")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


S = NoticeStatus

#: seed 000 §15: drafted, approved by the project manager before anything goes out, published, taken
#: down when it expires; a notice sent back returns to the drafter
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.APPROVED, S.REJECTED}),
    S.REJECTED: frozenset({S.DRAFT}),
    S.APPROVED: frozenset({S.PUBLISHED}),
    S.PUBLISHED: frozenset({S.RETIRED}),
    S.RETIRED: frozenset(),
}

#: statuses in which the text may still be changed (a sent-back notice goes back to draft when edited)
EDITABLE = frozenset({S.DRAFT, S.REJECTED})
#: notices that went out: in the issue register with their number
ISSUED = frozenset({S.PUBLISHED, S.RETIRED})

# Project settings (project.settings["notices"]): data the project names in its own words. The
# defaults are the designated places of a typical residential project and the department that
# drafts notices; the company's documents are Chinese, so are these defaults.
SETTINGS_KEY = "notices"
DEFAULT_POSTING_PLACES = ("大堂公告栏", "电梯厅公告栏", "小区出入口公告栏", "单元门口公告栏")
DEFAULT_ISSUING_DEPARTMENT = "客户服务中心"
#: seconds between refreshes of the lobby display
DEFAULT_DISPLAY_REFRESH = 300
