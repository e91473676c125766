"""Notices (通知/提示, seed 000 §15, spec 05): the numbered document with its approval, posting,
retirement, take-down and archive copy; and its deliveries to a customer, signed for."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.scoping import ScopedQuerySet
from wuye.notices.choices import NoticeKind, NoticeStatus

USER = settings.AUTH_USER_MODEL


def _user(label, **kwargs):
    return models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
        **kwargs,
    )


class Notice(models.Model):
    """One notice. Its status changes only through wuye.notices.services (one service per step); the
    document number is given at the project manager's approval, continuous per project and year."""

    project = models.ForeignKey(
        "estate.Project", on_delete=models.PROTECT, related_name="notices", verbose_name=_("project")
    )
    year = models.PositiveSmallIntegerField(_("year of the number"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("serial"), null=True, blank=True)
    number = models.CharField(_("document number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices, default=NoticeKind.PUBLIC)
    unit = models.ForeignKey(
        "estate.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("unit"),
        help_text=_("For a notice to one customer: the customer's unit."),
    )
    recipient_name = models.CharField(_("recipient"), max_length=100, blank=True)
    issuing_department = models.CharField(_("issuing department"), max_length=60)
    posting_places = models.JSONField(_("posting places"), default=list, blank=True)
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid until"))
    requires_signature = models.BooleanField(_("to be signed for"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    submitted_by = _user(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    proofread = models.BooleanField(_("proof-read"), default=False)
    approved_by = _user(_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    rejected_by = _user(_("sent back by"))
    rejected_at = models.DateTimeField(_("sent back at"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason sent back"), max_length=300, blank=True)
    published_by = _user(_("published by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retired_by = _user(_("retired by"), help_text=_("Empty: retired automatically at the end date."))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retirement_reason = models.CharField(_("reason retired early"), max_length=300, blank=True)
    taken_down_by = _user(_("taken down by"))
    taken_down_at = models.DateTimeField(_("taken down at"), null=True, blank=True)
    archive_copy_by = _user(_("archived by"))
    archive_copy_at = models.DateTimeField(_("archive copy filed at"), null=True, blank=True)
    archive_location = models.CharField(_("archive location"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-drafted_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "serial"],
                condition=Q(serial__isnull=False),
                name="uniq_notice_number",
            )
        ]
        indexes = [models.Index(fields=["project", "status"]), models.Index(fields=["status", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def issued_on(self):
        """The date of issue (发文日期) in the register: publication, else approval."""
        at = self.published_at or self.approved_at
        return timezone.localdate(at) if at else None


class NoticeDeliveryQuerySet(ScopedQuerySet):
    project_lookup = "notice__project_id"


class NoticeDelivery(models.Model):
    """A notice handed to a customer, who signs for it (seed 000 §15: 送到客户手中，并请客户签收).
    Written by services.notice_deliver, never edited."""

    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("notice")
    )
    recipient_name = models.CharField(_("recipient"), max_length=100)
    delivered_at = models.DateTimeField(_("delivered at"))
    signed_name = models.CharField(_("signed name"), max_length=100, blank=True)
    signed = models.BooleanField(_("signed"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("delivered by"))

    objects = NoticeDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["notice_id", "delivered_at", "id"]
        verbose_name = _("notice delivery")
        verbose_name_plural = _("notice deliveries")

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.recipient_name}"
